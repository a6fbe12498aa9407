// Two transactions that lock the same rows in opposite orders: PostgreSQL ends one of them with a
// deadlock (40P01) and rolls it back, so nothing of it was written and the same request can simply
// be sent again. isDatabaseUnavailable counts it among the "try again" failures (a 503 with
// Retry-After at the API), never a 500. PostgreSQL only: the embedded database serves one
// connection, where two transactions never interleave.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../src/availability.ts";
import type { Database } from "../src/database.ts";
import { createTestDatabase } from "../src/testing.ts";

describe.skipIf(!process.env.TEST_DATABASE_URL)("a deadlock on PostgreSQL", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase("postgresql");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("ends one transaction, which wrote nothing, and counts as a failure to try again", async () => {
    const [a, b] = await Promise.all(
      ["Первый", "Второй"].map((name) => db.prisma.partner.create({ data: { name } })),
    );
    // Each transaction takes its first row, then waits until the other has its own.
    let arrived = 0;
    let release: () => void = () => {};
    const bothHoldOne = new Promise<void>((resolve) => {
      release = resolve;
    });
    const meet = async () => {
      arrived += 1;
      if (arrived === 2) release();
      await bothHoldOne;
    };
    const lockBoth = (first: bigint, second: bigint, name: string) =>
      db.prisma.$transaction(async (tx) => {
        // Partner names are unique: each row gets its own name, marked with the transaction's.
        await tx.$executeRaw`UPDATE "Partner" SET name = ${`${name} ${first}`} WHERE id = ${first}`;
        await meet();
        await tx.$executeRaw`UPDATE "Partner" SET name = ${`${name} ${second}`} WHERE id = ${second}`;
      });
    const outcomes = await Promise.allSettled([
      lockBoth(a!.id, b!.id, "сделка-А"),
      lockBoth(b!.id, a!.id, "сделка-Б"),
    ]);
    const failed = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(failed).toHaveLength(1);
    const reason = (failed[0] as PromiseRejectedResult).reason;
    expect(JSON.stringify(reason)).toMatch(/40P01|P2034|deadlock/i);
    expect(isDatabaseUnavailable(reason)).toBe(true);

    // The winner's name is on both rows: the loser's one update was rolled back with it.
    const names = (await db.prisma.partner.findMany({ where: { id: { in: [a!.id, b!.id] } } })).map(
      (partner) => partner.name,
    );
    expect(new Set(names.map((name) => name.split(" ")[0])).size).toBe(1);
  });
});
