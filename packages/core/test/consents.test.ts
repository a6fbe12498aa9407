// The borrower's consents on a lead (152-FZ), on both databases: stored with the lead and read
// back; required of partners when the lender says so; never lost by an edit; and withdrawn — the
// personal-data consent's withdrawal erases a lead that never became a client at once, in one
// transaction with its destruction record, and keeps a client's loan record, saying why.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { Consent } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  createLead,
  getLead,
  leadHistory,
  listDataDestructions,
  updateLead,
  withdrawConsent,
} from "../src/index.ts";
import { createAndConvert, ivanov, partnerActor, service } from "./people.ts";

warnIfPostgresUntested();

const personalData: Consent = {
  kind: "PERSONAL_DATA",
  textVersion: "pd-2026-01",
  givenAt: "2026-11-30T10:15:00+05:00",
  channel: "SMS",
  confirmationId: "sms-4471",
};
const marketing: Consent = {
  kind: "MARKETING",
  textVersion: "ads-2",
  givenAt: "2026-11-30T10:16:00+05:00",
  channel: "WEB",
};

describe.each(testDatabaseKinds())("consents on %s", (kind) => {
  let db: Database;
  let partner: Actor;
  let other: Actor;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    partner = await partnerActor(db.prisma, "Магазин", 1n);
    other = await partnerActor(db.prisma, "Другой", 2n);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("stores the consents with the lead and returns them; one sent as withdrawn arrives in force", async () => {
    const id = await createLead(db.prisma, partner, {
      ...ivanov(),
      consents: [{ ...personalData, withdrawnAt: "2026-12-01T00:00:00Z" }, marketing],
    });
    const lead = await getLead(db.prisma, partner, id);
    expect(lead.consents).toEqual([personalData, marketing]);
  });

  it("requires a partner's personal-data consent only when the lender says so, and creates nothing without it", async () => {
    const before = await db.prisma.lead.count();
    const required = { requirePersonalDataConsent: true };
    await expect(
      createLead(db.prisma, partner, { ...ivanov(), consents: [marketing] }, required),
    ).rejects.toMatchObject({
      kind: "UNPROCESSABLE",
      reason: "PD_CONSENT_REQUIRED",
      issues: [{ path: "consents", code: "REQUIRED" }],
    });
    await expect(createLead(db.prisma, partner, ivanov(), required)).rejects.toMatchObject({
      reason: "PD_CONSENT_REQUIRED",
    });
    expect(await db.prisma.lead.count()).toBe(before);
    // With the consent, off, or the lender's own service: created.
    await createLead(db.prisma, partner, { ...ivanov(), consents: [personalData] }, required);
    await createLead(db.prisma, partner, ivanov(), { requirePersonalDataConsent: false });
    await createLead(db.prisma, service, ivanov(), required);
    expect(await db.prisma.lead.count()).toBe(before + 3);
  });

  it("keeps every consent through an edit that leaves them out, and adds the new ones an edit sends", async () => {
    const id = await createLead(db.prisma, partner, { ...ivanov(), consents: [personalData] });
    await updateLead(db.prisma, partner, id, { ...ivanov(), amount: 12_345 });
    expect((await getLead(db.prisma, partner, id)).consents).toEqual([personalData]);
    await updateLead(db.prisma, partner, id, { ...ivanov(), consents: [personalData, marketing] });
    expect((await getLead(db.prisma, partner, id)).consents).toEqual([personalData, marketing]);
  });

  it("withdraws a marketing consent without touching the lead's data; a second withdrawal is a 409", async () => {
    const id = await createLead(db.prisma, partner, {
      ...ivanov(),
      consents: [personalData, marketing],
    });
    const now = new Date("2026-12-02T12:00:00Z");
    const answer = await withdrawConsent(db.prisma, partner, id, "MARKETING", now);
    expect(answer).toEqual({
      id,
      kind: "MARKETING",
      withdrawnAt: now.toISOString(),
      erased: false,
      keptBecause: null,
    });
    const lead = await getLead(db.prisma, partner, id);
    expect(lead.status).toBe("NEW");
    expect(lead.lastName).toBe(ivanov().lastName);
    expect(lead.consents).toEqual([personalData, { ...marketing, withdrawnAt: now.toISOString() }]);
    // An edit cannot bring the withdrawn consent back in force.
    await updateLead(db.prisma, partner, id, { ...ivanov(), consents: [personalData, marketing] });
    expect((await getLead(db.prisma, partner, id)).consents?.[1]?.withdrawnAt).toBe(
      now.toISOString(),
    );
    await expect(withdrawConsent(db.prisma, partner, id, "MARKETING")).rejects.toMatchObject({
      kind: "CONFLICT",
      reason: "CONSENT_NOT_GIVEN",
    });
    const history = await leadHistory(db.prisma, partner, id);
    expect(
      history.some((entry) => entry.changes.some((c) => c.path === "consents.1.withdrawnAt")),
    ).toBe(true);
  });

  it("erases a NEW lead at once when its personal-data consent is withdrawn: withdrawn, depersonalized, recorded", async () => {
    const id = await createLead(db.prisma, partner, {
      ...ivanov({ lastName: "Отзывова", mobilePhone: "+79995554411" }),
      consents: [personalData],
    });
    const answer = await withdrawConsent(db.prisma, partner, id, "PERSONAL_DATA");
    expect(answer).toMatchObject({ id, erased: true, keptBecause: null });
    const lead = await getLead(db.prisma, partner, id);
    expect(lead.status).toBe("WITHDRAWN");
    expect(lead.lastName).toBeUndefined();
    expect(lead.mobilePhone).toBeUndefined();
    expect(lead.passport).toBeUndefined();
    // The consent record stays: the proof of what was agreed and when it was withdrawn.
    expect(lead.consents).toEqual([{ ...personalData, withdrawnAt: answer.withdrawnAt }]);
    const row = await db.prisma.lead.findUniqueOrThrow({ where: { id: BigInt(id) } });
    expect(row).toMatchObject({ lastName: null, mobilePhone: null, passportNumber: null });
    const destructions = await listDataDestructions(db.prisma);
    expect(destructions.find((record) => record.leadId === id)).toMatchObject({
      policy: "CONSENT_WITHDRAWN",
    });
    const events = await db.prisma.leadEvent.findMany({
      where: { leadId: BigInt(id) },
      select: { changes: true, comment: true },
    });
    expect(events.map((event) => event.changes)).not.toHaveLength(0);
    expect(JSON.stringify(events)).not.toContain("Отзывова");
  });

  it("keeps a converted lead's data (a client's loan record) and says why", async () => {
    const { id: leadId } = await createAndConvert(db.prisma, partner, {
      ...ivanov({ lastName: "Клиентова" }),
      consents: [personalData],
    });
    const answer = await withdrawConsent(db.prisma, partner, leadId, "PERSONAL_DATA");
    expect(answer).toMatchObject({ erased: false, keptBecause: "CONVERTED_TO_CLIENT" });
    const lead = await getLead(db.prisma, partner, leadId);
    expect(lead).toMatchObject({ status: "CONVERTED", lastName: "Клиентова" });
    expect(lead.consents?.[0]?.withdrawnAt).toBe(answer.withdrawnAt);
    const destructions = await listDataDestructions(db.prisma);
    expect(destructions.some((record) => record.leadId === leadId)).toBe(false);
  });

  it("lets a partner withdraw on its own leads only", async () => {
    const id = await createLead(db.prisma, partner, { ...ivanov(), consents: [personalData] });
    await expect(withdrawConsent(db.prisma, other, id, "PERSONAL_DATA")).rejects.toMatchObject({
      kind: "NOT_FOUND",
    });
    expect((await getLead(db.prisma, partner, id)).consents).toEqual([personalData]);
  });
});
