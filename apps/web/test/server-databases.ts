// A private database for each server under test, so runs never share state: a new embedded data
// folder, or a new database on the TEST_DATABASE_URL server. dispose() deletes it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Database, type DatabaseKind, openDatabase } from "@leadcore/db";
import { createScratchPostgresDatabase } from "@leadcore/db/testing";

export type ServerDatabase = {
  /** The environment that points a server at this database. */
  env: Record<string, string>;
  /**
   * Opens the database from the test process (to create keys, or to inspect rows). For the
   * embedded one only while no server holds it: its lock refuses a second opener.
   */
  open(): Promise<Database>;
  dispose(): Promise<void>;
};

export function embeddedDataFolder(): { dataDir: string; dispose(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), "leadcore-web-test-"));
  return { dataDir, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** The env for a server on the embedded database in dataDir (DATABASE_URL emptied so it cannot win). */
export const embeddedEnv = (dataDir: string): Record<string, string> => ({
  LEADCORE_DATA_DIR: dataDir,
  DATABASE_URL: "",
});

export async function createServerDatabase(kind: DatabaseKind): Promise<ServerDatabase> {
  if (kind === "embedded") {
    const folder = embeddedDataFolder();
    return {
      env: embeddedEnv(folder.dataDir),
      open: () => openDatabase({ url: "", dataDir: folder.dataDir }),
      dispose: folder.dispose,
    };
  }
  const scratch = await createScratchPostgresDatabase("leadcore_web_test");
  return {
    env: { DATABASE_URL: scratch.url },
    open: () => openDatabase({ url: scratch.url }),
    dispose: scratch.drop,
  };
}
