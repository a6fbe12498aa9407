// A data subject's request to erase their data (152-FZ), on both databases, with the clock the
// test sets: the preview shows everything held (leads, clients, stop-list entries, webhooks sent,
// who looked) and changes nothing; recording the request erases the unconverted leads at once,
// keeps the converted lead and its client saying why, records the request with its 30-day
// deadline and outcomes, and leaves none of the erased values and none of the identifiers it
// was found by in the database.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { LeadBody } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  addStopListEntry,
  createLead,
  createOperator,
  createWebhookEndpoint,
  denyLead,
  getClient,
  getDataRequest,
  getLead,
  listDataDestructions,
  listDataRequests,
  listDenialReasons,
  previewHoldings,
  recordAccess,
  recordDataRequest,
} from "../src/index.ts";
import { createAndConvert, ivanov, partnerActor } from "./people.ts";
import { dumpDatabase } from "./support/database-dump.ts";

warnIfPostgresUntested();

const DAY = 86_400_000;
const PASSPORT = { seria: "4599", no: "770123" };
const PHONE = "+79995550177";
const OTHER_PHONE = "+79995550188";

/** A lead of the person, with values only this lead holds (so a dump can be searched for them). */
function lead(tag: string, overrides: Partial<LeadBody> = {}): LeadBody {
  return {
    ...ivanov(),
    lastName: "Стиралова",
    firstName: "Анна",
    patronymic: "Петровна",
    mobilePhone: PHONE,
    email: `${tag}@example.invalid`,
    addressData: { fullAddressText: `улица ${tag}, дом 1` },
    passport: { ...PASSPORT, issueDate: "2010-05-14" },
    ...overrides,
  };
}

