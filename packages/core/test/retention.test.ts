// Retention of leads that never became clients (152-FZ), on both databases with a controllable
// clock: the job depersonalizes exactly the leads past their period, leaves the rest, writes one
// destruction record each, and afterwards no table of the database holds an erased value.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { LeadBody } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type Actor,
  commentLead,
  convertLead,
  createLead,
  createOperator,
  denyLead,
  getLead,
  listDataDestructions,
  listDenialReasons,
  RetentionSettingError,
  readRetentionSettings,
  runRetention,
  startRetentionWorker,
  takeLead,
  updateLead,
  withdrawLead,
} from "../src/index.ts";
import { ivanov, partnerActor } from "./people.ts";
import { dumpDatabase as dumpAll } from "./support/database-dump.ts";

warnIfPostgresUntested();

const DAY = 86_400_000;

/** A lead whose every personal value is unique to it, so a dump can be searched for them. */
function person(n: number): { body: LeadBody; values: string[] } {
  const tag = `Стирание${"абвгдеж"[n]}`;
  const values = {
    lastName: `${tag}ова`,
    firstName: `${tag}ина`,
    patronymic: `${tag}овна`,
    mobilePhone: `+7999555000${n}`,
    email: `erase${n}@example.invalid`,
    inn: "123456789047",
    snils: "112-233-445 95",
    birthPlace: `Город ${tag}ск`,
    cardHolder: `ERASE HOLDER ${n}`,
    fullAddressText: `улица ${tag}ая, дом ${n}`,
    relative: `${tag}ев Родственник`,
    passportNo: `77000${n}`,
  };
  const body: LeadBody = {
    ...ivanov(),
    lastName: values.lastName,
    firstName: values.firstName,
    patronymic: values.patronymic,
    mobilePhone: values.mobilePhone,
    email: values.email,
    inn: values.inn,
    snils: values.snils,
    birthDate: `1980-03-0${n + 1}`,
    birthPlace: values.birthPlace,
    cardHolder: values.cardHolder,
    addressData: { fullAddressText: values.fullAddressText },
    relatives: [{ lastName: values.relative }],
    passport: { seria: "4599", no: values.passportNo, issueDate: "2010-05-14" },
  };
  // INN and SNILS are the same fixtures on every lead; the names, phone, passport and texts are
  // what the dump is searched for.
  const { inn: _inn, snils: _snils, ...searched } = values;
  return { body, values: Object.values(searched) };
}

