import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDataSteps } from "../src/data-migrations.ts";
import type { Database } from "../src/index.ts";
import { createTestDatabase, testDatabaseKinds, warnIfPostgresUntested } from "../src/testing.ts";

warnIfPostgresUntested();

const REKEY = "20261202_identity_key_v2";

/** A client as the first normalization stored it: its key columns are what that one made. */
function oldClient(lastName: string, keyLastName: string, passportNumber = "123456") {
  return {
    lastName,
    firstName: "Иван",
    patronymic: "Петрович",
    passportSeries: "4506",
    passportNumber,
    keyLastName,
    keyFirstName: "иван",
    keyPatronymic: "петрович",
    keyPassportSeries: "4506",
    keyPassportNumber: passportNumber,
  };
}

describe.each(testDatabaseKinds())("the identity key re-keying on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("opening a database runs the data steps once and records them", async () => {
    const recorded = await db.prisma.dataMigration.findMany();
    expect(recorded.map((row) => row.name)).toContain(REKEY);
    expect(await runDataSteps(db.prisma)).toEqual([]);
  });

  it("two clients whose keys become equal are not merged: the later is parked and queued as a pair", async () => {
    // "Ивaнов" with a Latin "a" was a key of its own before; now it reads as "иванов".
    const holder = await db.prisma.client.create({ data: oldClient("Иванов", "иванов") });
    const lookalike = await db.prisma.client.create({
      data: oldClient("Ив\u0061нов", "ив\u0061нов"),
    });
    const invisible = await db.prisma.client.create({
      data: oldClient("Ива\u200Bнов", "ива\u200bнов"),
    });
    const other = await db.prisma.client.create({
      data: oldClient("Петров", "петров", "654321"),
    });
    await db.prisma.dataMigration.delete({ where: { name: REKEY } });

    expect(await runDataSteps(db.prisma)).toEqual([REKEY]);

    const clients = await db.prisma.client.findMany({
      where: { id: { in: [holder.id, lookalike.id, invisible.id, other.id] } },
      orderBy: { id: "asc" },
    });
    expect(clients.map((c) => [c.keyLastName, c.keyParkedId])).toEqual([
      ["иванов", 0n],
      ["иванов", lookalike.id],
      ["иванов", invisible.id],
      ["петров", 0n],
    ]);
    expect(clients.every((c) => c.mergedIntoId === null)).toBe(true);
    expect(clients[0]?.nameSkeleton).toBe("ivanov ivan petrovich");
    const pairs = await db.prisma.duplicatePair.findMany({ orderBy: { highClientId: "asc" } });
    expect(pairs.map((p) => [p.lowClientId, p.highClientId, p.status, p.reasons])).toEqual([
      [holder.id, lookalike.id, "OPEN", ["SAME_KEY"]],
      [holder.id, invisible.id, "OPEN", ["SAME_KEY"]],
    ]);
    // The database still holds one client per key: a second holder is refused.
    await expect(
      db.prisma.client.create({ data: oldClient("ИВАНОВ", "иванов") }),
    ).rejects.toMatchObject({ code: "P2002" });
  });
});
