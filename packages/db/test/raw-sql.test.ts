// The hot path's direct statements (raw-sql.ts), on both databases: they return what Prisma's
// $queryRaw returns for the same statement (int8 as bigint, timestamps as UTC Dates, json parsed),
// a statement prepared once runs again with other values, a failing one fails with PostgreSQL's code
// and leaves the connection usable, and a transaction commits all of its statements or none.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/database.ts";
import { Prisma } from "../src/generated/prisma/client.ts";
import type { RawSql } from "../src/raw-sql.ts";
import { createTestDatabase, testDatabaseKinds, warnIfPostgresUntested } from "../src/testing.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("direct statements on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  const typed = (id: bigint, name: string | null) => Prisma.sql`
    SELECT ${id}::bigint AS id, ${name}::text AS name, '{"a": [1, "б"]}'::jsonb AS doc,
           true AS flag, 1.5::double precision AS amount, 7::integer AS small,
           '2026-12-03 10:20:30.456'::timestamp(3) AS at, NULL::bigint AS none`;

  it("returns the same values, of the same types, as Prisma's $queryRaw", async () => {
    const direct = await db.sql.$queryRaw<unknown[]>(typed(9_007_199_254_740_993n, "Иванов"));
    const viaPrisma = await db.prisma.$queryRaw<unknown[]>(typed(9_007_199_254_740_993n, "Иванов"));
    expect(direct).toEqual(viaPrisma);
    expect(direct[0]).toEqual({
      id: 9_007_199_254_740_993n,
      name: "Иванов",
      doc: { a: [1, "б"] },
      flag: true,
      amount: 1.5,
      small: 7,
      at: new Date("2026-12-03T10:20:30.456Z"),
      none: null,
    });
  });

  it("takes a tagged template, and runs the same statement again with other values", async () => {
    const partner = await db.prisma.partner.create({ data: { name: "Прямой партнёр" } });
    for (const name of ["Прямой партнёр", "нет такого", null]) {
      const rows = await db.sql.$queryRaw<{ id: bigint }[]>`
        SELECT id FROM "Partner" WHERE name = ${name}::text`;
      expect(rows).toEqual(name === "Прямой партнёр" ? [{ id: partner.id }] : []);
    }
  });

  it("fails with PostgreSQL's code, and the next statement runs", async () => {
    await expect(db.sql.$queryRaw`SELECT ${"не число"}::integer AS n`).rejects.toMatchObject({
      code: "22P02",
    });
    expect(await db.sql.$queryRaw`SELECT ${41}::integer + 1 AS n`).toEqual([{ n: 42 }]);
  });

  it("a transaction commits what its function wrote, and rolls all of it back when it throws", async () => {
    const names = async () =>
      (
        await db.prisma.partner.findMany({
          where: { name: { startsWith: "Транзакция" } },
          orderBy: { name: "asc" },
        })
      ).map((partner) => partner.name);
    const insert = (tx: RawSql, name: string) =>
      tx.$queryRaw`INSERT INTO "Partner" (name) VALUES (${name}::text) RETURNING id`;

    const answer = await db.sql.$transaction(async (tx) => {
      await insert(tx, "Транзакция 1");
      // pg-boss's statements arrive as text and values (the job engine's executeSql).
      await tx.$queryRawUnsafe(`INSERT INTO "Partner" (name) VALUES ($1)`, "Транзакция 2");
      return "готово";
    });
    expect(answer).toBe("готово");
    expect(await names()).toEqual(["Транзакция 1", "Транзакция 2"]);

    const failure = await db.sql
      .$transaction(async (tx) => {
        await insert(tx, "Транзакция 3");
        await tx.$queryRaw`SELECT ${"не число"}::integer`;
      })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "22P02" });
    expect(await names()).toEqual(["Транзакция 1", "Транзакция 2"]);
    // The connection went back to the pool usable, outside any transaction.
    expect(await db.sql.$queryRaw`SELECT ${1}::integer AS n`).toEqual([{ n: 1 }]);
  });
});
