import { configDefaults, defineConfig } from "vitest/config";

// The fault and scale-out tests restart the shared PostgreSQL and kill servers: they run alone,
// with `pnpm test:faults` (vitest.faults.config.ts), never beside the other suites.
export const FAULT_TESTS = ["test/faults*.test.ts", "test/scale-out*.test.ts"];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...FAULT_TESTS],
    globalSetup: ["test/global-setup.ts"],
    // A first start on a new embedded data folder creates and migrates it (several seconds).
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
