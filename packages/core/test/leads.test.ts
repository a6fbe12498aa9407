import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { normalizeName } from "@leadcore/schema";
import { partnerLead } from "@leadcore/schema/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, createLead, getLead, listLeads, updateLead } from "../src/index.ts";
import { ivanov, partnerActor, service } from "./people.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("leads on %s", (kind) => {
  let db: Database;
  let partnerA: Actor;
  let partnerB: Actor;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    partnerA = await partnerActor(db.prisma, "Партнёр А", 1n);
    partnerB = await partnerActor(db.prisma, "Партнёр Б", 2n);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a lead with every contract field reads back unchanged, except the CVC (never stored) and the card number (masked)", async () => {
    const body = partnerLead();
    const id = await createLead(db.prisma, service, body);
    const stored = await getLead(db.prisma, service, id);
    const { cardCvc, cardNumber, ...rest } = body;
    expect(cardCvc).toBeTruthy();
    expect(stored).toMatchObject(rest);
    expect(stored).not.toHaveProperty("cardCvc");
    expect(stored.cardNumber).toMatch(/^\d{6}\*+\d{4}$/);
    expect(stored.cardNumber!.slice(0, 6)).toBe(cardNumber!.replace(/\D/g, "").slice(0, 6));
    expect(stored).toMatchObject({ id, status: "NEW", conversion: null, warnings: [] });
  });

  it("the card CVC is stored nowhere in the database", async () => {
    const id = await createLead(
      db.prisma,
      service,
      ivanov({ cardNumber: "4276380012345675", cardCvc: "913" }),
    );
    const rows = await db.prisma.$queryRaw<
      { data: string }[]
    >`SELECT data::text AS data FROM "Lead" WHERE id = ${BigInt(id)}`;
    expect(rows[0]!.data).not.toContain("913");
    expect(rows[0]!.data).not.toContain("4276380012345675");
  });

  it("a lead needs a first name and a mobile phone, and the error names each missing field", async () => {
    const failure = await createLead(db.prisma, service, { lastName: "Иванов" }).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({
      kind: "INVALID",
      issues: [{ path: "firstName" }, { path: "mobilePhone" }],
    });
  });

  it("update replaces the whole lead: fields absent from the body become empty", async () => {
    const id = await createLead(
      db.prisma,
      service,
      ivanov({ email: "a@example.ru", goods: [{ name: "Чайник" }] }),
    );
    await updateLead(db.prisma, service, id, { firstName: "Иван", mobilePhone: "+79161112233" });
    const stored = await getLead(db.prisma, service, id);
    expect(stored.firstName).toBe("Иван");
    expect(stored).not.toHaveProperty("email");
    expect(stored).not.toHaveProperty("goods");
    expect(stored).not.toHaveProperty("lastName");
  });

  it("update of an unknown lead is NOT_FOUND", async () => {
    await expect(updateLead(db.prisma, service, 987654321, ivanov())).rejects.toMatchObject({
      kind: "NOT_FOUND",
    });
  });

  it("sending back the masked card number as read keeps the card; another masked value is refused", async () => {
    const id = await createLead(db.prisma, service, ivanov({ cardNumber: "4276 3800 1234 5675" }));
    const { cardNumber } = await getLead(db.prisma, service, id);
    await updateLead(db.prisma, service, id, ivanov({ cardNumber }));
    expect((await getLead(db.prisma, service, id)).cardNumber).toBe(cardNumber);
    await expect(
      updateLead(db.prisma, service, id, ivanov({ cardNumber: "427638******0000" })),
    ).rejects.toMatchObject({
      kind: "INVALID",
      issues: [{ path: "cardNumber" }],
    });
  });

  it("a partner sees, edits and lists only its own leads; another partner's lead is NOT_FOUND", async () => {
    const mine = await createLead(db.prisma, partnerA, ivanov({ lastName: "Своев" }));
    const theirs = await createLead(db.prisma, partnerB, ivanov({ lastName: "Чужов" }));
    expect((await getLead(db.prisma, partnerA, mine)).partner?.name).toBe("Партнёр А");
    await expect(getLead(db.prisma, partnerA, theirs)).rejects.toMatchObject({ kind: "NOT_FOUND" });
    await expect(updateLead(db.prisma, partnerA, theirs, ivanov())).rejects.toMatchObject({
      kind: "NOT_FOUND",
    });
    const page = await listLeads(db.prisma, partnerA, {});
    expect(page.items.map((lead) => lead.id)).toContain(mine);
    expect(page.items.map((lead) => lead.id)).not.toContain(theirs);
    expect((await listLeads(db.prisma, service, {})).items.map((lead) => lead.id)).toContain(
      theirs,
    );
  });

  it("the list is newest first and pages with a cursor without gaps or repeats", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(await createLead(db.prisma, service, ivanov({ lastName: `Пейджер${i}` })));
    const seen: number[] = [];
    let cursor: number | undefined;
    do {
      const page = await listLeads(db.prisma, service, { search: "Пейджер", limit: 3, cursor });
      seen.push(...page.items.map((lead) => lead.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("the list finds a lead by last name prefix, phone in any notation, and passport number", async () => {
    const id = await createLead(
      db.prisma,
      service,
      ivanov({
        lastName: "Уникальнов",
        mobilePhone: "+7 (903) 765-43-21",
        passport: { seria: "4510", no: "778899" },
      }),
    );
    for (const search of [
      "уникал",
      "Уникальнов Иван",
      "8 903 765 43 21",
      "9037654321",
      "778899",
      "4510 778899",
    ]) {
      const page = await listLeads(db.prisma, service, { search });
      expect(
        page.items.map((lead) => lead.id),
        search,
      ).toEqual([id]);
    }
    expect((await listLeads(db.prisma, service, { search: "Неттакого" })).items).toEqual([]);
  });

  it("the name search reads «ё» as «е» and ignores case, as the identity key does: «Семенов» finds «Семёнов»", async () => {
    const semyonov = await createLead(
      db.prisma,
      service,
      ivanov({ lastName: "Семёнов", firstName: "Пётр", patronymic: "Алексеевич" }),
    );
    const solovyova = await createLead(
      db.prisma,
      service,
      ivanov({ lastName: "Соловьёва", firstName: "Алёна", patronymic: "Сергеевна" }),
    );
    for (const [search, id] of [
      ["Семенов", semyonov],
      ["семёнов петр", semyonov],
      ["СЕМЕНОВ  ПЁТР  алексеевич", semyonov],
      ["Соловьева", solovyova],
      ["соловьёва алена", solovyova],
    ] as const) {
      // Other Семёновы of earlier tests may be found too: this one must be among them.
      const page = await listLeads(db.prisma, service, { search });
      expect(
        page.items.map((lead) => lead.id),
        search,
      ).toContain(id);
    }
  });

  it("the migration fills the normalized name columns of leads stored before it, as normalizeName would", async () => {
    const id = await createLead(
      db.prisma,
      service,
      ivanov({ lastName: "Ёлкина", firstName: "Софья", patronymic: "Фёдоровна" }),
    );
    await db.prisma
      .$executeRaw`UPDATE "Lead" SET "keyLastName" = NULL, "keyFirstName" = NULL, "keyPatronymic" = NULL WHERE id = ${BigInt(id)}`;
    expect((await listLeads(db.prisma, service, { search: "Елкина" })).items).toEqual([]);

    const migrations = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));
    const dir = readdirSync(migrations).find((name) => name.endsWith("_lead_name_keys"));
    const sql = readFileSync(join(migrations, dir!, "migration.sql"), "utf8");
    const fill = sql.slice(sql.indexOf('UPDATE "Lead"'));
    await db.prisma.$executeRawUnsafe(fill.replace(/;\s*$/, ""));

    const [row] = await db.prisma.lead.findMany({ where: { id: BigInt(id) } });
    expect([row?.keyLastName, row?.keyFirstName, row?.keyPatronymic]).toEqual([
      normalizeName("Ёлкина"),
      normalizeName("Софья"),
      normalizeName("Фёдоровна"),
    ]);
    expect(
      (await listLeads(db.prisma, service, { search: "Елкина Софья" })).items.map((l) => l.id),
    ).toEqual([id]);
  });

  it("the list filters by status, channel and creation date", async () => {
    const id = await createLead(
      db.prisma,
      service,
      ivanov({ lastName: "Фильтров", channel: "UNO_MOMENTO" }),
    );
    const today = new Date().toISOString().slice(0, 10);
    const hit = await listLeads(db.prisma, service, {
      channel: "UNO_MOMENTO",
      status: "NEW",
      createdFrom: today,
      createdTo: today,
    });
    expect(hit.items.map((lead) => lead.id)).toContain(id);
    expect(
      (await listLeads(db.prisma, service, { channel: "UNO_MOMENTO", status: "CONVERTED" })).items,
    ).toEqual([]);
    expect(
      (await listLeads(db.prisma, service, { channel: "UNO_MOMENTO", createdTo: "2000-01-01" }))
        .items,
    ).toEqual([]);
  });

  it("the list shows the phone only partly", async () => {
    const id = await createLead(
      db.prisma,
      service,
      ivanov({ lastName: "Маскин", mobilePhone: "+79031234567" }),
    );
    const [summary] = (await listLeads(db.prisma, service, { search: "Маскин" })).items;
    expect(summary).toMatchObject({ id, mobilePhoneMasked: "+7 903 ***-**-67" });
  });
});
