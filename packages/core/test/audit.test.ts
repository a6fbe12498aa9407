import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { isPersonalPath, PERSONAL_FIELD_PATHS } from "@leadcore/schema";
import { fullLead } from "@leadcore/schema/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  convertLead,
  createLead,
  createPartnerWithKey,
  diffDocuments,
  getLead,
  leadHistory,
  maskValue,
  updateLead,
} from "../src/index.ts";
import { ivanov, service } from "./people.ts";

warnIfPostgresUntested();

describe("the audit diff", () => {
  it("lists changed leaf fields with old and new values and masks personal ones", () => {
    const changes = diffDocuments(
      { lastName: "Иванов", amount: 100, passport: { no: "123456" }, goods: [{ name: "A" }] },
      {
        lastName: "Петров",
        amount: 200,
        passport: { no: "654321" },
        goods: [{ name: "A" }, { name: "B" }],
        channel: "SITE",
      },
    );
    expect(changes).toEqual([
      { path: "amount", old: 100, new: 200 },
      { path: "channel", new: "SITE" },
      { path: "goods.1.name", new: "B" },
      { path: "lastName", old: "И***ов", new: "П***ов" },
      { path: "passport.no", old: "1***56", new: "6***21" },
    ]);
  });
  it("an unchanged document has no changes, and a whole document's fields appear on create", () => {
    const lead = fullLead();
    expect(diffDocuments(lead, structuredClone(lead))).toEqual([]);
    const created = diffDocuments({}, { amount: 5, goods: [{ name: "A" }] });
    expect(created).toEqual([
      { path: "amount", new: 5 },
      { path: "goods.0.name", new: "A" },
    ]);
  });

  it("masks exactly the fields the contract marks personal, and everything inside them", () => {
    const lead = fullLead();
    const changes = diffDocuments({}, lead);
    const valueAt = (path: string): unknown =>
      path
        .split(".")
        .reduce<unknown>((value, step) => (value as Record<string, unknown>)[step], lead);
    for (const change of changes) {
      const sent = valueAt(change.path);
      expect(change.new, change.path).toEqual(isPersonalPath(change.path) ? maskValue(sent) : sent);
    }
    // Every marked field the full lead fills reached the trail masked (its leaves, for an object).
    const masked = changes.filter((change) => change.new !== valueAt(change.path));
    const generic = (path: string) => path.replace(/\.\d+(?=\.|$)/g, "");
    for (const field of PERSONAL_FIELD_PATHS) {
      expect(
        masked.some(({ path }) => `${generic(path)}.`.startsWith(`${field}.`)),
        field,
      ).toBe(true);
    }
  });

  it("masks a key named like a personal field in an open map", () => {
    expect(
      diffDocuments(
        {},
        { addressData: { attributes: { email: "a.semenov@example.ru", floor: "7" } } },
      ),
    ).toEqual([
      { path: "addressData.attributes.email", new: "a***ru" },
      { path: "addressData.attributes.floor", new: "7" },
    ]);
  });

  it("a value replaced by a structure, removed array items and emptied lists are each recorded", () => {
    const changes = diffDocuments(
      {
        title: "x",
        goods: [{ name: "A" }, { name: "B" }],
        attributes: { a: "1" },
        extraFields: [],
      },
      { title: { deep: 1 }, goods: [{ name: "A" }], attributes: {}, extraFields: [{ name: "n" }] },
    );
    expect(changes).toEqual([
      { path: "attributes", new: {} },
      { path: "attributes.a", old: "1" },
      { path: "extraFields", old: [] },
      { path: "extraFields.0.name", new: "n" },
      { path: "goods.1.name", old: "B" },
      { path: "title", old: "x" },
      { path: "title.deep", new: 1 },
    ]);
  });
});

