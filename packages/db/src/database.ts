// Which database LeadCore runs on. With DATABASE_URL unset: the embedded PostgreSQL (PGlite) in a
// data folder, guarded by a lock file. With DATABASE_URL=postgresql://...: that server, through
// @prisma/adapter-pg. Same schema, same migrations, same PrismaClient API above this file.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { runDataSteps } from "./data-migrations.ts";
import { acquireEmbeddedLock } from "./embedded-lock.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { fromPglite, installJobEngine, type JobConnection } from "./job-engine.ts";
import { applyMigrations } from "./migrations.ts";
import { embeddedDataDir } from "./paths.ts";
import { PGLITE_EXTENSIONS } from "./pglite-extensions.ts";
import { rawSqlOnPglite, rawSqlOnPool, type SqlDatabase } from "./raw-sql.ts";
import { databaseSettings } from "./settings.ts";
import type { DatabaseTimeouts } from "./timeouts.ts";

export type DatabaseKind = "embedded" | "postgresql";

export type Database = {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /** Where the data is, safe to print: a folder, or the URL without its password. */
  location: string;
  /**
   * The driver adapter under `prisma`, for the migration engine. On PostgreSQL it carries the
   * request timeouts; openDatabase migrates through an adapter of its own with the migration one.
   */
  adapter: SqlMigrationAwareDriverAdapterFactory;
  /** Names of the migrations applied while opening (empty when it was up to date). */
  appliedMigrations: string[];
  /** How the job engine reaches this database (job-engine.ts). */
  jobs: JobConnection;
  /** The hot path's plain-SQL statements and transactions, straight to the driver (raw-sql.ts). */
  sql: SqlDatabase;
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
  /**
   * Scripts that write or maintain in bulk (the benchmark's seeding, VACUUM): every statement gets
   * DATABASE_MIGRATION_TIMEOUT_MS instead of the request timeouts. Never for a server.
   */
  bulk?: boolean | undefined;
  /** PostgreSQL's timeouts; defaults to this process's settings (timeouts.ts). Tests pass small ones. */
  timeouts?: DatabaseTimeouts | undefined;
};

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const migrate = options.migrate ?? true;
  // Checked whichever database is chosen, so a bad setting is reported before anything opens.
  const settings = databaseSettings();
  const timeouts = options.timeouts ?? settings.timeouts;
  const { pglite: given } = options;
  if (given) return openPglite(given, "in-memory", () => given.close(), migrate);
  const url = options.url ?? settings.url;
  if (url) return openPostgres(url, migrate, options.bulk ?? false, timeouts);

  const dataDir = options.dataDir ?? embeddedDataDir();
  mkdirSync(dataDir, { recursive: true });
  const lock = acquireEmbeddedLock(join(dataDir, "leadcore.lock"));
  try {
    const pglite = await PGlite.create({
      dataDir: join(dataDir, "pglite"),
      extensions: PGLITE_EXTENSIONS,
    });
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
  const jobs: JobConnection = { backend: "pglite", db: fromPglite(pglite) };
  const appliedMigrations = migrate ? await applyMigrations(adapter) : [];
  if (migrate) await installJobEngine(jobs);
  const prisma = new PrismaClient({ adapter });
  if (migrate) await runDataSteps(prisma);
  return {
    prisma,
    kind: "embedded",
    location,
    adapter,
    appliedMigrations,
    jobs,
    sql: rawSqlOnPglite(pglite),
    close: async () => {
      await prisma.$disconnect();
      await closeHost();
    },
  };
}

