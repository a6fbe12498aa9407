// Where the app and Next's CLI are, from this file rather than the working directory: other
// packages' tests import the harness while running in their own folders.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const webDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoRoot = join(webDir, "..", "..");
export const buildIdPath = join(webDir, ".next", "BUILD_ID");
export const nextBin = createRequire(join(webDir, "package.json")).resolve("next/dist/bin/next");
/** The production server: Next behind LeadCore's HTTP edge (see the script's comment). */
export const serverScript = join(webDir, "scripts", "server.mjs");
