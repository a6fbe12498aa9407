import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { databaseSettings } from "./settings.ts";

// Resolved from the working directory, not import.meta.url: Next.js bundles this file and
// rewrites module URLs, while every entry point (Next app, CLI, tests) runs inside the repo.
export function repoRoot(): string {
  let dir = process.cwd();
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `LeadCore: cannot find the repository root (pnpm-workspace.yaml) above ${process.cwd()}`,
      );
    }
    dir = parent;
  }
}

export const dbPackageDir = (): string => join(repoRoot(), "packages", "db");
export const prismaDir = (): string => join(repoRoot(), "prisma");
export const migrationsDir = (): string => join(prismaDir(), "migrations");
export const schemaPath = (): string => join(prismaDir(), "schema.prisma");

/** The embedded database's folder: LEADCORE_DATA_DIR, else `.data/` at the repo root. */
export function embeddedDataDir(): string {
  const configured = databaseSettings().dataDir;
  return configured ? resolve(configured) : join(repoRoot(), ".data");
}
