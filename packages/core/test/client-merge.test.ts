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
  convertLead,
  createLead,
  DomainError,
  getClient,
  listClients,
  listDuplicatePairs,
  markNotSamePerson,
  mergeClients,
  mergePreview,
  previewMatch,
} from "../src/index.ts";
import { createAndConvert, ivanov, partnerActor, service } from "./people.ts";

warnIfPostgresUntested();

const operator: Actor = { kind: "operator", operatorId: 1n, login: "olga", role: "operator" };

/** The same Ivanov as `ivanov()`, with a replaced passport: another client by the rule. */
const replaced = (overrides: Partial<LeadBody> = {}) =>
  ivanov({ passport: { seria: "4519", no: "654321" }, ...overrides });

/** The same passport with the surname typed differently: another client by the rule. */
const typo = (overrides: Partial<LeadBody> = {}) => ivanov({ lastName: "Иваноф", ...overrides });

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe.each(testDatabaseKinds())("merging clients on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.$executeRawUnsafe(
      `TRUNCATE "ClientHistory", "Application", "LeadEvent", "Lead", "Client", "DuplicatePair" RESTART IDENTITY CASCADE`,
    );
  });

  const convert = (body: LeadBody) => createAndConvert(db.prisma, service, body);

  it("moves every application and lead of B to A, and B answers with A saying it was merged", async () => {
    const a = await convert(ivanov({ birthDate: "1990-04-12" }));
    const b1 = await convert(typo());
    const b2 = await convert(typo({ amount: 90000 }));
    expect(b2.clientId).toBe(b1.clientId);

    const merged = await mergeClients(db.prisma, operator, {
      targetId: a.clientId,
      sourceId: b1.clientId,
    });
    expect(merged.id).toBe(a.clientId);
    expect(merged.applications.map((x) => x.leadId)).toEqual([a.id, b1.id, b2.id]);
    expect(merged.mergedFrom).toBeNull();
    expect(merged.mergedClients).toEqual([
      { id: b1.clientId, mergedAt: expect.any(String), mergedBy: "olga" },
    ]);
    const leads = await db.prisma.lead.findMany({ select: { clientId: true } });
    expect(leads.every((lead) => lead.clientId === BigInt(a.clientId))).toBe(true);

    const tombstone = await getClient(db.prisma, service, b1.clientId);
    expect(tombstone.id).toBe(a.clientId);
    expect(tombstone.lastName).toBe("Иванов");
    expect(tombstone.mergedFrom).toEqual({
      id: b1.clientId,
      mergedAt: expect.any(String),
      mergedBy: "olga",
    });
    const list = await listClients(db.prisma, operator, {});
    expect(list.items.map((c) => c.id)).toEqual([a.clientId]);
  });

  it("a later lead with B's spelling converts to A", async () => {
    const a = await convert(ivanov());
    const b = await convert(typo());
    await mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: b.clientId });

    const later = await convert(typo({ amount: 10000 }));
    expect(later).toMatchObject({ clientId: a.clientId, outcome: "MATCHED_EXISTING_CLIENT" });
    expect(await db.prisma.client.count()).toBe(2);
  });

  it("previews of B's spelling name A: to an operator, and to the partner that brought B", async () => {
    const a = await convert(ivanov());
    const partner = await partnerActor(db.prisma, `Партнёр ${kind}`, 5n);
    const b = await createAndConvert(db.prisma, partner, typo());
    await mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: b.clientId });

    const next = await createLead(db.prisma, partner, typo({ amount: 10000 }));
    expect(await previewMatch(db.prisma, operator, next)).toMatchObject({
      status: "WILL_MATCH",
      client: { id: a.clientId },
    });
    // The partner brought B, whose leads are A's now: A came through it, so it is named.
    expect(await previewMatch(db.prisma, partner, next)).toMatchObject({
      status: "WILL_MATCH",
      client: { id: a.clientId },
    });
  });

  it("a tombstone's tombstones point to the new target: every key is one hop from a live client", async () => {
    const a = await convert(ivanov());
    const b = await convert(typo());
    const c = await convert(ivanov({ lastName: "Иванофф" }));
    await mergeClients(db.prisma, operator, { targetId: b.clientId, sourceId: c.clientId });
    await mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: b.clientId });

    const tombstone = await db.prisma.client.findUniqueOrThrow({
      where: { id: BigInt(c.clientId) },
    });
    expect(tombstone.mergedIntoId).toBe(BigInt(a.clientId));
    expect(
      (await getClient(db.prisma, operator, a.clientId)).mergedClients.map((m) => m.id),
    ).toEqual([c.clientId, b.clientId]);
    expect(await convert(ivanov({ lastName: "Иванофф" }))).toMatchObject({
      clientId: a.clientId,
    });
  });

  it("different passports need the operator's confirmation", async () => {
    const a = await convert(ivanov());
    const b = await convert(replaced());
    const preview = await mergePreview(db.prisma, operator, a.clientId, b.clientId);
    expect(preview.passportsDiffer).toBe(true);
    expect(preview.fields.find((f) => f.field === "passport")).toEqual({
      field: "passport",
      kind: "identity",
      target: "45 06 ***456",
      source: "45 19 ***321",
      default: "target",
    });
    expect(JSON.stringify(preview)).not.toContain("123456");

    const refused = await refusal(
      mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: b.clientId }),
    );
    expect(refused).toMatchObject({ kind: "UNPROCESSABLE", reason: "PASSPORTS_DIFFER" });
    expect(refused.issues).toEqual([
      expect.objectContaining({ path: "confirmDifferentPassport", code: "REQUIRED" }),
    ]);
    expect(await db.prisma.client.count({ where: { mergedIntoId: { not: null } } })).toBe(0);

    await mergeClients(db.prisma, operator, {
      targetId: a.clientId,
      sourceId: b.clientId,
      confirmDifferentPassport: true,
    });
    expect((await getClient(db.prisma, operator, b.clientId)).id).toBe(a.clientId);
  });

  it("defaults keep A's identity and the newer contact data; chosen source values change A's identity but not its key", async () => {
    const a = await convert(ivanov({ email: "old@example.ru", birthDate: "1990-04-12" }));
    const b = await convert(typo({ email: "new@example.ru", employerTitle: "ООО Ромашка" }));
    const preview = await mergePreview(db.prisma, operator, a.clientId, b.clientId);
    const defaults = Object.fromEntries(preview.fields.map((f) => [f.field, f.default]));
    expect(defaults).toMatchObject({
      lastName: "target",
      birthDate: "target",
      mobilePhone: "source",
      email: "source",
      employerTitle: "source",
    });
    expect(preview.passportsDiffer).toBe(false);

    const merged = await mergeClients(db.prisma, operator, {
      targetId: a.clientId,
      sourceId: b.clientId,
      choices: { lastName: "source", email: "target" },
    });
    expect(merged).toMatchObject({
      lastName: "Иваноф",
      email: "old@example.ru",
      employerTitle: "ООО Ромашка",
      birthDate: "1990-04-12",
    });
    const row = await db.prisma.client.findUniqueOrThrow({ where: { id: BigInt(a.clientId) } });
    expect(row.keyLastName).toBe("иванов");
    // A's own spelling still leads to A, and so does B's (through the tombstone).
    expect(await convert(ivanov())).toMatchObject({ clientId: a.clientId });
  });

  it("the history of both says who merged what and when", async () => {
    const a = await convert(ivanov());
    const b = await convert(typo());
    const merged = await mergeClients(db.prisma, operator, {
      targetId: a.clientId,
      sourceId: b.clientId,
      choices: { lastName: "source" },
    });
    const ofMerge = merged.history.filter((entry) => entry.leadId === null);
    expect(ofMerge).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: "lastName",
          oldValue: "Иванов",
          newValue: "Иваноф",
          status: "APPLIED",
          decidedBy: "olga",
          decidedAt: expect.any(String),
        }),
        expect.objectContaining({
          field: "mergedFrom",
          newValue: { clientId: b.clientId, applicationIds: [b.applicationId] },
          decidedBy: "olga",
        }),
      ]),
    );
    const onB = await db.prisma.clientHistory.findMany({
      where: { clientId: BigInt(b.clientId), leadId: null },
    });
    expect(onB).toEqual([
      expect.objectContaining({
        field: "mergedInto",
        newValue: { clientId: a.clientId },
        decidedBy: "olga",
      }),
    ]);
  });

  it("refuses merging a client into itself, a tombstone, into a tombstone, and non-operators", async () => {
    const a = await convert(ivanov());
    const b = await convert(typo());
    const c = await convert(ivanov({ lastName: "Иванофф" }));
    expect(
      await refusal(
        mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: a.clientId }),
      ),
    ).toMatchObject({ kind: "INVALID", reason: "SAME_CLIENT" });
    await mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: b.clientId });
    expect(
      await refusal(
        mergeClients(db.prisma, operator, { targetId: c.clientId, sourceId: b.clientId }),
      ),
    ).toMatchObject({ kind: "CONFLICT", reason: "CLIENT_MERGED" });
    expect(
      await refusal(
        mergeClients(db.prisma, operator, { targetId: b.clientId, sourceId: c.clientId }),
      ),
    ).toMatchObject({ kind: "CONFLICT", reason: "MERGE_TARGET_MERGED" });
    expect(await refusal(mergePreview(db.prisma, operator, c.clientId, b.clientId))).toMatchObject({
      reason: "CLIENT_MERGED",
    });
    expect(
      await refusal(mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: 999 })),
    ).toMatchObject({ kind: "NOT_FOUND", reason: "CLIENT_NOT_FOUND" });
    for (const actor of [
      service,
      { kind: "partner", partnerId: 1n, apiKeyId: 2n, name: "p" } as const,
    ])
      expect(
        await refusal(
          mergeClients(db.prisma, actor, { targetId: a.clientId, sourceId: c.clientId }),
        ),
      ).toMatchObject({ kind: "NOT_FOUND", reason: "CLIENT_NOT_FOUND" });
    expect((await getClient(db.prisma, operator, c.clientId)).mergedFrom).toBeNull();
  });

  it("the pair A–B becomes MERGED, B's other open pairs become A's, and a merged pair cannot be called two people", async () => {
    const a = await convert(ivanov());
    const b = await convert(typo());
    const c = await convert(replaced());
    const d = await convert(replaced({ lastName: "Петров" }));
    await db.prisma.duplicatePair.createMany({
      data: [
        {
          lowClientId: BigInt(a.clientId),
          highClientId: BigInt(b.clientId),
          score: 0.9,
          reasons: ["NAME_TYPO"],
        },
        {
          lowClientId: BigInt(b.clientId),
          highClientId: BigInt(c.clientId),
          score: 0.8,
          reasons: ["NAME_TYPO"],
        },
        {
          lowClientId: BigInt(a.clientId),
          highClientId: BigInt(d.clientId),
          score: 0.7,
          reasons: ["SAME_PHONE"],
        },
        {
          lowClientId: BigInt(b.clientId),
          highClientId: BigInt(d.clientId),
          score: 0.7,
          reasons: ["SAME_PHONE"],
        },
      ],
    });
    await mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: b.clientId });

    const mergedPairs = await listDuplicatePairs(db.prisma, operator, { status: "MERGED" });
    expect(mergedPairs.items.map((p) => [p.clients.map((x) => x.id), p.decidedBy])).toEqual([
      [[a.clientId, b.clientId], "olga"],
    ]);
    const open = await listDuplicatePairs(db.prisma, operator, {});
    expect(open.items.map((p) => p.clients.map((x) => x.id))).toEqual([
      [a.clientId, c.clientId],
      [a.clientId, d.clientId],
    ]);
    expect(
      await refusal(markNotSamePerson(db.prisma, operator, a.clientId, b.clientId)),
    ).toMatchObject({ reason: "DUPLICATE_PAIR_MERGED" });
  });

  it("conversions to B racing the merge all end at A", async () => {
    const a = await convert(ivanov());
    const b = await convert(typo());
    const leads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const body = typo({ amount: 1000 + i });
        return createLead(db.prisma, service, body).then((id) => ({ id, body }));
      }),
    );
    const [, ...conversions] = await Promise.all([
      mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: b.clientId }),
      ...leads.map(({ id, body }) => convertLead(db.prisma, service, id, body, db.sql)),
    ]);
    expect(conversions.every((result) => result.outcome === "MATCHED_EXISTING_CLIENT")).toBe(true);
    const applications = await db.prisma.application.findMany({ select: { clientId: true } });
    expect(applications).toHaveLength(10);
    // Each conversion ended at B before the merge (and moved with it) or at A after it.
    expect(applications.every((x) => x.clientId === BigInt(a.clientId))).toBe(true);
  });

  it("conversions to an older tombstone racing the merge of its client all end at the new target", async () => {
    const a = await convert(ivanov());
    const b = await convert(typo());
    const c = await convert(ivanov({ lastName: "Иванофф" }));
    await mergeClients(db.prisma, operator, { targetId: b.clientId, sourceId: c.clientId });
    const leads = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const body = ivanov({ lastName: "Иванофф", amount: 1000 + i });
        return createLead(db.prisma, service, body).then((id) => ({ id, body }));
      }),
    );
    // Each conversion holds C's row and then locks C's client (B, or A once merged): the merge
    // takes C's row before B's, so the two wait for each other in one order only.
    await Promise.all([
      mergeClients(db.prisma, operator, { targetId: a.clientId, sourceId: b.clientId }),
      ...leads.map(({ id, body }) => convertLead(db.prisma, service, id, body, db.sql)),
    ]);
    const applications = await db.prisma.application.findMany({ select: { clientId: true } });
    expect(applications).toHaveLength(11);
    expect(applications.every((x) => x.clientId === BigInt(a.clientId))).toBe(true);
  });

  it.runIf(kind === "postgresql")(
    "a conversion to B that waits on B's lock while the merge commits ends at A",
    async () => {
      const a = await convert(ivanov());
      const b = await convert(typo());
      const body = typo({ amount: 12345 });
      const leadId = await createLead(db.prisma, service, body);

      // The gate: a transaction holding B's application row, so the merge, once it has locked A
      // and B, waits inside its transaction until the test opens the gate.
      let open: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      let gateHeld: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        gateHeld = resolve;
      });
      const blocker = db.prisma.$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT id FROM "Application" WHERE "clientId" = ${BigInt(b.clientId)} FOR UPDATE`;
          gateHeld();
          await gate;
        },
        { timeout: 30_000 },
      );
      await held;
      const merge = mergeClients(db.prisma, operator, {
        targetId: a.clientId,
        sourceId: b.clientId,
      });
      await waitForLockWaiters(1);
      const conversion = convertLead(db.prisma, service, leadId, body, db.sql);
      await waitForLockWaiters(2);
      // The merge holds A and B; the conversion waits for B. Both are in flight now.
      const tombstoneBefore = await db.prisma.client.findUniqueOrThrow({
        where: { id: BigInt(b.clientId) },
      });
      expect(tombstoneBefore.mergedIntoId).toBeNull();
      open();
      await blocker;
      await merge;
      expect(await conversion).toMatchObject({
        clientId: a.clientId,
        outcome: "MATCHED_EXISTING_CLIENT",
      });
      const application = await db.prisma.application.findUniqueOrThrow({
        where: { leadId: BigInt(leadId) },
      });
      expect(application.clientId).toBe(BigInt(a.clientId));
    },
  );

  /** Until `count` statements of this database wait for a row lock. */
  async function waitForLockWaiters(count: number): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const [row] = await db.prisma.$queryRaw<{ waiting: bigint }[]>`
        SELECT count(*) AS waiting FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if (Number(row?.waiting ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${count} statements ever waited for a lock`);
  }
});
