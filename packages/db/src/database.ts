// Which database LeadCore runs on. With DATABASE_URL unset: the embedded PostgreSQL (PGlite) in a
// data folder, guarded by a lock file. With DATABASE_URL=postgresql://...: that server, through
// @prisma/adapter-pg. Same schema, same migrations, same PrismaClient API above this file.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { acquireEmbeddedLock } from "./embedded-lock.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { applyMigrations } from "./migrations.ts";
import { embeddedDataDir } from "./paths.ts";

export type DatabaseKind = "embedded" | "postgresql";

export type Database = {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Where the data is, safe to print: a folder, or the URL without its password. */
  location: string;
  /** The driver adapter under `prisma`, for the migration engine. */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** Names of the migrations applied while opening (empty when it was up to date). */
  appliedMigrations: string[];
  close(): Promise<void>;
};

export type OpenOptions = {
  /** A postgresql:// URL; when absent, the embedded database. Defaults to DATABASE_URL. */
  url?: string | undefined;
  /** The embedded database's folder. Defaults to LEADCORE_DATA_DIR or `.data/` at the repo root. */
  dataDir?: string | undefined;
  /** An already-open PGlite to use instead of a data folder (tests load a prepared template). */
  pglite?: PGlite | undefined;
  /** Apply pending migrations while opening. Default true. */
  migrate?: boolean | undefined;
};

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const migrate = options.migrate ?? true;
  const { pglite: given } = options;
  if (given) return openPglite(given, "in-memory", () => given.close(), migrate);
  const url = options.url ?? (process.env.DATABASE_URL || undefined);
  if (url) return openPostgres(url, migrate);

  const dataDir = options.dataDir ?? embeddedDataDir();
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireEmbeddedLock(join(dataDir, "leadcore.lock"));
  try {
    const pglite = await PGlite.create({ dataDir: join(dataDir, "pglite") });
    return await openPglite(
      pglite,
      dataDir,
      async () => {
        await pglite.close();
        lock.release();
      },
      migrate,
    );
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openPglite(
  pglite: PGlite,
  location: string,
  closeHost: () => Promise<void>,
  migrate: boolean,
): Promise<Database> {
  const adapter = new PrismaPGlite(pglite);
  const appliedMigrations = migrate ? await applyMigrations(adapter) : [];
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    kind: "embedded",
    location,
    adapter,
    appliedMigrations,
    close: async () => {
      await prisma.$disconnect();
      await closeHost();
    },
  };
}

async function openPostgres(url: string, migrate: boolean): Promise<Database> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error("DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded database).");
  }
  const adapter: SqlMigrationAwareDriverAdapterFactory = new PrismaPg({ connectionString: url });
  const appliedMigrations = migrate ? await applyMigrations(adapter) : [];
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    kind: "postgresql",
    location: redactUrl(url),
    adapter,
    appliedMigrations,
    close: () => prisma.$disconnect(),
  };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgresql://(unparseable URL)";
  }
}

// One database per process: Next.js dev reloads modules, and opening the embedded folder twice
// in one process would trip the lock (and, without it, corrupt the data).
const processWide = globalThis as { __leadcoreDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  processWide.__leadcoreDatabase ??= openDatabase().catch((error: unknown) => {
    processWide.__leadcoreDatabase = undefined;
    throw error;
  });
  return processWide.__leadcoreDatabase;
}
