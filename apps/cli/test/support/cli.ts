// Shared by the CLI's tests: the database a test runs the command line against (a fresh embedded
// folder, or a fresh PostgreSQL database), and one run of the command line as a separate process.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { type Database, openDatabase } from "@leadcore/db";
import { createTestDatabase } from "@leadcore/db/testing";

const run = promisify(execFile);
const main = join(import.meta.dirname, "..", "..", "src", "main.ts");

/** Where the commands run: their environment, and the same database opened from the test. */
export type Target = {
  env: Record<string, string>;
  open(): Promise<Database>;
  cleanup(): Promise<void>;
};

export async function target(kind: "embedded" | "postgresql"): Promise<Target> {
  if (kind === "embedded") {
    const dataDir = mkdtempSync(join(tmpdir(), "leadcore-cli-"));
    return {
      env: { DATABASE_URL: "", LEADCORE_DATA_DIR: dataDir },
      open: () => openDatabase({ url: "", dataDir }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const db = await createTestDatabase("postgresql");
  const rows = await db.prisma.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  url.pathname = `/${rows[0]?.name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    open: async () => ({ ...db, close: async () => undefined }),
    cleanup: () => db.close(),
  };
}

/** One run of `pnpm cli <args>`: what it printed and its exit code. */
export async function cli(env: Record<string, string>, ...args: string[]) {
  const result = await run(process.execPath, ["--import", "tsx", main, ...args], {
    env: { ...process.env, ...env },
  }).catch((error: { stdout: string; stderr: string; code: number }) => error);
  return { stdout: result.stdout, stderr: result.stderr, code: "code" in result ? result.code : 0 };
}

export const lastLine = (text: string) => text.trim().split("\n").pop() ?? "";
