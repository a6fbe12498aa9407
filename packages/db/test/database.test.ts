import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, Prisma } from "../src/index.ts";
import { applyMigrations } from "../src/migrations.ts";
import { createTestDatabase, testDatabaseKinds, warnIfPostgresUntested } from "../src/testing.ts";

warnIfPostgresUntested();

const identity = {
  lastName: "Иванов",
  firstName: "Иван",
  patronymic: "Иванович",
  passportSeries: "4506",
  passportNumber: "123456",
  keyLastName: "иванов",
  keyFirstName: "иван",
  keyPatronymic: "иванович",
  keyPassportSeries: "4506",
  keyPassportNumber: "123456",
};

// A document with the shapes JSONB must keep exactly: nesting, arrays, unicode, doubles, booleans.
const leadDocument = {
  lastName: "Семёнов",
  firstName: "Пётр",
  amount: 150000.55,
  period: 12,
  periodUnit: "MONTHS",
  ufmsCheck: false,
  passport: { seria: "45 06", no: "123456", issueDate: "2010-05-14" },
  attributes: { ключ: "значение", "with space": "x" },
  addresses: [
    {
      position: 1,
      fullAddressText: "г. Москва, ул. Тверская, д. 1",
      fiasChain: { id: "a", parents: [{ id: "b", parents: [] }] },
    },
  ],
  goods: [{ name: "Телефон", amount: 19999.99, quantity: 2 }],
};

describe.each(testDatabaseKinds())("the data layer on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("applying the migrations again applies nothing and leaves the schema as it was", async () => {
    const before = await schemaSnapshot(db);
    expect(await applyMigrations(db.adapter)).toEqual([]);
    expect(await schemaSnapshot(db)).toEqual(before);
    const history = await db.prisma.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
    expect(Number(history[0]!.n)).toBeGreaterThan(0);
  });

  it("the unique identity index rejects a second client with the same normalized key", async () => {
    await db.prisma.client.create({ data: identity });
    const second = db.prisma.client.create({ data: { ...identity, lastName: "ИВАНОВ" } });
    await expect(second).rejects.toMatchObject({ code: "P2002" });
    expect(await db.prisma.client.count({ where: { keyPassportNumber: "123456" } })).toBe(1);
  });

  it("a client with the same name but another passport is a different row", async () => {
    await db.prisma.client.create({
      data: { ...identity, passportNumber: "654321", keyPassportNumber: "654321" },
    });
    expect(await db.prisma.client.count({ where: { keyLastName: "иванов" } })).toBe(2);
  });

  it("a lead document round-trips through JSONB unchanged", async () => {
    const created = await db.prisma.lead.create({
      data: { data: leadDocument, lastName: "Семёнов" },
    });
    expect(typeof created.id).toBe("bigint");
    const read = await db.prisma.lead.findUniqueOrThrow({ where: { id: created.id } });
    expect(read.data).toEqual(leadDocument);
    expect(read.status).toBe("NEW");
  });

  it("a failed transaction leaves nothing behind", async () => {
    const before = await db.prisma.lead.count();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await tx.lead.create({ data: { data: {} } });
        await tx.client.create({ data: identity }); // duplicate key: the whole transaction rolls back
      }),
    ).rejects.toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect(await db.prisma.lead.count()).toBe(before);
  });
});

type SnapshotRow = { object: string };
async function schemaSnapshot(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<SnapshotRow[]>`
    SELECT table_name || '.' || column_name || ':' || data_type AS object
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL
    SELECT indexname || ':' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    ORDER BY 1`;
  return rows.map((row) => row.object);
}
