import { defineConfig } from "vitest/config";
import { FAULT_TESTS } from "./vitest.config.ts";

// `pnpm test:faults`: SIGKILLed servers, a PostgreSQL restart, two instances on one database.
// One file at a time: restarting PostgreSQL under another running suite would fail it.
export default defineConfig({
  test: {
    include: FAULT_TESTS,
    globalSetup: ["test/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 180_000,
  },
});
