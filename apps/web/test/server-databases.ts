// A private database for each server under test, so runs never share state: a new embedded data
// folder, or a new database on the TEST_DATABASE_URL server. dispose() deletes it.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { DatabaseKind } from "@leadcore/db";

export type ServerDatabase = { env: Record<string, string>; dispose(): Promise<void> };

export function embeddedDataFolder(): { dataDir: string; dispose(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), "leadcore-web-test-"));
  return { dataDir, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** The env for a server on the embedded database in dataDir (DATABASE_URL emptied so it cannot win). */
export const embeddedEnv = (dataDir: string): Record<string, string> => ({ LEADCORE_DATA_DIR: dataDir, DATABASE_URL: "" });

export async function createServerDatabase(kind: DatabaseKind): Promise<ServerDatabase> {
  if (kind === "embedded") {
    const folder = embeddedDataFolder();
    return { env: embeddedEnv(folder.dataDir), dispose: folder.dispose };
  }
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `leadcore_web_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    dispose: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