describe.each(testDatabaseKinds())("retention of leads that never became clients on %s", (kind) => {
  let db: Database;
  let partner: Actor;
  let olga: Actor & { kind: "operator" };
  let reasons: Record<string, number>;

  const backdate = async (id: number, at: Date) => {
    await db.prisma.$executeRaw`
      UPDATE "Lead" SET "updatedAt" = ${at}, "createdAt" = ${at},
             "closedAt" = CASE WHEN "closedAt" IS NULL THEN NULL ELSE ${at}::timestamp END
       WHERE id = ${BigInt(id)}`;
  };

  /** Every row of every table in the public schema, as JSON text. */
  const dumpDatabase = async () => {
    const { tables, dump } = await dumpAll(db.prisma);
    expect(tables).toContain("DataDestruction");
    return dump;
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    partner = await partnerActor(db.prisma, "Магазин", 1n);
    await createOperator(db.prisma, {
      login: "olga",
      password: "correct horse battery",
      role: "operator",
    });
    const row = await db.prisma.operator.findUniqueOrThrow({ where: { login: "olga" } });
    olga = { kind: "operator", operatorId: row.id, login: "olga", role: "operator" };
    reasons = Object.fromEntries(
      (await listDenialReasons(db.prisma)).map((reason) => [reason.code, reason.id]),
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it("depersonalizes exactly the leads past their period, and no table holds an erased value afterwards", async () => {
    const now = new Date(Date.now() + 200 * DAY);
    const old = new Date(now.getTime() - 91 * DAY);
    const fresh = new Date(now.getTime() - 10 * DAY);

    // Past their period: an old denial (with a comment and an operator's note), an old
    // withdrawal (with the partner's words), an old NEW lead edited once (its audit holds values).
    const denied = person(0);
    const deniedId = await createLead(db.prisma, partner, denied.body, {
      idempotencyKey: "retention-denied",
    });
    await commentLead(db.prisma, olga, deniedId, `Звонил ${denied.values[0]}, просил перезвонить`);
    await denyLead(db.prisma, olga, deniedId, {
      reasonId: reasons.NOT_REACHABLE!,
      comment: `Не отвечает ${denied.values[3]}`,
    });
    await backdate(deniedId, old);

    const withdrawn = person(1);
    const withdrawnId = await createLead(db.prisma, partner, withdrawn.body);
    await withdrawLead(db.prisma, partner, withdrawnId, {
      reason: `Покупатель ${withdrawn.values[0]} передумал`,
    });
    await backdate(withdrawnId, old);

    const stale = person(2);
    const staleId = await createLead(db.prisma, partner, { ...stale.body, email: null });
    await updateLead(db.prisma, partner, staleId, stale.body);
    await backdate(staleId, old);

    // Kept: a converted lead, a fresh denial, an old NEW lead an operator has in work.
    const convertedId = await createLead(db.prisma, partner, ivanov());
    await convertLead(db.prisma, olga, convertedId, ivanov());
    await backdate(convertedId, old);
    const freshDeniedId = await createLead(db.prisma, partner, ivanov());
    await denyLead(db.prisma, olga, freshDeniedId, { reasonId: reasons.OTHER! });
    await backdate(freshDeniedId, fresh);
    const inWorkId = await createLead(db.prisma, partner, ivanov());
    await takeLead(db.prisma, olga, inWorkId);
    await backdate(inWorkId, old);

    const erased = [...denied.values, ...withdrawn.values, ...stale.values];
    const before = await dumpDatabase();
    expect(erased.filter((value) => before.includes(value))).toEqual(erased);

    const keptBefore = await Promise.all(
      [convertedId, freshDeniedId, inWorkId].map((id) => getLead(db.prisma, olga, id)),
    );

    expect(await runRetention(db.prisma, { retentionDays: 90 }, now)).toEqual({
      depersonalized: 3,
    });

    const acts = await listDataDestructions(db.prisma);
    expect(acts.map((act) => act.leadId).sort()).toEqual([deniedId, withdrawnId, staleId].sort());
    expect(new Set(acts.map((act) => act.policy))).toEqual(new Set(["RETENTION"]));
    expect(acts.every((act) => act.at.getTime() === now.getTime())).toBe(true);

    // What a depersonalized lead keeps: its id, status, partner, channel, terms and reason.
    const deniedAfter = await getLead(db.prisma, olga, deniedId);
    expect(deniedAfter).toMatchObject({
      id: deniedId,
      status: "DENIED",
      channel: "SITE",
      amount: 50000,
      period: 12,
      periodUnit: "MONTHS",
      denialReasonId: reasons.NOT_REACHABLE,
    });
    expect(deniedAfter.lastName ?? null).toBeNull();
    expect(deniedAfter.passport ?? null).toBeNull();
    const row = await db.prisma.lead.findUniqueOrThrow({ where: { id: BigInt(deniedId) } });
    expect(row.partnerId).not.toBeNull();
    expect(row.closedAt?.getTime()).toBe(old.getTime());

    // The kept leads did not change.
    const keptAfter = await Promise.all(
      [convertedId, freshDeniedId, inWorkId].map((id) => getLead(db.prisma, olga, id)),
    );
    expect(keptAfter).toEqual(keptBefore);

    // A full dump of every table in the public schema: not one erased value in it.
    const dump = await dumpDatabase();
    expect(dump).toContain("Иванов"); // the kept leads and the client are in the dump
    const hits = erased.filter((value) => dump.includes(value));
    expect(hits).toEqual([]);

    // A second run finds nothing more to do.
    expect(await runRetention(db.prisma, { retentionDays: 90 }, now)).toEqual({
      depersonalized: 0,
    });
  });

  it("a retention period of 0 keeps every lead", async () => {
    const id = await createLead(db.prisma, partner, ivanov());
    await withdrawLead(db.prisma, partner, id);
    await backdate(id, new Date(Date.now() - 3650 * DAY));
    expect(await runRetention(db.prisma, { retentionDays: 0 }, new Date())).toEqual({
      depersonalized: 0,
    });
    expect((await getLead(db.prisma, olga, id)).lastName).toBe("Иванов");
  });

  it("a pass bounded by maxLeads stops there and says that leads remain; the next one goes on", async () => {
    const now = new Date(Date.now() + 400 * DAY);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await createLead(db.prisma, partner, ivanov());
      await withdrawLead(db.prisma, partner, id);
      await backdate(id, new Date(now.getTime() - 100 * DAY));
      ids.push(id);
    }
    // Earlier tests' leads are past their period at this `now` too: the passes go on until done.
    expect(await runRetention(db.prisma, { retentionDays: 90 }, now, { maxLeads: 2 })).toEqual({
      depersonalized: 2,
      more: true,
    });
    let passes = 1;
    while ((await runRetention(db.prisma, { retentionDays: 90 }, now, { maxLeads: 2 })).more)
      passes++;
    expect(passes).toBeGreaterThanOrEqual(1);
    expect(await runRetention(db.prisma, { retentionDays: 90 }, now)).toEqual({
      depersonalized: 0,
    });
    const acts = await listDataDestructions(db.prisma);
    expect(ids.every((id) => acts.some((act) => act.leadId === id))).toBe(true);
  });

  it("the retention job on the job engine runs a pass when the server starts", async () => {
    const id = await createLead(db.prisma, partner, person(3).body);
    await withdrawLead(db.prisma, partner, id);
    await backdate(id, new Date(Date.now() - 100 * DAY));
    const errors: Error[] = [];
    const workers = await startRetentionWorker(db, { retentionDays: 90 }, (e) => errors.push(e));
    try {
      await vi.waitFor(
        async () => {
          const acts = await listDataDestructions(db.prisma);
          expect(acts.map((act) => act.leadId)).toContain(id);
        },
        { timeout: 20_000, interval: 200 },
      );
    } finally {
      await workers?.stop();
    }
    expect(errors).toEqual([]);
    expect((await getLead(db.prisma, olga, id)).lastName ?? null).toBeNull();
  }, 30_000);
});

describe("LEADCORE_RETENTION_DAYS", () => {
  it("defaults to 90 days, takes 0 to keep every lead, and refuses anything but whole days", () => {
    expect(readRetentionSettings({})).toEqual({ retentionDays: 90 });
    expect(readRetentionSettings({ LEADCORE_RETENTION_DAYS: "0" })).toEqual({ retentionDays: 0 });
    expect(readRetentionSettings({ LEADCORE_RETENTION_DAYS: "30" })).toEqual({ retentionDays: 30 });
    for (const bad of ["-1", "1.5", "ninety", "40000"])
      expect(() => readRetentionSettings({ LEADCORE_RETENTION_DAYS: bad })).toThrow(
        RetentionSettingError,
      );
  });
});
