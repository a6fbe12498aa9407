// The operator's lists (issue 17, item 15): lead.search's numbered pages in the order chosen with
// the total, the two facts a row tells at a glance (the lead would join an existing client; its
// identifiers fail checks), and the client list's search by phone and passport and its date filter.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, createLead, listClients, searchLeads } from "../src/index.ts";
import { createAndConvert, ivanov, partnerActor, service } from "./people.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("list pages on %s", (kind) => {
  let db: Database;
  let partner: Actor;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    partner = await partnerActor(db.prisma, "Партнёр", 1n);
    // A client exists for Петров Пётр Петрович, passport 4507 654321.
    const petrov = {
      lastName: "Петров",
      firstName: "Пётр",
      patronymic: "Петрович",
      passport: { seria: "4507", no: "654321" },
    };
    await createAndConvert(db.prisma, service, ivanov({ ...petrov, mobilePhone: "+79031112233" }));
    ids.repeat = await createLead(db.prisma, partner, ivanov({ ...petrov, amount: 10_000 }));
    ids.fresh = await createLead(
      db.prisma,
      partner,
      ivanov({ lastName: "Абрамов", amount: 90_000 }),
    );
    ids.badInn = await createLead(
      db.prisma,
      partner,
      ivanov({ lastName: "Яковлев", amount: 30_000, inn: "500100732250" }),
    );
    ids.noAmount = await createLead(
      db.prisma,
      service,
      ivanov({ lastName: "Ёлкин", amount: undefined }),
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  const NEW_LEADS = { status: "NEW" as const };

  it("pages are numbered over a total: the second page of two holds the rest, in the same order", async () => {
    const first = await searchLeads(db.prisma, service, { ...NEW_LEADS, limit: 3 });
    const second = await searchLeads(db.prisma, service, { ...NEW_LEADS, limit: 3, offset: 3 });
    expect(first.total).toBe(4);
    expect(second.total).toBe(4);
    expect(first.items.map((lead) => lead.id)).toEqual([ids.noAmount, ids.badInn, ids.fresh]);
    expect(second.items.map((lead) => lead.id)).toEqual([ids.repeat]);
  });

  it("sorts by amount (leads without one last), by name (Ё among the Е) and by creation, either way", async () => {
    const order = async (sort: "amount" | "name" | "created", dir: "asc" | "desc") =>
      (await searchLeads(db.prisma, service, { ...NEW_LEADS, sort, order: dir })).items.map(
        (lead) => lead.id,
      );
    expect(await order("amount", "desc")).toEqual([
      ids.fresh,
      ids.badInn,
      ids.repeat,
      ids.noAmount,
    ]);
    expect(await order("amount", "asc")).toEqual([ids.repeat, ids.badInn, ids.fresh, ids.noAmount]);
    expect(await order("name", "asc")).toEqual([ids.fresh, ids.noAmount, ids.repeat, ids.badInn]);
    expect(await order("created", "asc")).toEqual([
      ids.repeat,
      ids.fresh,
      ids.badInn,
      ids.noAmount,
    ]);
  });

  it("sorts by status, the converted lead among the new ones in the enum's order", async () => {
    const all = await searchLeads(db.prisma, service, { sort: "status", order: "asc" });
    expect(all.total).toBe(5);
    expect(all.items.map((lead) => lead.status)).toEqual(["NEW", "NEW", "NEW", "NEW", "CONVERTED"]);
  });

  it("staff see that a lead would join an existing client and how many identifiers fail; a partner sees neither", async () => {
    const rows = new Map(
      (await searchLeads(db.prisma, service, NEW_LEADS)).items.map((lead) => [lead.id, lead]),
    );
    expect(rows.get(ids.repeat!)).toMatchObject({ wouldAttach: true, identifierWarnings: 0 });
    expect(rows.get(ids.fresh!)).toMatchObject({ wouldAttach: false, identifierWarnings: 0 });
    expect(rows.get(ids.badInn!)).toMatchObject({ wouldAttach: false, identifierWarnings: 1 });

    const partnerRows = (await searchLeads(db.prisma, partner, NEW_LEADS)).items;
    expect(partnerRows.map((lead) => lead.id).sort()).toEqual(
      [ids.repeat, ids.fresh, ids.badInn].sort(),
    );
    for (const row of partnerRows) {
      expect(row).not.toHaveProperty("wouldAttach");
      expect(row).not.toHaveProperty("identifierWarnings");
    }
  });

  it("the client list finds a client by mobile phone in any spelling, by passport, and counts them", async () => {
    for (const search of ["+79031112233", "8 (903) 111-22-33", "9031112233"]) {
      const page = await listClients(db.prisma, service, { search });
      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({ fullName: "Петров Пётр Петрович" });
      expect(page.items[0]!.mobilePhoneMasked).not.toContain("111");
    }
    expect((await listClients(db.prisma, service, { search: "4507 654321" })).total).toBe(1);
    expect((await listClients(db.prisma, service, { search: "+79990000000" })).total).toBe(0);
  });

  it("the client list filters by the day a client was created (inclusive), and an inverted range finds none", async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await listClients(db.prisma, service, { createdFrom: today, createdTo: today })).total,
    ).toBe(1);
    expect((await listClients(db.prisma, service, { createdTo: "2000-01-01" })).total).toBe(0);
    expect(
      (await listClients(db.prisma, service, { createdFrom: today, createdTo: "2000-01-01" }))
        .total,
    ).toBe(0);
  });
});
