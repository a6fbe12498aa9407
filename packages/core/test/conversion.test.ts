import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  convertLead,
  createLead,
  DomainError,
  getClient,
  getLead,
  leadHistory,
  previewMatch,
  updateLead,
} from "../src/index.ts";
import { createAndConvert as createAndConvertAs, ivanov, service } from "./people.ts";

warnIfPostgresUntested();

/** The value with every timestamp (a Date or an ISO string) replaced: what two writes share. */
function withoutTimes<T>(value: T): T {
  return replaceTimes(value) as T;
}
function replaceTimes(value: unknown): unknown {
  if (value instanceof Date) return "<time>";
  if (typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value)) return "<time>";
  if (Array.isArray(value)) return value.map(replaceTimes);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceTimes(v)]));
  return value;
}

describe.each(testDatabaseKinds())("converting leads on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.$executeRawUnsafe(
      `TRUNCATE "ClientHistory", "Application", "Lead", "Client" RESTART IDENTITY CASCADE`,
    );
  });

  const counts = async () => ({
    clients: await db.prisma.client.count(),
    applications: await db.prisma.application.count(),
  });

  // The server's path: the conversion's statements on the driver (Database.sql).
  const createAndConvert = (body = ivanov()) =>
    createAndConvertAs(db.prisma, service, body, db.sql);

  it("the driver's transaction and Prisma's write the same client, application, lead, event and contact history", async () => {
    const written = async (sql: typeof db.sql) => {
      const address = { attributes: { floor: "7" }, buildingNo: "1" };
      const created = await createAndConvertAs(
        db.prisma,
        service,
        ivanov({
          mobilePhone: "+79161234567",
          addressData: address,
          email: "i@example.ru",
          meanIncome: 80000,
        }),
        sql,
      );
      const matched = await createAndConvertAs(
        db.prisma,
        service,
        ivanov({ mobilePhone: "+79160000009", meanIncome: 90000, employerTitle: "ООО «Ромашка»" }),
        sql,
      );
      expect(matched.clientId).toBe(created.clientId);
      const client = await getClient(db.prisma, service, created.clientId);
      const history = await db.prisma.clientHistory.findMany({ orderBy: { id: "asc" } });
      const lead = await getLead(db.prisma, service, matched.id);
      const events = await leadHistory(db.prisma, service, matched.id);
      await db.prisma.$executeRawUnsafe(
        `TRUNCATE "ClientHistory", "Application", "Lead", "Client" RESTART IDENTITY CASCADE`,
      );
      // Written now, in UTC (as Prisma writes them), whichever path wrote them.
      const written = [client.createdAt, client.updatedAt, ...history.map((row) => row.changedAt)];
      for (const at of written)
        expect(Math.abs(new Date(at).getTime() - Date.now())).toBeLessThan(60_000);
      return withoutTimes({
        outcomes: [created.outcome, matched.outcome],
        client,
        history,
        lead,
        events,
      });
    };
    const onDriver = await written(db.sql);
    const onPrisma = await written(db.prisma);
    expect(onDriver).toEqual(onPrisma);
    expect(onDriver.outcomes).toEqual(["CREATED_NEW_CLIENT", "MATCHED_EXISTING_CLIENT"]);
    expect(onDriver.history.map((row) => [row.field, row.oldValue, row.newValue])).toEqual([
      ["mobilePhone", "+79161234567", "+79160000009"],
      ["employerTitle", null, "ООО «Ромашка»"],
      ["meanIncome", 80000, 90000],
    ]);
  });

  it("a failing statement rolls the driver's transaction back: no client, no application, the lead still NEW", async () => {
    const body = ivanov();
    const id = await createLead(db.prisma, service, body);
    // The client is inserted, then the conversion's write fails: a period beyond PostgreSQL's
    // integer (the API's schema refuses it before; the domain function alone does not).
    const failure = await convertLead(
      db.prisma,
      service,
      id,
      { ...body, period: 3_000_000_000 },
      db.sql,
    ).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: "22003" });
    expect(await counts()).toEqual({ clients: 0, applications: 0 });
    expect((await getLead(db.prisma, service, id)).status).toBe("NEW");
  });

  it("a lead of a person seen for the first time creates a new client and an application", async () => {
    const result = await createAndConvert();
    expect(result.outcome).toBe("CREATED_NEW_CLIENT");
    expect(await counts()).toEqual({ clients: 1, applications: 1 });
    const lead = await getLead(db.prisma, service, result.id);
    expect(lead.status).toBe("CONVERTED");
    expect(lead.conversion).toMatchObject({
      clientId: result.clientId,
      applicationId: result.applicationId,
      outcome: "CREATED_NEW_CLIENT",
    });
  });

  it("rule 1: the same last name, first name, patronymic, passport series and number adds the application to the existing client", async () => {
    const first = await createAndConvert();
    const second = await createAndConvert(ivanov({ amount: 70000 }));
    expect(second.outcome).toBe("MATCHED_EXISTING_CLIENT");
    expect(second.clientId).toBe(first.clientId);
    expect(await counts()).toEqual({ clients: 1, applications: 2 });
    const client = await getClient(db.prisma, service, first.clientId);
    expect(client.applications.map((a) => a.leadId)).toEqual([first.id, second.id]);
    expect(client.applications.map((a) => a.amount)).toEqual([50000, 70000]);
  });

  it("rule 2: matching ignores case, surrounding and doubled spaces, ё/е and spaces inside the passport", async () => {
    const first = await createAndConvert(
      ivanov({ lastName: "Семёнов", firstName: "Пётр", patronymic: "Алексеевич" }),
    );
    const second = await createAndConvert(
      ivanov({
        lastName: "  СЕМЕНОВ ",
        firstName: "пётр",
        patronymic: "Алексеевич  ",
        passport: { seria: "45 06", no: " 123 456 " },
      }),
    );
    expect(second).toMatchObject({ clientId: first.clientId, outcome: "MATCHED_EXISTING_CLIENT" });
    expect(await counts()).toEqual({ clients: 1, applications: 2 });
  });

  it("rule 2: a missing patronymic matches an empty one, and not a filled one", async () => {
    const { patronymic: _omit, ...withoutPatronymic } = ivanov();
    const first = await createAndConvert(withoutPatronymic);
    const empty = await createAndConvert(ivanov({ patronymic: "  " }));
    const filled = await createAndConvert(ivanov({ patronymic: "Иванович" }));
    expect(empty.clientId).toBe(first.clientId);
    expect(filled.clientId).not.toBe(first.clientId);
    expect(filled.outcome).toBe("CREATED_NEW_CLIENT");
  });

  it.each([
    ["lastName", { lastName: "Петров" }],
    ["firstName", { firstName: "Пётр" }],
    ["patronymic", { patronymic: "Петрович" }],
    ["passport series", { passport: { seria: "4507", no: "123456" } }],
    ["passport number", { passport: { seria: "4506", no: "123457" } }],
  ])("rule 3: a different %s means a new client", async (_field, change) => {
    const first = await createAndConvert();
    const other = await createAndConvert(ivanov(change));
    expect(other.outcome).toBe("CREATED_NEW_CLIENT");
    expect(other.clientId).not.toBe(first.clientId);
    expect(await counts()).toEqual({ clients: 2, applications: 2 });
  });

  it("rule 4: converting the same lead again returns the same client and creates no second application", async () => {
    const body = ivanov();
    const first = await createAndConvert(body);
    const again = await convertLead(db.prisma, service, first.id, body, db.sql);
    expect(again).toEqual({
      clientId: first.clientId,
      applicationId: first.applicationId,
      outcome: first.outcome,
    });
    expect(await counts()).toEqual({ clients: 1, applications: 1 });
  });

  it("rule 4: converting a converted lead with different data is a conflict", async () => {
    const first = await createAndConvert();
    await expect(
      convertLead(db.prisma, service, first.id, ivanov({ amount: 1 }), db.sql),
    ).rejects.toMatchObject({ kind: "CONFLICT" });
    expect(await counts()).toEqual({ clients: 1, applications: 1 });
  });

  it("rule 5: 25 leads of the same person converted at once end with one client and 25 applications", async () => {
    const bodies = Array.from({ length: 25 }, (_, i) => ivanov({ amount: 1000 + i }));
    const ids = await Promise.all(bodies.map((body) => createLead(db.prisma, service, body)));
    const results = await Promise.all(
      ids.map((id, i) => convertLead(db.prisma, service, id, bodies[i]!, db.sql)),
    );
    const clientIds = new Set(results.map((r) => r.clientId));
    expect(clientIds.size).toBe(1);
    expect(results.filter((r) => r.outcome === "CREATED_NEW_CLIENT")).toHaveLength(1);
    expect(await counts()).toEqual({ clients: 1, applications: 25 });
  });

  it("rule 6: editing a converted lead is a conflict and changes nothing", async () => {
    const body = ivanov();
    const { id } = await createAndConvert(body);
    const before = await getLead(db.prisma, service, id);
    await expect(
      updateLead(db.prisma, service, id, { ...body, lastName: "Петров" }),
    ).rejects.toMatchObject({ kind: "CONFLICT" });
    expect(await getLead(db.prisma, service, id)).toEqual(before);
  });

  it("rule 7: a lead with an invalid passport is refused with every problem's path and nothing is written", async () => {
    const body = ivanov({ passport: { seria: "45", no: "12" }, inn: "1234567895" });
    const id = await createLead(db.prisma, service, body);
    const before = await getLead(db.prisma, service, id);
    const failure = await convertLead(db.prisma, service, id, body, db.sql).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).kind).toBe("UNPROCESSABLE");
    expect((failure as DomainError).issues.map((i) => i.path).sort()).toEqual([
      "inn",
      "passport.no",
      "passport.seria",
    ]);
    expect(await counts()).toEqual({ clients: 0, applications: 0 });
    expect(await getLead(db.prisma, service, id)).toEqual(before);
  });

  it("rule 7: a lead without the match key is refused, naming each missing field", async () => {
    const body = { firstName: "Иван", mobilePhone: "+79161234567" };
    const id = await createLead(db.prisma, service, body);
    const failure = (await convertLead(db.prisma, service, id, body, db.sql).catch(
      (e: unknown) => e,
    )) as DomainError;
    expect(failure.kind).toBe("UNPROCESSABLE");
    expect(failure.issues.map((i) => i.path).sort()).toEqual([
      "lastName",
      "passport.no",
      "passport.seria",
    ]);
  });

  // The client row is written first; the application, the lead and its event follow in one
  // statement. A failure at either of those inserts must undo everything, the client included.
  it.each(["Application", "LeadEvent"])(
    "rule 7: a database failure in the middle of a conversion (at the %s insert) leaves no client, no application and the lead unchanged",
    async (table) => {
      const body = ivanov();
      const id = await createLead(db.prisma, service, body);
      const before = await getLead(db.prisma, service, id);
      const events = await db.prisma.leadEvent.count({ where: { leadId: BigInt(id) } });
      await db.prisma.$executeRawUnsafe(`
        CREATE OR REPLACE FUNCTION fail_insert() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
      await db.prisma.$executeRawUnsafe(
        `CREATE TRIGGER fail_insert BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION fail_insert()`,
      );
      try {
        await expect(
          convertLead(db.prisma, service, id, { ...body, amount: 99999 }, db.sql),
        ).rejects.toThrow();
      } finally {
        await db.prisma.$executeRawUnsafe(`DROP TRIGGER fail_insert ON "${table}"`);
      }
      expect(await counts()).toEqual({ clients: 0, applications: 0 });
      expect(await getLead(db.prisma, service, id)).toEqual(before);
      expect(await db.prisma.leadEvent.count({ where: { leadId: BigInt(id) } })).toBe(events);
    },
  );

  it("rule 8: a matched client keeps its identity, takes the newer contact data and keeps the old values in history", async () => {
    const first = await createAndConvert(
      ivanov({
        mobilePhone: "+79160000001",
        email: "old@example.ru",
        employerTitle: "ООО Ромашка",
        meanIncome: 80000,
      }),
    );
    await createAndConvert(
      ivanov({
        lastName: "ИВАНОВ",
        mobilePhone: "8 (916) 000-00-02",
        email: "new@example.ru",
        employerTitle: "АО Василёк",
        meanIncome: 95000,
      }),
    );
    const client = await getClient(db.prisma, service, first.clientId);
    expect(client).toMatchObject({
      lastName: "Иванов",
      firstName: "Иван",
      patronymic: "Иванович",
      mobilePhone: "+79160000002",
      email: "new@example.ru",
      employerTitle: "АО Василёк",
      meanIncome: 95000,
    });
    const history = Object.fromEntries(
      client.history.map((h) => [h.field, [h.oldValue, h.newValue]]),
    );
    expect(history).toEqual({
      mobilePhone: ["+79160000001", "+79160000002"],
      email: ["old@example.ru", "new@example.ru"],
      employerTitle: ["ООО Ромашка", "АО Василёк"],
      meanIncome: [80000, 95000],
    });
  });

  it("rule 8: a lead without contact data erases nothing on the client", async () => {
    const first = await createAndConvert(ivanov({ email: "keep@example.ru" }));
    await createAndConvert(ivanov());
    const client = await getClient(db.prisma, service, first.clientId);
    expect(client.email).toBe("keep@example.ru");
    expect(client.history.map((h) => h.field)).toEqual(["mobilePhone"]);
  });

  it("the conversion stores the application fields from the lead (its manager is the lead's operator: none here)", async () => {
    const body = ivanov({
      amount: 120000.5,
      period: 30,
      periodUnit: "DAYS",
      creditProductId: 7,
      channel: "ECOMM",
      shopId: 11,
      storeTypeId: 12,
      subdivisionId: 13,
      gettingMoneyMethodId: 15,
      ufmsCheck: false,
      approvedByScorista: true,
      goods: [{ name: "Ноутбук", amount: 120000.5, quantity: 1 }],
    });
    const { applicationId } = await createAndConvert(body);
    const application = await db.prisma.application.findUniqueOrThrow({
      where: { id: BigInt(applicationId) },
    });
    expect(application).toMatchObject({
      amount: 120000.5,
      period: 30,
      periodUnit: "DAYS",
      creditProductId: 7n,
      channel: "ECOMM",
      shopId: 11n,
      storeTypeId: 12n,
      subdivisionId: 13n,
      managerId: null,
      gettingMoneyMethodId: 15n,
      ufmsCheck: false,
      approvedByScorista: true,
      goods: [{ name: "Ноутбук", amount: 120000.5, quantity: 1 }],
    });
  });

  it("the match preview names the client a lead would join, or says a new one will be created", async () => {
    const first = await createAndConvert();
    const again = await createLead(db.prisma, service, ivanov({ lastName: "иванов" }));
    expect(await previewMatch(db.prisma, service, again)).toEqual({
      status: "WILL_MATCH",
      client: {
        id: first.clientId,
        fullName: "Иванов Иван Иванович",
        passportMasked: "45 06 ***456",
      },
      matchedOn: ["lastName", "firstName", "patronymic", "passport.seria", "passport.no"],
      samePassportOtherName: [],
      suspects: [],
    });
    const stranger = await createLead(db.prisma, service, ivanov({ lastName: "Сидоров" }));
    const summary = {
      id: first.clientId,
      fullName: "Иванов Иван Иванович",
      passportMasked: "45 06 ***456",
    };
    expect(await previewMatch(db.prisma, service, stranger)).toEqual({
      status: "WILL_CREATE",
      samePassportOtherName: [summary],
      suspects: [{ client: summary, score: 0.7, reasons: ["SAME_PASSPORT"] }],
    });
    expect(await counts()).toEqual({ clients: 1, applications: 1 });
    expect(await previewMatch(db.prisma, service, first.id)).toMatchObject({
      status: "ALREADY_CONVERTED",
    });
  });

  it("the match preview explains why a lead cannot be converted", async () => {
    const id = await createLead(db.prisma, service, {
      firstName: "Иван",
      mobilePhone: "+79161234567",
      lastName: "Иванов",
    });
    expect(await previewMatch(db.prisma, service, id)).toMatchObject({
      status: "CANNOT_CONVERT",
      problems: [{ path: "passport.seria" }, { path: "passport.no" }],
    });
  });
});
