// The stop-list gate on every lead write, on both databases: a listed person's lead is denied at
// once with the STOP_LIST reason (the partner sees that reason, never the entry), written and
// denied in one transaction; a conversion of a person listed after the lead came in is refused.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  addStopListEntry,
  convertLead,
  createLead,
  createPartnerWithKey,
  DomainError,
  getLead,
  leadHistory,
  removeStopListEntry,
  updateLead,
} from "../src/index.ts";
import { ivanov, service } from "./people.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("the stop-list gate on %s", (kind) => {
  let db: Database;
  let partner: Actor;
  const operator: Actor = { kind: "operator", operatorId: 1n, login: "olga", role: "operator" };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const shop = await createPartnerWithKey(db.prisma, "Магазин");
    partner = { kind: "partner", partnerId: shop.partnerId, apiKeyId: 1n, name: "Магазин" };
  });
  afterAll(async () => {
    await db?.close();
  });

  const list = (entry: Parameters<typeof addStopListEntry>[1]) =>
    addStopListEntry(db.prisma, entry, "admin");

  it("a lead whose passport is listed (written with spaces) is created DENIED with the stop-list reason; the partner never sees the entry", async () => {
    const { entry } = await list({
      kind: "PASSPORT",
      seria: "40 08",
      no: "503682",
      reason: "Мошенничество",
    });
    const id = await createLead(
      db.prisma,
      partner,
      ivanov({ passport: { seria: "4008", no: "503 682" } }),
    );
    const staff = await getLead(db.prisma, operator, id);
    expect(staff).toMatchObject({
      status: "DENIED",
      denial: { reason: { code: "STOP_LIST" }, stopListEntryId: entry.id },
    });
    const seen = await getLead(db.prisma, partner, id);
    expect(seen.denial).toEqual({
      reason: { id: expect.any(Number), code: "STOP_LIST", title: "Клиент в стоп-листе" },
      at: expect.any(String),
    });
    expect(JSON.stringify(seen)).not.toContain("Мошенничество");
    const history = await leadHistory(db.prisma, operator, id);
    expect(history.map((event) => [event.kind, event.actor.kind])).toEqual([
      ["CREATED", "partner"],
      ["DENIED", "system"],
    ]);
  });

  it("an edit that brings a listed phone (written as 8 (9xx) ...) is written and the lead denied, in one go", async () => {
    await list({ kind: "PHONE", mobilePhone: "8 (916) 555-44-33", reason: "Суд" });
    const id = await createLead(db.prisma, partner, ivanov());
    expect((await getLead(db.prisma, partner, id)).status).toBe("NEW");
    await updateLead(db.prisma, partner, id, ivanov({ mobilePhone: "+79165554433", amount: 9 }));
    const lead = await getLead(db.prisma, partner, id);
    expect(lead).toMatchObject({ status: "DENIED", amount: 9, mobilePhone: "+79165554433" });
    const kinds = (await leadHistory(db.prisma, operator, id)).map((event) => event.kind);
    expect(kinds).toEqual(["CREATED", "UPDATED", "DENIED"]);
  });

  it("a person listed by name and birth date (ё = е) is denied on create; an idempotent retry returns the same denied lead", async () => {
    await list({
      kind: "PERSON",
      lastName: "Семёнов",
      firstName: "Пётр",
      patronymic: null,
      birthDate: "1990-01-02",
      reason: "Решение кредитного комитета",
    });
    const body = ivanov({
      lastName: "СЕМЕНОВ",
      firstName: "Петр",
      patronymic: undefined,
      birthDate: "1990-01-02",
    });
    const id = await createLead(db.prisma, partner, body, { idempotencyKey: "order-1" });
    expect(await createLead(db.prisma, partner, body, { idempotencyKey: "order-1" })).toBe(id);
    expect((await getLead(db.prisma, partner, id)).status).toBe("DENIED");
  });

  it("converting a person listed after the lead came in is refused (409 LEAD_STOP_LISTED) and the lead is denied; no client is made", async () => {
    const body = ivanov({ inn: "500100732259", passport: { seria: "4510", no: "100200" } });
    const id = await createLead(db.prisma, service, body);
    expect((await getLead(db.prisma, service, id)).status).toBe("NEW");
    const clientsBefore = await db.prisma.client.count();
    await list({ kind: "INN", inn: "500100732259", reason: "Запрет суда" });
    const refusal = await convertLead(db.prisma, operator, id, body, db.sql).catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: "CONFLICT", reason: "LEAD_STOP_LISTED" });
    expect((await getLead(db.prisma, operator, id)).status).toBe("DENIED");
    expect(await db.prisma.client.count()).toBe(clientsBefore);
    expect(await db.prisma.application.count({ where: { leadId: BigInt(id) } })).toBe(0);
  });

  it("a removed entry no longer denies", async () => {
    const { entry } = await list({ kind: "SNILS", snils: "112-233-445 95", reason: "Ошибка" });
    await removeStopListEntry(db.prisma, entry.id, "admin");
    const id = await createLead(db.prisma, partner, ivanov({ snils: "11223344595" }));
    expect((await getLead(db.prisma, partner, id)).status).toBe("NEW");
  });
});
