// The life of a lead, through the domain, on both databases: every transition, every refused one
// (a 409 that names the state), the server-owned fields, assignment, bulk actions, the denial
// reason dictionary and, on PostgreSQL, concurrent transitions of one lead.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  assignLead,
  convertLead,
  createDenialReason,
  createLead,
  createOperator,
  DomainError,
  deleteDenialReason,
  denyLead,
  disableOperator,
  forEachLead,
  getLead,
  leadHistory,
  listDenialReasons,
  listLeads,
  reopenLead,
  takeLead,
  updateDenialReason,
  updateLead,
  withdrawLead,
} from "../src/index.ts";
import { ivanov, partnerActor } from "./people.ts";

warnIfPostgresUntested();

/** The refusal a call ends with: its kind, reason and message (fails the test if it succeeds). */
async function refusalOf(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { kind: error.kind, reason: error.reason, message: error.message, issues: error.issues };
}

describe.each(testDatabaseKinds())("the life of a lead on %s", (kind) => {
  let db: Database;
  let partner: Actor;
  let otherPartner: Actor;
  let olga: Actor & { kind: "operator" };
  let pavel: Actor & { kind: "operator" };
  let admin: Actor & { kind: "operator" };
  let reasons: Record<string, number>;

  const operatorActor = async (login: string, role: "operator" | "admin") => {
    await createOperator(db.prisma, { login, password: "correct horse battery", role });
    const row = await db.prisma.operator.findUniqueOrThrow({ where: { login } });
    return { kind: "operator" as const, operatorId: row.id, login, role };
  };
  const newLead = (by: Actor = partner) => createLead(db.prisma, by, ivanov());

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    partner = await partnerActor(db.prisma, "Магазин", 1n);
    otherPartner = await partnerActor(db.prisma, "Другой магазин", 2n, "Другой");
    olga = await operatorActor("olga", "operator");
    pavel = await operatorActor("pavel", "operator");
    admin = await operatorActor("anna", "admin");
    reasons = Object.fromEntries(
      (await listDenialReasons(db.prisma)).map((reason) => [reason.code, reason.id]),
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  describe("deny", () => {
    it("an operator denies a NEW lead with a reason and a comment; the partner sees the reason, never the comment", async () => {
      const id = await newLead();
      await denyLead(db.prisma, olga, id, {
        reasonId: reasons.NOT_REACHABLE!,
        comment: "  Три звонка без ответа ",
      });
      const staffView = await getLead(db.prisma, olga, id);
      expect(staffView).toMatchObject({
        status: "DENIED",
        denialReasonId: reasons.NOT_REACHABLE,
        denial: {
          reason: { code: "NOT_REACHABLE", title: "Не удалось связаться с клиентом" },
          comment: "Три звонка без ответа",
        },
      });
      const partnerView = await getLead(db.prisma, partner, id);
      expect(partnerView.denial).toEqual({
        reason: { id: reasons.NOT_REACHABLE, code: "NOT_REACHABLE", title: expect.any(String) },
        at: expect.any(String),
      });
      expect(JSON.stringify(partnerView)).not.toContain("Три звонка");
      const history = await leadHistory(db.prisma, olga, id);
      expect(history.at(-1)).toMatchObject({
        kind: "DENIED",
        actor: { kind: "operator", name: "olga" },
        comment: "Три звонка без ответа",
        changes: [
          { path: "status", old: "NEW", new: "DENIED" },
          { path: "denialReasonId", new: reasons.NOT_REACHABLE },
        ],
      });
      const partnerHistory = await leadHistory(db.prisma, partner, id);
      expect(partnerHistory.at(-1)).not.toHaveProperty("comment");
    });

    it("a denied lead is read-only: edit, convert, deny and withdraw are 409 LEAD_DENIED", async () => {
      const id = await newLead();
      await denyLead(db.prisma, olga, id, { reasonId: reasons.OTHER! });
      const refusals = await Promise.all([
        refusalOf(updateLead(db.prisma, partner, id, ivanov({ amount: 1 }))),
        refusalOf(convertLead(db.prisma, olga, id, ivanov(), db.sql)),
        refusalOf(denyLead(db.prisma, olga, id, { reasonId: reasons.OTHER! })),
        refusalOf(withdrawLead(db.prisma, partner, id)),
      ]);
      for (const refusal of refusals) {
        expect(refusal).toMatchObject({ kind: "CONFLICT", reason: "LEAD_DENIED" });
        expect(refusal.message).toMatch(/^The lead is denied/);
      }
      expect((await getLead(db.prisma, olga, id)).status).toBe("DENIED");
    });

    it("a converted lead cannot be denied or withdrawn (409 LEAD_CONVERTED)", async () => {
      const id = await newLead();
      const body = ivanov({ passport: { seria: "4507", no: "700001" } });
      await updateLead(db.prisma, partner, id, body);
      await convertLead(db.prisma, olga, id, body, db.sql);
      expect(
        await refusalOf(denyLead(db.prisma, olga, id, { reasonId: reasons.OTHER! })),
      ).toMatchObject({ kind: "CONFLICT", reason: "LEAD_CONVERTED" });
      expect(await refusalOf(withdrawLead(db.prisma, partner, id))).toMatchObject({
        reason: "LEAD_CONVERTED",
      });
    });

    it("only an operator denies, with an active reason of the dictionary", async () => {
      const id = await newLead();
      expect(
        await refusalOf(denyLead(db.prisma, partner, id, { reasonId: reasons.OTHER! })),
      ).toMatchObject({ kind: "FORBIDDEN", reason: "OPERATOR_ONLY" });
      expect(await refusalOf(denyLead(db.prisma, olga, id, { reasonId: 999_999 }))).toMatchObject({
        kind: "NOT_FOUND",
        reason: "DENIAL_REASON_NOT_FOUND",
      });
      const retired = await createDenialReason(db.prisma, {
        code: "OLD_PRODUCT",
        title: "Старый продукт",
      });
      await updateDenialReason(db.prisma, retired.id, { active: false });
      expect(
        await refusalOf(denyLead(db.prisma, olga, id, { reasonId: retired.id })),
      ).toMatchObject({ kind: "UNPROCESSABLE", reason: "DENIAL_REASON_INACTIVE" });
      expect((await getLead(db.prisma, olga, id)).status).toBe("NEW");
    });
  });

  describe("withdraw", () => {
    it("the partner that sent a lead withdraws it with a reason it then reads back", async () => {
      const id = await newLead();
      await withdrawLead(db.prisma, partner, id, { reason: "Покупатель отменил заказ" });
      const lead = await getLead(db.prisma, partner, id);
      expect(lead).toMatchObject({
        status: "WITHDRAWN",
        withdrawal: { reason: "Покупатель отменил заказ", at: expect.any(String) },
        denial: null,
      });
      expect(lead).not.toHaveProperty("denialReasonId");
      expect((await leadHistory(db.prisma, partner, id)).at(-1)).toMatchObject({
        kind: "WITHDRAWN",
        changes: [{ path: "status", old: "NEW", new: "WITHDRAWN" }],
      });
      expect(await refusalOf(updateLead(db.prisma, partner, id, ivanov()))).toMatchObject({
        kind: "CONFLICT",
        reason: "LEAD_WITHDRAWN",
      });
      expect(await refusalOf(withdrawLead(db.prisma, partner, id))).toMatchObject({
        reason: "LEAD_WITHDRAWN",
      });
    });

    it("another partner's lead is not found; an operator withdraws on the partner's word", async () => {
      const id = await newLead();
      expect(await refusalOf(withdrawLead(db.prisma, otherPartner, id))).toMatchObject({
        kind: "NOT_FOUND",
        reason: "LEAD_NOT_FOUND",
      });
      expect((await getLead(db.prisma, olga, id)).status).toBe("NEW");
      await withdrawLead(db.prisma, olga, id, { reason: "Партнёр попросил по телефону" });
      expect((await getLead(db.prisma, partner, id)).status).toBe("WITHDRAWN");
    });
  });

  describe("reopen", () => {
    it("an admin reopens a denied lead with a comment: NEW again, the denial cleared, audited", async () => {
      const id = await newLead();
      await denyLead(db.prisma, olga, id, { reasonId: reasons.CLIENT_REFUSED!, comment: "Отказ" });
      await reopenLead(db.prisma, admin, id, { comment: "Клиент перезвонил" });
      const lead = await getLead(db.prisma, olga, id);
      expect(lead).toMatchObject({ status: "NEW", denial: null, withdrawal: null });
      expect(lead).not.toHaveProperty("denialReasonId");
      expect((await leadHistory(db.prisma, olga, id)).at(-1)).toMatchObject({
        kind: "REOPENED",
        actor: { name: "anna" },
        comment: "Клиент перезвонил",
        changes: [
          { path: "status", old: "DENIED", new: "NEW" },
          { path: "denialReasonId", old: reasons.CLIENT_REFUSED },
        ],
      });
      await updateLead(db.prisma, partner, id, ivanov({ amount: 70000 }));
      expect((await getLead(db.prisma, partner, id)).amount).toBe(70000);
    });

    it("a withdrawn lead reopens too; a NEW one is 409 LEAD_ALREADY_NEW; an operator or an empty comment is refused", async () => {
      const id = await newLead();
      expect(await refusalOf(reopenLead(db.prisma, admin, id, { comment: "x" }))).toMatchObject({
        kind: "CONFLICT",
        reason: "LEAD_ALREADY_NEW",
      });
      await withdrawLead(db.prisma, partner, id);
      expect(await refusalOf(reopenLead(db.prisma, olga, id, { comment: "x" }))).toMatchObject({
        kind: "FORBIDDEN",
        reason: "ADMIN_ONLY",
      });
      expect(await refusalOf(reopenLead(db.prisma, admin, id, { comment: "  " }))).toMatchObject({
        kind: "INVALID",
        issues: [{ path: "comment", code: "REQUIRED" }],
      });
      await reopenLead(db.prisma, admin, id, { comment: "Партнёр ошибся" });
      expect((await getLead(db.prisma, partner, id)).withdrawal).toBeNull();
    });
  });

  describe("the server-owned fields", () => {
    it("a new lead's body may not set clientId, denialReasonId or managerId (400 naming each)", async () => {
      const refusal = await refusalOf(
        createLead(db.prisma, partner, ivanov({ clientId: 5, denialReasonId: 1, managerId: 2 })),
      );
      expect(refusal).toMatchObject({ kind: "INVALID", reason: "SERVER_OWNED_FIELD" });
      expect(refusal.issues.map((issue) => [issue.path, issue.code])).toEqual([
        ["clientId", "SERVER_OWNED"],
        ["denialReasonId", "SERVER_OWNED"],
        ["managerId", "SERVER_OWNED"],
      ]);
      // Left out or null: accepted.
      await createLead(db.prisma, partner, ivanov({ clientId: null, managerId: null }));
    });

    it("an edit may repeat the stored managerId, never change it; the document never keeps it", async () => {
      const id = await newLead();
      await takeLead(db.prisma, olga, id);
      const managerId = Number(olga.operatorId);
      await updateLead(db.prisma, partner, id, ivanov({ managerId, amount: 1000 }));
      const refusal = await refusalOf(
        updateLead(db.prisma, partner, id, ivanov({ managerId: managerId + 1000 })),
      );
      expect(refusal).toMatchObject({
        reason: "SERVER_OWNED_FIELD",
        issues: [{ path: "managerId", code: "SERVER_OWNED" }],
      });
      const [row] = await db.prisma.$queryRaw<{ data: Record<string, unknown> }[]>`
        SELECT data FROM "Lead" WHERE id = ${BigInt(id)}`;
      expect(row!.data).not.toHaveProperty("managerId");
      expect(await getLead(db.prisma, partner, id)).toMatchObject({ managerId, amount: 1000 });
    });

    it("a converted lead reads back clientId = its client; converting again with it is the same retry; another clientId is a 400", async () => {
      const id = await newLead();
      const body = ivanov({ passport: { seria: "4507", no: "700002" } });
      await updateLead(db.prisma, partner, id, body);
      expect(await getLead(db.prisma, partner, id)).not.toHaveProperty("clientId");
      const converted = await convertLead(db.prisma, partner, id, body, db.sql);
      const lead = await getLead(db.prisma, partner, id);
      expect(lead.clientId).toBe(converted.clientId);
      expect(
        await convertLead(db.prisma, partner, id, { ...body, clientId: lead.clientId }, db.sql),
      ).toEqual(converted);
      expect(
        await refusalOf(
          convertLead(
            db.prisma,
            partner,
            id,
            { ...body, clientId: converted.clientId + 1 },
            db.sql,
          ),
        ),
      ).toMatchObject({ reason: "SERVER_OWNED_FIELD", issues: [{ path: "clientId" }] });
    });

    it("the operator working a lead becomes its application's manager", async () => {
      const id = await newLead();
      const body = ivanov({ passport: { seria: "4507", no: "700003" } });
      await takeLead(db.prisma, pavel, id);
      const { applicationId } = await convertLead(db.prisma, pavel, id, body, db.sql);
      const application = await db.prisma.application.findUniqueOrThrow({
        where: { id: BigInt(applicationId) },
      });
      expect(application.managerId).toBe(pavel.operatorId);
    });
  });

  describe("assignment", () => {
    it("an operator takes a free NEW lead; another operator cannot take it; an admin reassigns it", async () => {
      const id = await newLead();
      await takeLead(db.prisma, olga, id);
      await takeLead(db.prisma, olga, id); // her own again: nothing changes
      expect(await refusalOf(takeLead(db.prisma, pavel, id))).toMatchObject({
        kind: "CONFLICT",
        reason: "LEAD_TAKEN",
      });
      expect(await refusalOf(assignLead(db.prisma, olga, id, "pavel"))).toMatchObject({
        reason: "ADMIN_ONLY",
      });
      await assignLead(db.prisma, admin, id, "pavel");
      const lead = await getLead(db.prisma, olga, id);
      expect(lead).toMatchObject({
        managerId: Number(pavel.operatorId),
        manager: { login: "pavel" },
      });
      expect(await getLead(db.prisma, partner, id)).not.toHaveProperty("manager");
      const assigned = (await leadHistory(db.prisma, olga, id)).filter(
        (event) => event.kind === "ASSIGNED",
      );
      expect(assigned.map((event) => event.changes)).toEqual([
        [{ path: "managerId", new: Number(olga.operatorId) }],
        [{ path: "managerId", old: Number(olga.operatorId), new: Number(pavel.operatorId) }],
      ]);
      await assignLead(db.prisma, admin, id, null);
      expect(await getLead(db.prisma, olga, id)).not.toHaveProperty("managerId");
    });

    it("leads filter by who works them; a disabled operator gets no lead; a closed lead is not assigned", async () => {
      const mine = await newLead();
      await takeLead(db.prisma, pavel, mine);
      const page = await listLeads(db.prisma, pavel, { managerId: Number(pavel.operatorId) });
      expect(page.items.map((item) => item.id)).toContain(mine);
      expect(page.items.every((item) => item.managerId === Number(pavel.operatorId))).toBe(true);
      // The list names who works each lead to the lender's staff, never to a partner.
      expect(page.items.find((item) => item.id === mine)?.manager).toEqual({
        id: Number(pavel.operatorId),
        login: "pavel",
      });
      const partners = await listLeads(db.prisma, partner, { limit: 100 });
      expect(partners.items.find((item) => item.id === mine)).not.toHaveProperty("manager");
      const free = await listLeads(db.prisma, pavel, { unassigned: true, limit: 100 });
      expect(free.items.map((item) => item.id)).not.toContain(mine);
      expect(free.items.every((item) => item.managerId === null)).toBe(true);

      await createOperator(db.prisma, {
        login: "gone",
        password: "correct horse battery",
        role: "operator",
      });
      await disableOperator(db.prisma, "gone");
      expect(await refusalOf(assignLead(db.prisma, admin, mine, "gone"))).toMatchObject({
        reason: "OPERATOR_NOT_FOUND",
      });
      const closed = await newLead();
      await withdrawLead(db.prisma, partner, closed);
      expect(await refusalOf(takeLead(db.prisma, olga, closed))).toMatchObject({
        reason: "LEAD_WITHDRAWN",
      });
    });
  });

  it("a bulk deny denies each lead on its own and says which failed and why", async () => {
    const fresh = [await newLead(), await newLead()];
    const converted = await newLead();
    const body = ivanov({ passport: { seria: "4507", no: "700004" } });
    await updateLead(db.prisma, partner, converted, body);
    await convertLead(db.prisma, olga, converted, body, db.sql);
    const outcomes = await forEachLead([fresh[0]!, converted, fresh[1]!, 999_999], (id) =>
      denyLead(db.prisma, olga, id, { reasonId: reasons.REPEAT_APPLICATION! }),
    );
    expect(outcomes.map((o) => (o.ok ? [o.id, "ok"] : [o.id, o.error.reason]))).toEqual([
      [fresh[0], "ok"],
      [converted, "LEAD_CONVERTED"],
      [fresh[1], "ok"],
      [999_999, "LEAD_NOT_FOUND"],
    ]);
    for (const id of fresh) expect((await getLead(db.prisma, olga, id)).status).toBe("DENIED");
    expect(
      await refusalOf(
        forEachLead(
          Array.from({ length: 101 }, (_, i) => i + 1),
          async () => {},
        ),
      ),
    ).toMatchObject({ reason: "TOO_MANY_LEADS" });
  });

  it("denial reasons: an admin adds and renames one; one in use is never deleted; the stop-list's stays active", async () => {
    const made = await createDenialReason(db.prisma, { code: "no_income", title: " Нет дохода " });
    expect(made).toMatchObject({ code: "NO_INCOME", title: "Нет дохода", active: true });
    expect(
      await refusalOf(createDenialReason(db.prisma, { code: "NO_INCOME", title: "Дубль" })),
    ).toMatchObject({ reason: "DENIAL_REASON_EXISTS" });
    expect(
      await refusalOf(createDenialReason(db.prisma, { code: "нет", title: "x" })),
    ).toMatchObject({ reason: "INVALID_DENIAL_REASON", issues: [{ path: "code" }] });
    await updateDenialReason(db.prisma, made.id, { title: "Нет подтверждённого дохода" });

    const id = await newLead();
    await denyLead(db.prisma, olga, id, { reasonId: made.id });
    expect(await refusalOf(deleteDenialReason(db.prisma, made.id))).toMatchObject({
      reason: "DENIAL_REASON_IN_USE",
    });
    // Still in use through the audit trail after the lead is reopened.
    await reopenLead(db.prisma, admin, id, { comment: "Ошибка" });
    expect(await refusalOf(deleteDenialReason(db.prisma, made.id))).toMatchObject({
      reason: "DENIAL_REASON_IN_USE",
    });
    const unused = await createDenialReason(db.prisma, { code: "TYPO", title: "Опечатка" });
    await deleteDenialReason(db.prisma, unused.id);
    expect((await listDenialReasons(db.prisma)).map((r) => r.code)).not.toContain("TYPO");

    expect(
      await refusalOf(updateDenialReason(db.prisma, reasons.STOP_LIST!, { active: false })),
    ).toMatchObject({ reason: "DENIAL_REASON_SYSTEM" });
    expect(await refusalOf(deleteDenialReason(db.prisma, reasons.STOP_LIST!))).toMatchObject({
      reason: "DENIAL_REASON_SYSTEM",
    });
    expect(Object.keys(reasons).sort()).toEqual(
      [
        "CLIENT_REFUSED",
        "INVALID_PASSPORT",
        "NOT_REACHABLE",
        "OTHER",
        "PRODUCT_TERMS",
        "REPEAT_APPLICATION",
        "STOP_LIST",
        "SUSPECTED_FRAUD",
      ].sort(),
    );
  });

  it.runIf(kind === "postgresql")(
    "20 transitions of one lead at once: exactly one wins, the other 19 get the 409 of its outcome",
    async () => {
      const id = await newLead();
      const moves = Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? denyLead(db.prisma, i % 4 === 0 ? olga : pavel, id, { reasonId: reasons.OTHER! })
          : withdrawLead(db.prisma, partner, id, { reason: `попытка ${i}` }),
      );
      const settled = await Promise.allSettled(moves);
      const won = settled.filter((result) => result.status === "fulfilled");
      const refused = settled.flatMap((result) =>
        result.status === "rejected" ? [result.reason] : [],
      );
      expect(won).toHaveLength(1);
      expect(refused).toHaveLength(19);
      const lead = await getLead(db.prisma, olga, id);
      const expected = lead.status === "DENIED" ? "LEAD_DENIED" : "LEAD_WITHDRAWN";
      for (const error of refused) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).reason).toBe(expected);
      }
      const events = (await leadHistory(db.prisma, olga, id)).filter(
        (event) => event.kind === "DENIED" || event.kind === "WITHDRAWN",
      );
      expect(events).toHaveLength(1);
    },
  );
});
