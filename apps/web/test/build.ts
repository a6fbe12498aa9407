// Builds the app once for the integration tests, only when there is no build or a source file
// changed since the last one. `next start` serves whatever .next holds, so a stale build would
// test old code.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { buildIdPath, nextBin, repoRoot, webDir } from "./paths.ts";

// Everything that ends up in the bundle: the app, the workspace packages it compiles, their manifests.
const sources = [
  join(webDir, "app"),
  join(webDir, "lib"),
  join(webDir, "instrumentation.ts"),
  join(webDir, "next.config.ts"),
  join(webDir, "package.json"),
  join(webDir, "tsconfig.json"),
  join(repoRoot, "tsconfig.base.json"),
  ...readdirSync(join(repoRoot, "packages")).flatMap((name) => [
    join(repoRoot, "packages", name, "src"),
    join(repoRoot, "packages", name, "package.json"),
  ]),
];

function newestModification(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path)
    .filter((name) => name !== "node_modules")
    .reduce(
      (newest, name) => Math.max(newest, newestModification(join(path, name))),
      stats.mtimeMs,
    );
}

export function isBuildCurrent(): boolean {
  if (!existsSync(buildIdPath)) return false;
  const built = statSync(buildIdPath).mtimeMs;
  return sources.every((source) => newestModification(source) <= built);
}

/** Runs `next build` unless apps/web/.next is newer than every source; throws when the build fails. */
export function ensureBuilt(): void {
  if (isBuildCurrent()) return;
  console.log("@leadcore/web: building the app for the integration tests (next build)...");
  const result = spawnSync(process.execPath, [nextBin, "build"], {
    cwd: webDir,
    // Vitest sets NODE_ENV=test, which Next rejects for a production build.
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "inherit",
  });
  if (result.status !== 0) {
    throw new Error(
      `next build failed (exit ${result.status ?? result.signal}); see its output above.`,
    );
  }
}