describe.each(testDatabaseKinds())("the audit trail on %s", (kind) => {
  let db: Database;
  let partner: Actor;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const created = await createPartnerWithKey(db.prisma, "Аудит");
    partner = { kind: "partner", partnerId: created.partnerId, apiKeyId: 5n, name: "Аудит" };
  });
  afterAll(async () => {
    await db?.close();
  });

  it("records who created, updated and converted a lead, when, and which fields changed", async () => {
    const body = ivanov({ amount: 1000 });
    const id = await createLead(db.prisma, partner, body);
    await updateLead(db.prisma, service, id, { ...body, amount: 2000 });
    const operator: Actor = {
      kind: "operator",
      operatorId: 9n,
      login: "petrova",
      role: "operator",
    };
    const converted = await convertLead(db.prisma, operator, id, { ...body, amount: 2000 });

    const history = await leadHistory(db.prisma, service, id);
    expect(history.map((e) => [e.kind, e.actor])).toEqual([
      ["CREATED", { kind: "partner", name: "Аудит" }],
      ["UPDATED", { kind: "service", name: "tests" }],
      ["CONVERTED", { kind: "operator", name: "petrova" }],
    ]);
    expect(history[0]!.changes).toContainEqual({ path: "amount", new: 1000 });
    expect(history[1]!.changes).toEqual([{ path: "amount", old: 1000, new: 2000 }]);
    expect(history[2]!.changes).toContainEqual({ path: "status", old: "NEW", new: "CONVERTED" });
    expect(history[2]!.changes).toContainEqual({ path: "conversion", new: converted });
    for (const entry of history) expect(Date.parse(entry.at)).not.toBeNaN();
  });

  it("keeps no personal value in the trail", async () => {
    const body = ivanov({
      snils: "112-233-445 95",
      inn: "123456789047",
      birthDate: "1980-01-02",
      email: "ivanov@mail.ru",
    });
    const id = await createLead(db.prisma, service, body);
    const rows = await db.prisma.$queryRaw<
      { changes: string }[]
    >`SELECT changes::text FROM "LeadEvent" WHERE "leadId" = ${BigInt(id)}`;
    const trail = rows.map((r) => r.changes).join("\n");
    for (const secret of [
      "112-233-445 95",
      "123456789047",
      "1980-01-02",
      "ivanov@mail.ru",
      body.mobilePhone!,
      "123456",
      "Иванов",
    ]) {
      expect(trail).not.toContain(secret);
    }
  });

  it("a failed edit leaves no event, and another partner cannot read the history", async () => {
    const id = await createLead(db.prisma, service, ivanov());
    await expect(updateLead(db.prisma, service, id, { lastName: "x" })).rejects.toMatchObject({
      kind: "INVALID",
    });
    expect(await leadHistory(db.prisma, service, id)).toHaveLength(1);
    await expect(leadHistory(db.prisma, partner, id)).rejects.toMatchObject({ kind: "NOT_FOUND" });
  });

  it("concurrent edits of one lead each record the change from the version they replaced: the trail is an unbroken chain", async () => {
    const body = ivanov({ amount: 500 });
    const id = await createLead(db.prisma, service, body);
    const amounts = Array.from({ length: 12 }, (_, i) => 1000 * (i + 1));
    const results = await Promise.allSettled(
      amounts.map((amount) => updateLead(db.prisma, service, id, { ...body, amount })),
    );
    // An edit may lose the race ten times in a row under this storm and then says CONFLICT; none may vanish.
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ kind: "CONFLICT" });
    }
    const succeeded = results.filter((r) => r.status === "fulfilled").length;
    expect(succeeded).toBeGreaterThan(0);

    const updates = (await leadHistory(db.prisma, service, id)).filter((e) => e.kind === "UPDATED");
    expect(updates).toHaveLength(succeeded);
    let amount = 500;
    for (const event of updates) {
      expect(event.changes).toEqual([{ path: "amount", old: amount, new: expect.any(Number) }]);
      amount = event.changes[0]!.new as number;
    }
    expect((await getLead(db.prisma, service, id)).amount).toBe(amount);
  });
});
