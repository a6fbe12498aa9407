// The database timeouts (packages/db/src/timeouts.ts) fail a call with errors of their own; each
// must count as "database unavailable" (503 with Retry-After), or a hung database would answer 500.
// The errors are the real ones, from a real PrismaClient on PostgreSQL behind a frozen proxy.

import { type Database, isDatabaseUnavailable, openDatabase } from "@leadcore/db";
import {
  createScratchPostgresDatabase,
  type FreezableProxy,
  startFreezableProxy,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  "errors of the database timeouts, as Prisma reports them",
  () => {
    let scratch: Awaited<ReturnType<typeof createScratchPostgresDatabase>>;
    let proxy: FreezableProxy;
    let db: Database;

    beforeAll(async () => {
      scratch = await createScratchPostgresDatabase("leadcore_api_timeouts");
      const target = new URL(scratch.url);
      proxy = await startFreezableProxy({
        host: target.hostname,
        port: Number(target.port || 5432),
      });
      // connectMs above Prisma's 2 s maxWait, so a transaction waiting for a connection hits maxWait first.
      db = await openDatabase({
        url: proxy.urlFor(scratch.url),
        timeouts: { connectMs: 2_500, statementMs: 500, queryMs: 1_000, migrationMs: 60_000 },
      });
    });

    afterAll(async () => {
      proxy?.thaw();
      await db?.close();
      await proxy?.close();
      await scratch?.drop();
    });

    it("PostgreSQL cancelling a statement at statement_timeout (57014)", async () => {
      expect(
        isDatabaseUnavailable(await failure(() => db.prisma.$queryRaw`SELECT pg_sleep(2)`)),
      ).toBe(true);
    });

    it("no answer within the query timeout, no connection within the connect timeout, a transaction that cannot start", async () => {
      await db.prisma.$queryRaw`SELECT 1`; // an open connection for the first call to hang on
      proxy.freeze();
      try {
        // Its connection is discarded, so the pool is empty for what follows.
        const noAnswer = await failure(() => db.prisma.$queryRaw`SELECT 1`);
        const rest = await Promise.all([
          // Past the pool's 10 connections: opening new ones and waiting for a free one both time out.
          ...Array.from({ length: 12 }, () => failure(() => db.prisma.partner.count())),
          failure(() => db.prisma.$transaction(async (tx) => tx.partner.count())),
        ]);
        const messages = [noAnswer, ...rest].map((error) => (error as Error).message);
        expect(messages).toContainEqual(expect.stringContaining("Query read timeout"));
        expect(messages).toContainEqual(
          expect.stringContaining("timeout exceeded when trying to connect"),
        );
        expect(messages).toContainEqual(
          expect.stringContaining("Connection terminated due to connection timeout"),
        );
        expect(messages).toContainEqual(
          expect.stringContaining("Unable to start a transaction in the given time"),
        );
        expect(
          [noAnswer, ...rest]
            .filter((error) => !isDatabaseUnavailable(error))
            .map((error) => (error as Error).message),
        ).toEqual([]);
      } finally {
        proxy.thaw();
      }
    });

    it("a transaction that outlives its own timeout because the database answers slowly", async () => {
      const expired = await failure(() =>
        db.prisma.$transaction(
          async (tx) => {
            await tx.$executeRaw`SELECT pg_sleep(0.4)`; // within the statement timeout, past the transaction's
            return tx.partner.count();
          },
          { timeout: 200 },
        ),
      );
      expect((expired as Error).message).toMatch(/cannot be executed on an expired transaction/);
      expect(isDatabaseUnavailable(expired)).toBe(true);
    });

    it("a failure that is not about availability still is not (a unique violation)", async () => {
      await db.prisma.partner.create({ data: { name: "one" } });
      const duplicate = await failure(() => db.prisma.partner.create({ data: { name: "one" } }));
      expect(duplicate).toMatchObject({ code: "P2002" });
      expect(isDatabaseUnavailable(duplicate)).toBe(false);
    });
  },
);
