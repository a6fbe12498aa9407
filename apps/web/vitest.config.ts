import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // A first start on a new embedded data folder creates and migrates it (several seconds).
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