describe.each(testDatabaseKinds())("a data subject's request to erase on %s", (kind) => {
  let db: Database;
  let partner: Actor & { kind: "partner" };
  let admin: Actor & { kind: "operator" };
  let olga: Actor & { kind: "operator" };
  const ids = { fresh: 0, denied: 0, converted: 0, client: 0, stranger: 0, requestId: 0 };

  const operator = async (login: string, role: "admin" | "operator") => {
    await createOperator(db.prisma, { login, password: "correct horse battery", role });
    const row = await db.prisma.operator.findUniqueOrThrow({ where: { login } });
    return { kind: "operator" as const, operatorId: row.id, login, role };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    partner = (await partnerActor(db.prisma, "Магазин", 1n)) as Actor & { kind: "partner" };
    admin = await operator("anna", "admin");
    olga = await operator("olga", "operator");
    await createWebhookEndpoint(
      db.prisma,
      admin,
      {
        partnerId: Number(partner.partnerId),
        url: "https://crm.example.invalid/hooks",
        events: ["lead.withdrawn"],
      },
      { allowPrivateTargets: false },
    );
    ids.fresh = await createLead(db.prisma, partner, lead("свежий"));
    ids.denied = await createLead(db.prisma, partner, lead("отказной"));
    const reasons = await listDenialReasons(db.prisma);
    await denyLead(db.prisma, olga, ids.denied, { reasonId: reasons[0]?.id ?? 0 });
    const converted = await createAndConvert(db.prisma, partner, lead("заёмный"));
    ids.converted = converted.id;
    ids.client = converted.clientId;
    ids.stranger = await createLead(
      db.prisma,
      partner,
      lead("чужой", {
        mobilePhone: OTHER_PHONE,
        passport: { seria: "4599", no: "770999", issueDate: "2010-05-14" },
      }),
    );
    await addStopListEntry(
      db.prisma,
      { kind: "PHONE", mobilePhone: PHONE, reason: "Мошенник" },
      "anna",
    );
    await recordAccess(db.prisma, olga, { kind: "VIEW_CLIENT", clientId: ids.client });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("shows everything held about the person by passport, and what the request would do, without changing anything", async () => {
    const holdings = await previewHoldings(db.prisma, admin, {
      by: "PASSPORT",
      seria: "45 99",
      no: "770123",
    });
    expect(holdings.leads.map((one) => [one.id, one.status, one.outcome])).toEqual([
      [ids.fresh, "NEW", "ERASED"],
      [ids.denied, "DENIED", "ERASED"],
      [ids.converted, "CONVERTED", "KEPT_CONVERTED"],
    ]);
    expect(holdings.leads[0]?.fullName).toBe("Стиралова Анна Петровна");
    expect(holdings.leads[0]?.partner).toBe("Магазин");
    expect(holdings.clients).toEqual([
      {
        id: ids.client,
        fullName: "Стиралова Анна Петровна",
        applications: 1,
        mergedIntoId: null,
        outcome: "KEPT_LOAN_RECORDS",
      },
    ]);
    expect(holdings.stopList).toMatchObject([
      { kind: "PHONE", active: true, outcome: "KEPT_STOP_LIST" },
    ]);
    expect(holdings.accesses).toContainEqual(
      expect.objectContaining({ kind: "VIEW_CLIENT", clientId: ids.client, leadId: null }),
    );
    expect(holdings.accesses.find((one) => one.kind === "VIEW_CLIENT")?.operator.login).toBe(
      "olga",
    );
    // Nothing erased, nothing recorded but the admin's views of the names shown.
    expect((await getLead(db.prisma, admin, ids.fresh)).lastName).toBe("Стиралова");
    expect(await listDataRequests(db.prisma, admin)).toEqual([]);
    expect(
      await db.prisma.personalDataAccess.count({
        where: { operatorId: admin.operatorId, kind: "VIEW_CLIENT", clientId: BigInt(ids.client) },
      }),
    ).toBe(1);
  });

  it("finds the same person by mobile phone", async () => {
    const holdings = await previewHoldings(db.prisma, admin, {
      by: "PHONE",
      mobilePhone: "8 (999) 555-01-77",
    });
    expect(holdings.leads.map((one) => one.id)).toEqual([ids.fresh, ids.denied, ids.converted]);
    expect(holdings.clients.map((one) => one.id)).toEqual([ids.client]);
  });

  it("refuses a malformed passport, phone or a receipt date after today by field, and writes nothing", async () => {
    await expect(
      previewHoldings(db.prisma, admin, { by: "PASSPORT", seria: "45А9", no: "770123" }),
    ).rejects.toMatchObject({
      reason: "INVALID_INPUT",
      issues: [{ path: "subject.seria", code: "INVALID_FORMAT" }],
    });
    await expect(
      recordDataRequest(db.prisma, admin, { subject: { by: "PHONE", mobilePhone: "12345" } }),
    ).rejects.toMatchObject({ issues: [{ path: "subject.mobilePhone" }] });
    const now = new Date("2026-12-03T12:00:00Z");
    await expect(
      recordDataRequest(
        db.prisma,
        admin,
        { subject: { by: "PHONE", mobilePhone: PHONE }, receivedOn: "2026-12-05" },
        now,
      ),
    ).rejects.toMatchObject({ issues: [{ path: "receivedOn", code: "INVALID_VALUE" }] });
    expect(await listDataRequests(db.prisma, admin)).toEqual([]);
    expect((await getLead(db.prisma, admin, ids.fresh)).lastName).toBe("Стиралова");
  });

  it("is an admin's: an operator is refused", async () => {
    await expect(
      previewHoldings(db.prisma, olga, { by: "PHONE", mobilePhone: PHONE }),
    ).rejects.toMatchObject({ kind: "FORBIDDEN", reason: "ADMIN_ONLY" });
    await expect(listDataRequests(db.prisma, olga)).rejects.toMatchObject({ reason: "ADMIN_ONLY" });
  });

  it("erases the unconverted leads at once, keeps the client with applications saying why, and records the request with its deadline", async () => {
    const now = new Date("2026-12-03T12:00:00Z");
    const request = await recordDataRequest(
      db.prisma,
      admin,
      {
        subject: { by: "PASSPORT", seria: "4599", no: "770123" },
        reference: "вх. 17",
        receivedOn: "2026-11-23",
      },
      now,
    );
    ids.requestId = request.id;
    expect(request).toMatchObject({
      foundBy: "PASSPORT",
      reference: "вх. 17",
      receivedAt: "2026-11-23T00:00:00.000Z",
      dueAt: new Date(Date.parse("2026-11-23T00:00:00Z") + 30 * DAY).toISOString(),
      doneAt: now.toISOString(),
      recordedBy: "anna",
      erased: 2,
      kept: 3,
    });
    expect(request.holdings.leads.map((one) => [one.id, one.outcome, one.fullName])).toEqual([
      [ids.fresh, "ERASED", null],
      [ids.denied, "ERASED", null],
      [ids.converted, "KEPT_CONVERTED", "Стиралова Анна Петровна"],
    ]);
    // The NEW lead was withdrawn first, so its partner heard the lead ended.
    expect(request.holdings.leads[0]).toMatchObject({ status: "WITHDRAWN", webhooksSent: 1 });
    expect(request.holdings.clients).toMatchObject([
      { id: ids.client, outcome: "KEPT_LOAN_RECORDS" },
    ]);
    expect(request.holdings.stopList).toMatchObject([{ outcome: "KEPT_STOP_LIST" }]);

    const erasedLead = await getLead(db.prisma, admin, ids.fresh);
    expect(erasedLead.lastName).toBeUndefined();
    expect(erasedLead.passport).toBeUndefined();
    expect((await getLead(db.prisma, admin, ids.converted)).lastName).toBe("Стиралова");
    expect((await getLead(db.prisma, admin, ids.stranger)).lastName).toBe("Стиралова");
    const act = await listDataDestructions(db.prisma);
    expect(
      act
        .filter((one) => one.policy === "REQUEST")
        .map((one) => one.leadId)
        .sort(),
    ).toEqual([ids.fresh, ids.denied].sort());
    expect(act.find((one) => one.leadId === ids.fresh)?.at).toEqual(now);

    // The client's page says the person asked, and the client was kept.
    expect((await getClient(db.prisma, admin, ids.client)).erasureRequests).toEqual([
      { requestId: request.id, receivedAt: "2026-11-23T00:00:00.000Z" },
    ]);
    expect((await getDataRequest(db.prisma, admin, request.id)).holdings.leads).toHaveLength(3);
    expect(await listDataRequests(db.prisma, admin)).toMatchObject([
      { id: request.id, erased: 2, kept: 3 },
    ]);
  });

  it("leaves none of the erased values in a full dump, and the request holds no passport or phone", async () => {
    const { dump } = await dumpDatabase(db.prisma);
    for (const erased of ["свежий", "отказной"]) expect(dump).not.toContain(erased);
    // The kept lead and the other person's lead are still there.
    expect(dump).toContain("заёмный");
    expect(dump).toContain("чужой");
    const requestRows = JSON.stringify(
      await db.prisma.$queryRaw`
        SELECT row_to_json(r)::text AS request,
               (SELECT json_agg(i)::text FROM "DataSubjectRequestItem" i WHERE i."requestId" = r.id) AS items
          FROM "DataSubjectRequest" r`,
    );
    for (const identifier of ["770123", "4599", "9995550177", "Стиралова"])
      expect(requestRows).not.toContain(identifier);
  });

  it("a request that finds nothing is recorded too, with nothing erased; an unknown request is a 404", async () => {
    const request = await recordDataRequest(db.prisma, admin, {
      subject: { by: "PASSPORT", seria: "1111", no: "222222" },
    });
    expect(request).toMatchObject({ erased: 0, kept: 0 });
    expect(request.holdings).toMatchObject({ leads: [], clients: [], stopList: [] });
    await expect(getDataRequest(db.prisma, admin, 999_999)).rejects.toMatchObject({
      kind: "NOT_FOUND",
      reason: "DATA_REQUEST_NOT_FOUND",
    });
  });

  it("takes today's date in Moscow when it is still yesterday in UTC", async () => {
    // 22:30 UTC on 3 December is 01:30 on 4 December in Moscow: the admin's today.
    const now = new Date("2026-12-03T22:30:00Z");
    const request = await recordDataRequest(
      db.prisma,
      admin,
      { subject: { by: "PASSPORT", seria: "1111", no: "333333" }, receivedOn: "2026-12-04" },
      now,
    );
    expect(request.receivedAt).toBe("2026-12-04T00:00:00.000Z");
  });
});
