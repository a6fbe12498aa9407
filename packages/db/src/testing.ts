// Test databases for every package's integration tests: a fresh embedded database and, when
// TEST_DATABASE_URL is set, a fresh PostgreSQL database. Each is private to its caller and
// disappears on close. Not used by the product itself.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { type Database, type DatabaseKind, openDatabase } from "./database.ts";
import { fromPglite, installJobEngine, JOB_ENGINE_VERSION } from "./job-engine.ts";
import { applyMigrations, readMigrations } from "./migrations.ts";
import { PGLITE_EXTENSIONS } from "./pglite-extensions.ts";

export { type FreezableProxy, startFreezableProxy } from "./freezable-proxy.ts";

/** The databases the integration suites run on: always the embedded one, PostgreSQL when configured. */
export function testDatabaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ["embedded", "postgresql"] : ["embedded"];
}

let warned = false;
/** Says plainly, once per test file, that PostgreSQL was not tested. */
export function warnIfPostgresUntested(): void {
  if (warned || process.env.TEST_DATABASE_URL) return;
  warned = true;
  console.warn(
    "\n*** TEST_DATABASE_URL is not set: these tests ran on the embedded database only; PostgreSQL was NOT tested. ***\n",
  );
}

export async function createTestDatabase(kind: DatabaseKind): Promise<Database> {
  return kind === "embedded" ? createEmbeddedTestDatabase() : createPostgresTestDatabase();
}

// A fresh PGlite costs ~6 s to initialise; loading a migrated snapshot costs ~1 s. The snapshot is
// made once per migration set and shared by every test file through the temp folder.
async function migratedTemplate(): Promise<Blob> {
  const migrations = readMigrations().migrationDirectories.map((m) =>
    JSON.stringify(m.migrationFile.content),
  );
  // The job engine's schema is in the snapshot too: a new pg-boss makes a new one.
  const digest = createHash("sha256")
    .update(`${migrations.join("\n")}\n${JOB_ENGINE_VERSION}`)
    .digest("hex")
    .slice(0, 16);
  const path = join(tmpdir(), `leadcore-pglite-template-${digest}.tar`);
  if (!existsSync(path)) {
    const pglite = new PGlite({ extensions: PGLITE_EXTENSIONS });
    await applyMigrations(new PrismaPGlite(pglite));
    await installJobEngine({ backend: "pglite", db: fromPglite(pglite) });
    const dump = await pglite.dumpDataDir("none");
    await pglite.close();
    const partial = `${path}.${process.pid}.${randomUUID()}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path); // atomic: concurrent test workers never read half a file
  }
  return new Blob([readFileSync(path)]);
}

async function createEmbeddedTestDatabase(): Promise<Database> {
  const pglite = await PGlite.create({
    loadDataDir: await migratedTemplate(),
    extensions: PGLITE_EXTENSIONS,
  });
  return openDatabase({ pglite });
}

/** A new, empty database on the TEST_DATABASE_URL server; drop() removes it (closing its connections). */
export async function createScratchPostgresDatabase(
  prefix = "leadcore_test",
): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function createPostgresTestDatabase(): Promise<Database> {
  const scratch = await createScratchPostgresDatabase();
  const db = await openDatabase({ url: scratch.url, migrate: true });
  return {
    ...db,
    close: async () => {
      await db.close();
      await scratch.drop();
    },
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
