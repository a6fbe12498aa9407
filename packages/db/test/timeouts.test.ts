// The PostgreSQL timeouts (src/timeouts.ts, src/database.ts): the settings are validated, and a
// database behind a frozen network path (src/freezable-proxy.ts) fails calls instead of hanging
// them, leaves nothing behind in the pool, and serves again once the network is back.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../src/database.ts";
import {
  createScratchPostgresDatabase,
  type FreezableProxy,
  startFreezableProxy,
} from "../src/testing.ts";
import { type DatabaseTimeouts, DEFAULT_TIMEOUTS, readDatabaseTimeouts } from "../src/timeouts.ts";

describe("the database timeout settings", () => {
  it("default to bounds of a few seconds when unset", () => {
    expect(readDatabaseTimeouts({})).toEqual(DEFAULT_TIMEOUTS);
    expect(DEFAULT_TIMEOUTS.queryMs).toBeLessThanOrEqual(10_000);
  });

  it("take whole milliseconds from the environment", () => {
    expect(
      readDatabaseTimeouts({
        DATABASE_CONNECT_TIMEOUT_MS: "750",
        DATABASE_QUERY_TIMEOUT_MS: " 9000 ",
      }),
    ).toEqual({
      ...DEFAULT_TIMEOUTS,
      connectMs: 750,
      queryMs: 9000,
    });
  });

  it("refuse a bad value with a message naming the setting", () => {
    for (const raw of ["abc", "1.5", "-1", "0", "5s", "99999999999"]) {
      expect(() => readDatabaseTimeouts({ DATABASE_STATEMENT_TIMEOUT_MS: raw })).toThrow(
        /^DATABASE_STATEMENT_TIMEOUT_MS must be/,
      );
    }
  });

  it("refuse a query timeout that would fire before PostgreSQL's own statement timeout", () => {
    expect(() =>
      readDatabaseTimeouts({
        DATABASE_STATEMENT_TIMEOUT_MS: "8000",
        DATABASE_QUERY_TIMEOUT_MS: "8000",
      }),
    ).toThrow(
      /DATABASE_QUERY_TIMEOUT_MS \(8000\) must be larger than DATABASE_STATEMENT_TIMEOUT_MS \(8000\)/,
    );
  });
});

// Small bounds keep the run short; the guard is how long a call may take before it counts as hung.
const TIMEOUTS: DatabaseTimeouts = {
  connectMs: 500,
  statementMs: 500,
  queryMs: 1_000,
  migrationMs: 60_000,
};
const HANG_GUARD_MS = 20_000;

function unlessHung<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still waiting after ${HANG_GUARD_MS} ms`)),
      HANG_GUARD_MS,
    );
  });
  return Promise.race([work, hung]).finally(() => clearTimeout(timer));
}

/** What a call ended with: "ok", or the message it failed with. */
async function outcome(work: () => Promise<unknown>): Promise<string> {
  try {
    await unlessHung(work());
    return "ok";
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith("still waiting")) throw error;
    return message;
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("PostgreSQL behind a frozen network path", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
  let proxy: FreezableProxy;
  let db: Database;

  beforeAll(async () => {
    scratch = await createScratchPostgresDatabase("leadcore_timeouts");
    proxy = await startFreezableProxy({
      host: new URL(scratch.url).hostname,
      port: Number(new URL(scratch.url).port || 5432),
    });
    db = await openDatabase({ url: proxy.urlFor(scratch.url), timeouts: TIMEOUTS });
  });

  afterAll(async () => {
    proxy?.thaw();
    await db?.close();
    await proxy?.close();
    await scratch?.drop();
  });

  // Read straight from PostgreSQL, not through the proxy.
  async function direct<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  it("a statement slower than the statement timeout is cancelled by PostgreSQL, and the connection serves on", async () => {
    await expect(unlessHung(db.prisma.$queryRaw`SELECT pg_sleep(3)`)).rejects.toMatchObject({
      code: "P2010",
      meta: { driverAdapterError: { cause: { originalCode: "57014" } } },
    });
    expect(await db.prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });

  it("while frozen, every kind of call fails instead of hanging, more calls than the pool holds included", async () => {
    await db.prisma.partner.count(); // the pool holds open connections when the freeze comes
    proxy.freeze();
    try {
      const calls = [
        () => db.prisma.$queryRaw`SELECT 1`,
        () => db.prisma.partner.findFirst(),
        () => db.prisma.partner.create({ data: { name: "frozen single" } }),
        () =>
          db.prisma.$transaction(async (tx) =>
            tx.partner.create({ data: { name: "frozen interactive" } }),
          ),
        () => db.prisma.$transaction([db.prisma.partner.count(), db.prisma.partner.count()]),
        // Past the pool's 10 connections: these wait for one, and that wait is bounded too.
        ...Array.from({ length: 12 }, () => () => db.prisma.partner.count()),
      ];
      const outcomes = await Promise.all(calls.map((call) => outcome(call)));
      expect(outcomes.filter((result) => result === "ok")).toEqual([]);
      const known =
        /Query read timeout|timeout exceeded when trying to connect|Connection terminated|Unable to start a transaction/;
      expect(outcomes.filter((result) => !known.test(result))).toEqual([]);
    } finally {
      proxy.thaw();
    }
    expect(await direct(`SELECT name FROM "Partner" WHERE name LIKE 'frozen%'`)).toEqual([]);
  });

  it("a transaction frozen after its write reached PostgreSQL is rolled back, never committed by the connection's next user", async () => {
    const frozen = proxy.freezeAfterClientSends('INSERT INTO "public"."Partner"');
    const abandoned = outcome(() =>
      db.prisma.$transaction(async (tx) => tx.partner.create({ data: { name: "abandoned" } })),
    );
    await frozen;
    expect(await abandoned).toMatch(/Query read timeout|expired transaction/);
    proxy.thaw();

    // After the thaw the lost INSERT's answer arrives. A pooled connection still carrying that
    // transaction would now run these writes inside it, and their COMMIT would commit it too.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.prisma.$transaction(async (tx) => tx.partner.create({ data: { name: `after ${i}` } })),
      ),
    );
    expect(await db.prisma.partner.count({ where: { name: { startsWith: "after" } } })).toBe(12);
    expect(await direct(`SELECT name FROM "Partner" WHERE name = 'abandoned'`)).toEqual([]);
    expect(
      await direct(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      ),
    ).toEqual([]);
  });

  it("after the thaw, the same client serves every kind of call again", async () => {
    expect(await db.prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    const created = await db.prisma.$transaction(async (tx) =>
      tx.partner.create({ data: { name: "thawed" } }),
    );
    expect(await db.prisma.partner.findUnique({ where: { id: created.id } })).toMatchObject({
      name: "thawed",
    });
    expect(
      await Promise.all(Array.from({ length: 15 }, () => db.prisma.partner.count())),
    ).toHaveLength(15);
  });
});
