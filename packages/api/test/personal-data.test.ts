// Who looked at whose data, through the router with real sessions (issue 18; issue 17, item 3):
// an operator's view of a lead and of a client is recorded with ids only; an admin reveals a
// lead's masked phone, and the reveal is recorded; the record and the reveal are an admin's,
// everyone else gets FORBIDDEN.
import { convertLead, createLead, createPartnerWithKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, everyKindOfCaller } from "./support/callers.ts";
import { failureOf } from "./support/calls.ts";

warnIfPostgresUntested();

const PERSON = {
  lastName: "Орлова",
  firstName: "Вера",
  patronymic: "Павловна",
  mobilePhone: "+79165554433",
  passport: { seria: "4510", no: "778899" },
};

describe.each(testDatabaseKinds())("the personal-data access record on %s", (kind) => {
  let db: Database;
  let callers: Awaited<ReturnType<typeof everyKindOfCaller>>;
  let leadId = 0;
  let clientId = 0;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    callers = await everyKindOfCaller(db);
    const { partnerId } = await createPartnerWithKey(db.prisma, "Салон");
    const shop = { kind: "partner" as const, partnerId, apiKeyId: 9n, name: "Салон" };
    leadId = await createLead(db.prisma, shop, PERSON);
    clientId = (await convertLead(db.prisma, shop, leadId, PERSON)).clientId;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an operator's view of a client and of a lead is recorded, with ids and no personal value", async () => {
    const clerk = await callerFor(db, { session: callers.clerkSession });
    await clerk.client.get({ id: clientId });
    await clerk.lead.get({ id: leadId });

    const admin = await callerFor(db, { session: callers.chiefSession });
    expect(await admin.personalData.accessesOf({ clientId })).toEqual([
      {
        at: expect.any(String),
        kind: "VIEW_CLIENT",
        operator: { id: expect.any(Number), login: "clerk" },
      },
    ]);
    expect(await admin.personalData.accessesOf({ leadId })).toEqual([
      {
        at: expect.any(String),
        kind: "VIEW_LEAD",
        operator: { id: expect.any(Number), login: "clerk" },
      },
    ]);
    const rows = await db.prisma.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(a)::text AS row FROM "PersonalDataAccess" a`;
    for (const value of ["Орлова", "Вера", "79165554433", "778899", "4510"])
      expect(rows.map((r) => r.row).join("\n")).not.toContain(value);
  });

  it("API keys' reads are not recorded (a partner reads only what it sent)", async () => {
    const before = await db.prisma.personalDataAccess.count();
    await (await callerFor(db, { key: callers.serviceKey })).lead.get({ id: leadId });
    expect(await db.prisma.personalDataAccess.count()).toBe(before);
  });

  it("an admin reveals a lead's masked phone: the value comes back and the reveal is recorded first in the list", async () => {
    const admin = await callerFor(db, { session: callers.chiefSession });
    expect(await admin.personalData.revealLeadPhone({ id: leadId })).toEqual({
      mobilePhone: "+79165554433",
    });
    const [latest] = await admin.personalData.accessesOf({ leadId });
    expect(latest).toMatchObject({
      kind: "REVEAL",
      field: "mobilePhone",
      operator: { login: "chief" },
    });
    expect((await failureOf(admin.personalData.revealLeadPhone({ id: 999_999 }))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("the record and the reveal are an admin's: an operator, a partner and a service get FORBIDDEN, and hostile input a BAD_REQUEST", async () => {
    for (const auth of [
      { session: callers.clerkSession },
      { key: callers.partnerKey },
      { key: callers.serviceKey },
    ]) {
      const api = await callerFor(db, auth);
      expect((await failureOf(api.personalData.accessesOf({ leadId }))).code).toBe("FORBIDDEN");
      expect((await failureOf(api.personalData.revealLeadPhone({ id: leadId }))).code).toBe(
        "FORBIDDEN",
      );
    }
    const admin = await callerFor(db, { session: callers.chiefSession });
    const bad = await failureOf(
      admin.personalData.accessesOf({ leadId: "1 OR 1=1", clientId: 2 } as never),
    );
    expect(bad.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(bad)).not.toContain("1 OR 1=1");
  });
});
