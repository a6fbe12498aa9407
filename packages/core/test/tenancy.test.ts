// Tenancy of clients: a partner sees only what its own lead would do, and cannot change the
// contacts of a client that never came through it (they become a proposal for an operator).

import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { LeadBody } from "@leadcore/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Actor,
  acceptContactProposal,
  authenticate,
  convertLead,
  createLead,
  createPartnerWithKey,
  getClient,
  previewMatch,
  rejectContactProposal,
} from "../src/index.ts";
import { createAndConvert as createAndConvertAs, ivanov, service } from "./people.ts";

warnIfPostgresUntested();

const operator: Actor = { kind: "operator", operatorId: 1n, login: "olga", role: "operator" };

describe.each(testDatabaseKinds())("tenancy of clients on %s", (kind) => {
  let db: Database;
  let partnerA: Actor;
  let partnerB: Actor;

  const partner = async (name: string) =>
    (await authenticate(db.prisma, (await createPartnerWithKey(db.prisma, name)).key))!;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.$executeRawUnsafe(
      `TRUNCATE "ClientHistory", "Application", "LeadEvent", "Lead", "Client", "ApiKey", "Partner" RESTART IDENTITY CASCADE`,
    );
    partnerA = await partner("Партнёр А");
    partnerB = await partner("Партнёр Б");
  });

  const createAndConvert = (actor: Actor, body: LeadBody) =>
    createAndConvertAs(db.prisma, actor, body);

  /** Partner A's customer, Ivanov, as a client. */
  async function customerOfA() {
    return createAndConvert(
      partnerA,
      ivanov({ mobilePhone: "+79160000001", email: "a@example.ru" }),
    );
  }

  /** A's customer after a refused or failed decision: A's contacts, B's two changes still proposed. */
  async function expectProposalUndecided(clientId: number) {
    expect(await getClient(db.prisma, operator, clientId)).toMatchObject({
      mobilePhone: "+79160000001",
      email: "a@example.ru",
    });
    expect((await proposals(clientId)).map((entry) => entry.status)).toEqual([
      "PROPOSED",
      "PROPOSED",
    ]);
  }

  /** What partner B's conversion of A's customer carries: another phone and email. */
  const leadOfB = () => ivanov({ mobilePhone: "+79160000002", email: "b@example.ru" });

  const proposals = async (clientId: number) =>
    (await getClient(db.prisma, operator, clientId)).history
      .filter((entry) => entry.status !== "APPLIED")
      .map(({ field, oldValue, newValue, status, decidedBy }) => ({
        field,
        oldValue,
        newValue,
        status,
        decidedBy,
      }));

  it("partner B's preview of a lead with A's customer's name and passport says WILL_MATCH and nothing of the client", async () => {
    const a = await customerOfA();
    const sameName = await createLead(db.prisma, partnerB, leadOfB());
    const preview = await previewMatch(db.prisma, partnerB, sameName);
    expect(preview).toEqual({
      status: "WILL_MATCH",
      matchedOn: ["lastName", "firstName", "patronymic", "passport.seria", "passport.no"],
    });
    expect(JSON.stringify(preview)).not.toContain("Иванов");

    // Staff still get the full picture of the same lead.
    expect(await previewMatch(db.prisma, service, sameName)).toMatchObject({
      status: "WILL_MATCH",
      client: { id: a.clientId },
    });
  });

  it("partner B's preview of a lead with A's customer's passport and another name lists no near-miss", async () => {
    const a = await customerOfA();
    const otherName = await createLead(db.prisma, partnerB, ivanov({ lastName: "Сидоров" }));
    expect(await previewMatch(db.prisma, partnerB, otherName)).toEqual({ status: "WILL_CREATE" });

    // The operator sees the near miss, both by the passport and as a suspect with its reason.
    const summary = {
      id: a.clientId,
      fullName: "Иванов Иван Иванович",
      passportMasked: "45 06 ***456",
    };
    expect(await previewMatch(db.prisma, operator, otherName)).toEqual({
      status: "WILL_CREATE",
      samePassportOtherName: [summary],
      suspects: [{ client: summary, score: 0.7, reasons: ["SAME_PASSPORT"] }],
    });
  });

  it("a partner's preview names the client once the client came through that partner", async () => {
    const a = await customerOfA();
    const again = await createLead(db.prisma, partnerA, ivanov());
    expect(await previewMatch(db.prisma, partnerA, again)).toEqual({
      status: "WILL_MATCH",
      client: { id: a.clientId, fullName: "Иванов Иван Иванович", passportMasked: "45 06 ***456" },
      matchedOn: ["lastName", "firstName", "patronymic", "passport.seria", "passport.no"],
    });
  });

  it("partner B's conversion of A's customer adds the application, keeps the client's phone and email and records a proposal", async () => {
    const a = await customerOfA();
    const b = await createAndConvert(partnerB, leadOfB());
    expect(b).toMatchObject({ clientId: a.clientId, outcome: "MATCHED_EXISTING_CLIENT" });

    const client = await getClient(db.prisma, operator, a.clientId);
    expect(client).toMatchObject({ mobilePhone: "+79160000001", email: "a@example.ru" });
    expect(client.applications.map((application) => application.leadId)).toEqual([a.id, b.id]);
    expect(await proposals(a.clientId)).toEqual([
      {
        field: "mobilePhone",
        oldValue: "+79160000001",
        newValue: "+79160000002",
        status: "PROPOSED",
        decidedBy: null,
      },
      {
        field: "email",
        oldValue: "a@example.ru",
        newValue: "b@example.ru",
        status: "PROPOSED",
        decidedBy: null,
      },
    ]);
    expect(client.history.find((entry) => entry.status === "PROPOSED")).toMatchObject({
      leadId: b.id,
      partner: { name: "Партнёр Б" },
    });
  });

  it("after B's proposal, A's own later conversion still updates the contacts as before", async () => {
    const a = await customerOfA();
    await createAndConvert(partnerB, leadOfB());
    const later = await createAndConvert(
      partnerA,
      ivanov({ mobilePhone: "+79160000003", email: "a2@example.ru" }),
    );

    const client = await getClient(db.prisma, operator, a.clientId);
    expect(client).toMatchObject({ mobilePhone: "+79160000003", email: "a2@example.ru" });
    const applied = client.history.filter((entry) => entry.leadId === later.id);
    expect(
      applied.map(({ field, oldValue, newValue, status }) => ({
        field,
        oldValue,
        newValue,
        status,
      })),
    ).toEqual([
      {
        field: "mobilePhone",
        oldValue: "+79160000001",
        newValue: "+79160000003",
        status: "APPLIED",
      },
      { field: "email", oldValue: "a@example.ru", newValue: "a2@example.ru", status: "APPLIED" },
    ]);
  });

  it("once B's lead has been converted into the client, B's next conversion updates the contacts (B is now a partner it came through)", async () => {
    const a = await customerOfA();
    await createAndConvert(partnerB, leadOfB());
    await createAndConvert(partnerB, ivanov({ mobilePhone: "+79160000004" }));
    expect((await getClient(db.prisma, operator, a.clientId)).mobilePhone).toBe("+79160000004");
  });

  it("an operator's and a service key's conversion of B's lead update A's customer's contacts as before", async () => {
    const a = await customerOfA();
    const byOperator = await createLead(db.prisma, partnerB, leadOfB());
    await convertLead(db.prisma, operator, byOperator, leadOfB(), db.sql);
    expect(await getClient(db.prisma, operator, a.clientId)).toMatchObject({
      mobilePhone: "+79160000002",
      email: "b@example.ru",
    });

    const byService = ivanov({ mobilePhone: "+79160000005" });
    await convertLead(
      db.prisma,
      service,
      await createLead(db.prisma, service, byService),
      byService,
      db.sql,
    );
    expect((await getClient(db.prisma, operator, a.clientId)).mobilePhone).toBe("+79160000005");
    expect(await proposals(a.clientId)).toEqual([]);
  });

  it("an operator accepting B's proposal applies its values and records who accepted, with the values it replaced", async () => {
    const a = await customerOfA();
    const b = await createAndConvert(partnerB, leadOfB());
    const view = await acceptContactProposal(db.prisma, operator, a.clientId, b.id);

    expect(view).toMatchObject({ mobilePhone: "+79160000002", email: "b@example.ru" });
    expect(await getClient(db.prisma, operator, a.clientId)).toMatchObject({
      mobilePhone: "+79160000002",
      email: "b@example.ru",
    });
    expect(await proposals(a.clientId)).toEqual([
      {
        field: "mobilePhone",
        oldValue: "+79160000001",
        newValue: "+79160000002",
        status: "ACCEPTED",
        decidedBy: "olga",
      },
      {
        field: "email",
        oldValue: "a@example.ru",
        newValue: "b@example.ru",
        status: "ACCEPTED",
        decidedBy: "olga",
      },
    ]);
    expect(
      view.history.every((entry) => entry.status !== "ACCEPTED" || entry.decidedAt !== null),
    ).toBe(true);
    await expect(
      acceptContactProposal(db.prisma, operator, a.clientId, b.id),
    ).rejects.toMatchObject({ kind: "CONFLICT" });
    await expect(
      rejectContactProposal(db.prisma, operator, a.clientId, b.id),
    ).rejects.toMatchObject({ kind: "CONFLICT" });
  });

  it("an accepted proposal records the value it actually replaced, even when the client changed since it was proposed", async () => {
    const a = await customerOfA();
    const b = await createAndConvert(partnerB, leadOfB());
    await createAndConvert(
      partnerA,
      ivanov({ mobilePhone: "+79160000003", email: "a@example.ru" }),
    );
    await acceptContactProposal(db.prisma, operator, a.clientId, b.id);
    expect(
      (await proposals(a.clientId)).find((entry) => entry.field === "mobilePhone"),
    ).toMatchObject({
      oldValue: "+79160000003",
      newValue: "+79160000002",
      status: "ACCEPTED",
    });
  });

  it("an operator rejecting B's proposal leaves the client's contacts and keeps the proposal in the history as rejected", async () => {
    const a = await customerOfA();
    const b = await createAndConvert(partnerB, leadOfB());
    await rejectContactProposal(db.prisma, operator, a.clientId, b.id);
    expect(await getClient(db.prisma, operator, a.clientId)).toMatchObject({
      mobilePhone: "+79160000001",
      email: "a@example.ru",
    });
    expect(
      (await proposals(a.clientId)).map((entry) => [entry.field, entry.status, entry.decidedBy]),
    ).toEqual([
      ["mobilePhone", "REJECTED", "olga"],
      ["email", "REJECTED", "olga"],
    ]);
    await expect(
      acceptContactProposal(db.prisma, operator, a.clientId, b.id),
    ).rejects.toMatchObject({ kind: "CONFLICT" });
  });

  it("a partner name longer than the contract's title bound is refused, so every view can state the bound", async () => {
    const name = "П".repeat(301);
    await expect(createPartnerWithKey(db.prisma, name)).rejects.toMatchObject({
      kind: "INVALID",
      issues: [{ path: "name", code: "TOO_LONG", params: { maximum: 300 } }],
    });
    expect(await db.prisma.partner.findUnique({ where: { name } })).toBeNull();
    await expect(createPartnerWithKey(db.prisma, "П".repeat(300))).resolves.toMatchObject({
      key: expect.any(String),
    });
  });

  it("a partner key or a service key cannot accept a proposal, not even its own, and the client stays as it was", async () => {
    const a = await customerOfA();
    const b = await createAndConvert(partnerB, leadOfB());
    for (const actor of [partnerB, partnerA, service]) {
      await expect(acceptContactProposal(db.prisma, actor, a.clientId, b.id)).rejects.toMatchObject(
        { kind: "NOT_FOUND" },
      );
      await expect(rejectContactProposal(db.prisma, actor, a.clientId, b.id)).rejects.toMatchObject(
        { kind: "NOT_FOUND" },
      );
    }
    await expectProposalUndecided(a.clientId);
  });

  it("accepting a proposal that does not exist for that client is NOT_FOUND", async () => {
    const a = await customerOfA();
    const b = await createAndConvert(partnerB, leadOfB());
    await expect(
      acceptContactProposal(db.prisma, operator, a.clientId, a.id),
    ).rejects.toMatchObject({ kind: "NOT_FOUND" });
    await expect(
      acceptContactProposal(db.prisma, operator, a.clientId + 1000, b.id),
    ).rejects.toMatchObject({ kind: "NOT_FOUND" });
  });

  it("an acceptance that fails half-way (at the history update) changes neither the client nor the proposal", async () => {
    const a = await customerOfA();
    const b = await createAndConvert(partnerB, leadOfB());
    await db.prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_update() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
    await db.prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_update BEFORE UPDATE ON "ClientHistory" FOR EACH ROW EXECUTE FUNCTION fail_update()`,
    );
    try {
      await expect(acceptContactProposal(db.prisma, operator, a.clientId, b.id)).rejects.toThrow();
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER fail_update ON "ClientHistory"`);
    }
    await expectProposalUndecided(a.clientId);
  });

  it("two partners converting one new person at the same moment: one client, the creator's contacts, the other's only proposed", async () => {
    for (let round = 0; round < 5; round += 1) {
      const person = { passport: { seria: "4510", no: String(200000 + round) } };
      const bodyA = ivanov({ ...person, mobilePhone: "+79161110001", email: "a@example.ru" });
      const bodyB = ivanov({ ...person, mobilePhone: "+79162220002", email: "b@example.ru" });
      const [idA, idB] = [
        await createLead(db.prisma, partnerA, bodyA),
        await createLead(db.prisma, partnerB, bodyB),
      ];
      const [resultA, resultB] = await Promise.all([
        convertLead(db.prisma, partnerA, idA, bodyA, db.sql),
        convertLead(db.prisma, partnerB, idB, bodyB, db.sql),
      ]);
      expect(resultA.clientId).toBe(resultB.clientId);
      const [creator, other] =
        resultA.outcome === "CREATED_NEW_CLIENT"
          ? [bodyA, { ...bodyB, id: idB }]
          : [bodyB, { ...bodyA, id: idA }];
      const client = await getClient(db.prisma, operator, resultA.clientId);
      expect(client).toMatchObject({ mobilePhone: creator.mobilePhone, email: creator.email });
      expect(
        client.history.map(({ field, newValue, status, leadId }) => ({
          field,
          newValue,
          status,
          leadId,
        })),
      ).toEqual([
        { field: "mobilePhone", newValue: other.mobilePhone, status: "PROPOSED", leadId: other.id },
        { field: "email", newValue: other.email, status: "PROPOSED", leadId: other.id },
      ]);
    }
  });
});