async function openPostgres(
  url: string,
  migrate: boolean,
  bulk: boolean,
  timeouts: DatabaseTimeouts,
): Promise<Database> {
  if (!/^postgres(ql)?:\/\//.test(url)) {
    throw new Error(
      "DATABASE_URL must be a postgresql:// URL (leave it unset for the embedded database).",
    );
  }
  // The driver's bound stays above the server's by the same margin, so a live server cancels first.
  const migrationBounds = {
    statementMs: timeouts.migrationMs,
    queryMs: timeouts.migrationMs + (timeouts.queryMs - timeouts.statementMs),
  };
  // The pool is ours, so the hot path's statements (raw-sql.ts) share it with Prisma.
  const pool = postgresPool(url, { ...timeouts, ...(bulk ? migrationBounds : {}) });
  // An idle connection the server dropped (a restart) is an 'error' event of the pool, which
  // discards that connection; unhandled, the event would end the process.
  pool.on("error", () => undefined);
  // Not disposed by the adapter: the migration engine connects through `adapter` too (the tests
  // re-apply migrations on an open database), and its disposal must not end the pool.
  const adapter = new PrismaPg(pool);
  const appliedMigrations = migrate
    ? await applyMigrations(postgresAdapter(url, { ...timeouts, ...migrationBounds }))
    : [];
  const jobs: JobConnection = { backend: "postgres", connectionString: url };
  if (migrate) await installJobEngine(jobs);
  if (migrate) {
    // Data steps rewrite whole tables: the migration bound, not the request one, applies to them.
    const steps = new PrismaClient({
      adapter: postgresAdapter(url, { ...timeouts, ...migrationBounds }),
    });
    try {
      await runDataSteps(steps);
    } finally {
      await steps.$disconnect();
    }
  }
  const prisma = new PrismaClient({ adapter });
  return {
    prisma,
    kind: "postgresql",
    location: redactUrl(url),
    adapter,
    appliedMigrations,
    jobs,
    sql: rawSqlOnPool(pool),
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

type Bounds = { connectMs: number; statementMs: number; queryMs: number };

function postgresAdapter(url: string, bounds: Bounds): SqlMigrationAwareDriverAdapterFactory {
  return new PrismaPg(poolConfig(url, bounds));
}

function postgresPool(url: string, bounds: Bounds): pg.Pool {
  return new pg.Pool(poolConfig(url, bounds));
}

function poolConfig(url: string, bounds: Bounds): pg.PoolConfig {
  // Prisma adds no bound of its own to a single statement (only to interactive transactions:
  // maxWait 2 s to start one, 5 s in all).
  return {
    connectionString: url,
    // pg-pool applies it twice: to opening a new connection and to waiting for a free one.
    connectionTimeoutMillis: bounds.connectMs,
    statement_timeout: bounds.statementMs,
    query_timeout: bounds.queryMs,
    Client: DiscardOnReadTimeoutClient,
  };
}

/** pg's message when query_timeout fires (lib/client.js). */
const READ_TIMEOUT_MESSAGE = "Query read timeout";

/**
 * A pg client that closes its connection when a query gets no answer in time. pg's query_timeout
 * fails the query but leaves it on the wire as the connection's active query. Outside a
 * transaction pg-pool then discards the client (it is released with the error); inside one,
 * adapter-pg releases it without the error, so the pool would keep a connection whose next user
 * waits behind the lost answer and, once the network is back, runs inside the transaction that
 * was never rolled back. Ending it makes the pool drop it; the server rolls the transaction back
 * when the socket closes.
 */
class DiscardOnReadTimeoutClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() has a dozen overloads; arguments pass through untouched
  override query(...args: any[]): any {
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (error: unknown, ...rest: unknown[]) => {
        this.discardAfter(error);
        return callback(error, ...rest);
      };
    }
    // biome-ignore lint/suspicious/noExplicitAny: see above
    const result = (pg.Client.prototype.query as (...a: any[]) => any).apply(this, args);
    if (result && typeof result.then === "function") {
      (result as Promise<unknown>).catch((error: unknown) => this.discardAfter(error));
    }
    return result;
  }

  private discardAfter(error: unknown): void {
    if (error instanceof Error && error.message === READ_TIMEOUT_MESSAGE) {
      // With a query still active, end() destroys the socket instead of waiting for the server.
      this.end().catch(() => undefined);
    }
  }
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
