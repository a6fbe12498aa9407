// The router through createCaller with a real context (a real database, a real API key):
// procedures validate with the contract, map domain failures to tRPC codes, and never leak.

import { createPartnerWithKey, createServiceKey, revokePartnerKeys } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerContext, SESSION_COOKIE } from "../src/index.ts";
import { callerFor, createCaller, operatorSession } from "./support/callers.ts";
import { failureOf, ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

const lead = {
  ...ivanovLead,
  period: 12,
  periodUnit: "MONTHS" as const,
  channel: "SITE" as const,
};

describe.each(testDatabaseKinds())("the tRPC router on %s", (kind) => {
  let db: Database;
  let serviceKey: string;
  let partnerKey: string;
  const callerWith = (key?: string) => callerFor(db, key ? { key } : {});
  /** A signed-in operator's browser: the session cookie, from LeadCore's own page. */
  const operatorCaller = (session: string) =>
    callerFor(db, { session, headers: { "sec-fetch-site": "same-origin" } });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    serviceKey = (await createServiceKey(db.prisma, "scoring")).key;
    partnerKey = (await createPartnerWithKey(db.prisma, "Магазин")).key;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("create, update, convert and get work end to end and return integer ids", async () => {
    const api = await callerWith(serviceKey);
    const id = await api.lead.create(lead);
    expect(Number.isInteger(id)).toBe(true);
    expect(await api.lead.update({ ...lead, id, amount: 60000 })).toBe(id);
    const clientId = await api.lead.convert({ ...lead, id, amount: 60000 });
    expect(Number.isInteger(clientId)).toBe(true);
    const stored = await api.lead.get({ id });
    expect(stored).toMatchObject({
      id,
      status: "CONVERTED",
      amount: 60000,
      conversion: { clientId, outcome: "CREATED_NEW_CLIENT" },
    });
    const client = await api.client.get({ id: clientId });
    expect(client.applications.map((a) => a.leadId)).toEqual([id]);
    expect((await api.client.list({ search: "иванов" })).items.map((c) => c.id)).toContain(
      clientId,
    );
  });

  it("convertWithOutcome answers the whole conversion, and converting again answers the same one", async () => {
    const api = await callerWith(serviceKey);
    const person = {
      ...lead,
      lastName: "Орлова",
      firstName: "Анна",
      passport: { seria: "4599", no: "000777" },
      mobilePhone: "+79160000077",
    };
    const id = await api.lead.create(person);
    const result = await api.lead.convertWithOutcome({ ...person, id });
    expect(result).toEqual({
      clientId: expect.any(Number),
      applicationId: expect.any(Number),
      outcome: "CREATED_NEW_CLIENT",
    });
    expect(await api.lead.get({ id })).toMatchObject({ conversion: result });
    expect(await api.lead.convertWithOutcome({ ...person, id })).toEqual(result);
  });

  it("a server component's context knows the operator by the session cookie the page came with", async () => {
    const session = await operatorSession(db, "pavel", "operator");
    // A page opened from a link on another site still carries the (SameSite=Lax) cookie.
    const headers = new Headers({
      cookie: `${SESSION_COOKIE}=${session}`,
      "sec-fetch-site": "cross-site",
    });
    expect(await createCaller(await createServerContext(headers, db)).auth.me()).toEqual({
      login: "pavel",
      role: "operator",
    });
    expect(
      (await failureOf(createCaller(await createServerContext(new Headers(), db)).auth.me())).code,
    ).toBe("UNAUTHORIZED");
  });

  it("without a key, or with an unknown key, every lead procedure is UNAUTHORIZED", async () => {
    for (const key of [undefined, "lck_not-a-real-key", "garbage"]) {
      const api = await callerWith(key);
      expect((await failureOf(api.lead.list({}))).code).toBe("UNAUTHORIZED");
      expect((await failureOf(api.lead.create(lead))).code).toBe("UNAUTHORIZED");
    }
    expect(await (await callerWith()).health()).toEqual({ ok: true });
  });

  it("a revoked key stops working from the very next request", async () => {
    const { key } = await createPartnerWithKey(db.prisma, "Временный");
    await (await callerWith(key)).lead.list({});
    await revokePartnerKeys(db.prisma, "Временный");
    expect((await failureOf((await callerWith(key)).lead.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("a wrong type is BAD_REQUEST with every bad field's path, and a string is never taken for a boolean", async () => {
    const api = await callerWith(serviceKey);
    const failure = await failureOf(
      api.lead.create({
        ...lead,
        ufmsCheck: "false",
        amount: "100",
        passport: { seria: 4506 },
      } as never),
    );
    expect(failure.code).toBe("BAD_REQUEST");
    expect(failure.issues.map((i) => i.path).sort()).toEqual([
      "amount",
      "passport.seria",
      "ufmsCheck",
    ]);
  });

  it("the lists' order and page are checked like any input: each bad one is BAD_REQUEST at its path, never echoed", async () => {
    const api = await callerWith(serviceKey);
    const leads = await failureOf(
      api.lead.search({ sort: "drop table", order: "up", offset: -1, limit: 0 } as never),
    );
    expect(leads.code).toBe("BAD_REQUEST");
    expect(leads.issues.map((i) => i.path).sort()).toEqual(["limit", "offset", "order", "sort"]);
    expect(JSON.stringify(leads)).not.toContain("drop table");
    const deep = await failureOf(api.lead.search({ offset: 100_001 }));
    expect(deep.issues.map((i) => i.path)).toEqual(["offset"]);
    const clients = await failureOf(
      api.client.list({ sort: "amount", createdFrom: "2026-13-45", offset: 1.5 } as never),
    );
    expect(clients.code).toBe("BAD_REQUEST");
    expect(clients.issues.map((i) => i.path).sort()).toEqual(["createdFrom", "offset", "sort"]);
  });

  it("an unknown field is BAD_REQUEST naming the field", async () => {
    const api = await callerWith(serviceKey);
    const failure = await failureOf(api.lead.create({ ...lead, lastname: "typo" } as never));
    expect(failure.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(failure.issues)).toContain("lastname");
  });

  it("domain failures map to NOT_FOUND, CONFLICT and UNPROCESSABLE_CONTENT without personal data in messages", async () => {
    const api = await callerWith(serviceKey);
    expect((await failureOf(api.lead.get({ id: 999999 }))).code).toBe("NOT_FOUND");

    const badPassport = { ...lead, passport: { seria: "45", no: "77" }, snils: "010-242-368 00" };
    const id = await api.lead.create(badPassport);
    const refused = await failureOf(api.lead.convert({ ...badPassport, id }));
    expect(refused.code).toBe("UNPROCESSABLE_CONTENT");
    expect(refused.issues.map((i) => i.path).sort()).toEqual([
      "passport.no",
      "passport.seria",
      "snils",
    ]);
    expect(JSON.stringify(refused)).not.toContain("010-242-368");

    const ok = await api.lead.create(lead);
    await api.lead.convert({ ...lead, id: ok });
    const conflict = await failureOf(api.lead.update({ ...lead, id: ok, amount: 1 }));
    expect(conflict.code).toBe("CONFLICT");
  });

  it("a partner key sees only the partner's own leads and no clients", async () => {
    const partner = await callerWith(partnerKey);
    const service = await callerWith(serviceKey);
    const own = await partner.lead.create(lead);
    const foreign = await service.lead.create(lead);
    expect((await partner.lead.get({ id: own })).partner?.name).toBe("Магазин");
    expect((await failureOf(partner.lead.get({ id: foreign }))).code).toBe("NOT_FOUND");
    expect((await failureOf(partner.lead.convert({ ...lead, id: foreign }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await failureOf(partner.client.list({}))).code).toBe("NOT_FOUND");
  });

  // The people of the two tests below carry their own passport, so leads of the tests above never match them.
  const customer = { ...lead, passport: { seria: "4511", no: "654321" } };

  it("a partner's match preview of another partner's customer shows neither the client's id nor its name nor its near-misses", async () => {
    const partnerA = await callerWith((await createPartnerWithKey(db.prisma, "Партнёр А")).key);
    const partnerB = await callerWith((await createPartnerWithKey(db.prisma, "Партнёр Б")).key);
    const service = await callerWith(serviceKey);
    const ofA = await partnerA.lead.create(customer);
    const clientId = await partnerA.lead.convert({ ...customer, id: ofA });

    const sameName = await partnerB.lead.create(customer);
    const preview = await partnerB.lead.matchPreview({ id: sameName });
    expect(preview).toEqual({
      status: "WILL_MATCH",
      matchedOn: ["lastName", "firstName", "patronymic", "passport.seria", "passport.no"],
    });
    expect(JSON.stringify(preview)).not.toContain(customer.lastName);

    const otherName = await partnerB.lead.create({ ...customer, lastName: "Сидоров" });
    expect(await partnerB.lead.matchPreview({ id: otherName })).toEqual({ status: "WILL_CREATE" });

    // The same leads seen by a service key: the full preview, the client and the near-miss.
    expect(await service.lead.matchPreview({ id: sameName })).toMatchObject({
      status: "WILL_MATCH",
      client: { id: clientId },
    });
    const summary = {
      id: clientId,
      fullName: "Иванов Иван Иванович",
      passportMasked: "45 11 ***321",
    };
    expect(await service.lead.matchPreview({ id: otherName })).toEqual({
      status: "WILL_CREATE",
      samePassportOtherName: [summary],
      // The test's leads share a phone too: both reasons, combined (1 - 0.3 x 0.7).
      suspects: [{ client: summary, score: 0.79, reasons: ["SAME_PASSPORT", "SAME_PHONE"] }],
    });
    // A's own next lead still names A's client.
    const again = await partnerA.lead.create(customer);
    expect(await partnerA.lead.matchPreview({ id: again })).toMatchObject({
      status: "WILL_MATCH",
      client: { id: clientId },
    });
  });

  it("a contact proposal: a partner key and a service key are FORBIDDEN to decide on it, a signed-in operator accepts it", async () => {
    const partnerA = await callerWith((await createPartnerWithKey(db.prisma, "Партнёр В")).key);
    const partnerB = await callerWith((await createPartnerWithKey(db.prisma, "Партнёр Г")).key);
    const person = {
      ...customer,
      passport: { seria: "4512", no: "111222" },
      mobilePhone: "+79160000011",
    };
    const clientId = await partnerA.lead.convert({
      ...person,
      id: await partnerA.lead.create(person),
    });
    const proposed = { ...person, mobilePhone: "+79160000022" };
    const leadId = await partnerB.lead.create(proposed);
    expect(await partnerB.lead.convert({ ...proposed, id: leadId })).toBe(clientId);

    const service = await callerWith(serviceKey);
    for (const api of [partnerB, partnerA, service]) {
      expect((await failureOf(api.client.acceptContactProposal({ clientId, leadId }))).code).toBe(
        "FORBIDDEN",
      );
      expect((await failureOf(api.client.rejectContactProposal({ clientId, leadId }))).code).toBe(
        "FORBIDDEN",
      );
    }
    expect((await service.client.get({ id: clientId })).mobilePhone).toBe("+79160000011");

    const operator = await operatorCaller(await operatorSession(db, "olga", "operator"));
    const accepted = await operator.client.acceptContactProposal({ clientId, leadId });
    expect(accepted.mobilePhone).toBe("+79160000022");
    expect(accepted.history.filter((entry) => entry.leadId === leadId)).toMatchObject([
      {
        field: "mobilePhone",
        oldValue: "+79160000011",
        newValue: "+79160000022",
        status: "ACCEPTED",
        decidedBy: "olga",
      },
    ]);
    expect(
      (await failureOf(operator.client.rejectContactProposal({ clientId, leadId }))).code,
    ).toBe("CONFLICT");
  });
});
