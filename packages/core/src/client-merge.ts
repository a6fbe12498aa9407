// Merging two clients that are one person (issue 13): an operator merges client B (the source)
// into client A (the target). B's applications and leads move to A; B stays as a tombstone
// pointing to A, so `getClient(B)` answers with A and B's identity key (which B keeps, and which
// stays in the unique index) leads every later conversion to A (conversion.ts follows the one
// hop). Nothing is ever unmerged: a wrong merge is corrected by hand (README, "Merging clients").
//
// One transaction, with B's own tombstones locked first and then both client rows FOR UPDATE in id
// order (two merges of the same pair, or of A with B and B with A, queue instead of deadlocking;
// so does a conversion that holds one of B's tombstones and waits for B: without the first lock
// that is a deadlock on PostgreSQL every time, client-merge.test.ts). A conversion to B that reached
// B's row first finishes before the merge moves its application; one that waits on B's lock while
// the merge commits re-reads B after the lock (READ COMMITTED), finds it merged, and converts to
// A. Which values A keeps is the operator's choice per field; the defaults are A's identity (the
// person the lender checked first) and the newer contact data.
import { type Client, Prisma, type PrismaClient } from "@leadcore/db";
import {
  type ClientMergeInput,
  type ClientMergePreview,
  type ClientView,
  isMergeIdentityField,
  MERGE_FIELDS,
  type MergeField,
  type MergeFieldDiff,
  type MergeSide,
} from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { getClient } from "./clients.ts";
import { pairOf } from "./duplicate-queue.ts";
import { DomainError, notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import { sameDocument } from "./lead-document.ts";
import { maskPassport, toClientSummary } from "./lead-views.ts";

type Tx = Prisma.TransactionClient;
type Operator = Extract<Actor, { kind: "operator" }>;

// Merging is a person's judgement that two records are one human being, and it cannot be undone:
// only an operator may do it. Partners do not even learn that the clients exist (as in clients.ts);
// the API refuses service keys with FORBIDDEN before this runs.
function requireOperator(actor: Actor): Operator {
  if (actor.kind !== "operator") throw notFound("Client");
  return actor;
}

/** A field's value on a client as the operator compares it (the passport masked, never whole). */
function shownValue(client: Client, field: MergeField): unknown {
  if (field === "passport") return maskPassport(client.passportSeries, client.passportNumber);
  return client[field] ?? null;
}

/** Whether the field differs; the passport by its digits (two passports may share a mask). */
function differs(target: Client, source: Client, field: MergeField): boolean {
  if (field === "passport") return passportsDiffer(target, source);
  return !sameDocument(target[field] ?? null, source[field] ?? null);
}

function passportsDiffer(target: Client, source: Client): boolean {
  return (
    target.passportSeries !== source.passportSeries ||
    target.passportNumber !== source.passportNumber
  );
}

/**
 * The fields where A and B differ, with the default choice: A's identity, the contact data of the
 * client updated later. A side whose value is empty never wins by default over one that has a
 * value, so a default never erases what the other client knew.
 */
function differences(target: Client, source: Client): MergeFieldDiff[] {
  const newer: MergeSide = source.updatedAt > target.updatedAt ? "source" : "target";
  return MERGE_FIELDS.filter((field) => differs(target, source, field)).map((field) => {
    const kind = isMergeIdentityField(field) ? "identity" : "contact";
    const targetValue = shownValue(target, field);
    const sourceValue = shownValue(source, field);
    const preferred: MergeSide = kind === "identity" ? "target" : newer;
    const preferredEmpty = (preferred === "target" ? targetValue : sourceValue) === null;
    const fallback: MergeSide = preferred === "target" ? "source" : "target";
    return {
      field,
      kind,
      target: targetValue,
      source: sourceValue,
      default: preferredEmpty ? fallback : preferred,
    };
  });
}

function refuseUnmergeable(target: Client | undefined, source: Client | undefined) {
  if (!target || !source) throw notFound("Client");
  if (source.mergedIntoId !== null)
    throw new DomainError(
      "CONFLICT",
      "CLIENT_MERGED",
      "This client is already merged into another client",
      [{ path: "sourceId", code: "INVALID_VALUE", message: "Already merged" }],
    );
  if (target.mergedIntoId !== null)
    throw new DomainError(
      "CONFLICT",
      "MERGE_TARGET_MERGED",
      "The client to merge into is itself merged into another client",
      [{ path: "targetId", code: "INVALID_VALUE", message: "Already merged" }],
    );
  return { target, source };
}

function refuseSelf(targetId: number, sourceId: number): void {
  if (targetId === sourceId)
    throw new DomainError("INVALID", "SAME_CLIENT", "A client cannot be merged into itself", [
      { path: "sourceId", code: "INVALID_VALUE", message: "The same client as targetId" },
    ]);
}

/** Read-only: where A (target) and B (source) differ, and what the merge would do by default. */
export async function mergePreview(
  prisma: PrismaClient,
  actor: Actor,
  targetId: number,
  sourceId: number,
): Promise<ClientMergePreview> {
  requireOperator(actor);
  refuseSelf(targetId, sourceId);
  const rows = await prisma.client.findMany({
    where: { id: { in: [toDbId(targetId), toDbId(sourceId)] } },
  });
  const { target, source } = refuseUnmergeable(
    rows.find((c) => c.id === BigInt(targetId)),
    rows.find((c) => c.id === BigInt(sourceId)),
  );
  return {
    target: { ...toClientSummary(target), updatedAt: target.updatedAt.toISOString() },
    source: { ...toClientSummary(source), updatedAt: source.updatedAt.toISOString() },
    fields: differences(target, source),
    passportsDiffer: passportsDiffer(target, source),
    applicationsToMove: await prisma.application.count({ where: { clientId: source.id } }),
  };
}

/** The columns a field's chosen value is written to (A's key columns never change). */
function columnsOf(field: MergeField, source: Client): Prisma.ClientUpdateInput {
  if (field === "passport")
    return { passportSeries: source.passportSeries, passportNumber: source.passportNumber };
  const value = source[field];
  if (value === null && (field === "addressData" || field === "registrationAddressData"))
    return { [field]: Prisma.DbNull };
  return { [field]: value as never };
}

const json = (value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull =>
  value === null || value === undefined ? Prisma.DbNull : (value as Prisma.InputJsonValue);

/**
 * Merges B (`sourceId`) into A (`targetId`) in one transaction and answers with A as it is then.
 * `choices` names, per differing field, whose value A keeps; a field left out keeps its default.
 */
export async function mergeClients(
  prisma: PrismaClient,
  actor: Actor,
  input: ClientMergeInput,
): Promise<ClientView> {
  const operator = requireOperator(actor);
  refuseSelf(input.targetId, input.sourceId);
  const targetId = toDbId(input.targetId);
  const sourceId = toDbId(input.sourceId);
  await prisma.$transaction(
    async (tx) => {
      // First B's own tombstones, which the merge re-points: a conversion that found one holds
      // its row and then locks B's, so taking them before B makes the merge wait for that
      // conversion instead of deadlocking with it.
      await tx.$queryRaw`
        SELECT id FROM "Client" WHERE "mergedIntoId" = ${sourceId} ORDER BY id FOR UPDATE`;
      // Both rows at once, locked in id order; the values read are the ones after the lock, so a
      // merge that waited for another sees whether that one made either a tombstone.
      const locked = await tx.$queryRaw<Client[]>`
        SELECT * FROM "Client" WHERE id IN (${targetId}, ${sourceId}) ORDER BY id FOR UPDATE`;
      const { target, source } = refuseUnmergeable(
        locked.find((c) => c.id === targetId),
        locked.find((c) => c.id === sourceId),
      );
      if (passportsDiffer(target, source) && input.confirmDifferentPassport !== true)
        throw new DomainError(
          "UNPROCESSABLE",
          "PASSPORTS_DIFFER",
          "The two clients have different passports: confirm that they are one person",
          [
            {
              path: "confirmDifferentPassport",
              code: "REQUIRED",
              message: "Required when the passports differ",
            },
          ],
        );
      const decidedAt = new Date();
      const decision = { decidedAt, decidedBy: operator.login, status: "APPLIED" as const };
      const taken = differences(target, source).filter(
        (diff) => (input.choices?.[diff.field] ?? diff.default) === "source",
      );
      await tx.client.update({
        where: { id: target.id },
        data: Object.assign({}, ...taken.map((diff) => columnsOf(diff.field, source))),
      });
      await tx.client.update({
        where: { id: source.id },
        data: { mergedIntoId: target.id, mergedAt: decidedAt, mergedBy: operator.login },
      });
      // Which applications came from B is kept in A's history: the record a correction of a wrong
      // merge starts from (README, "Merging clients").
      const moved = await tx.application.findMany({
        where: { clientId: source.id },
        select: { id: true },
        orderBy: { id: "asc" },
      });
      await tx.application.updateMany({
        where: { clientId: source.id },
        data: { clientId: target.id },
      });
      await tx.lead.updateMany({ where: { clientId: source.id }, data: { clientId: target.id } });
      // B's contact proposals still wait for a decision; they are about the same person, whose
      // record is A now (they keep their lead, which moved to A with the rest).
      await tx.clientHistory.updateMany({
        where: { clientId: source.id, status: "PROPOSED" },
        data: { clientId: target.id },
      });
      // Tombstones that pointed at B point at A: every tombstone is one hop from a live client.
      const earlier = await tx.client.findMany({
        where: { mergedIntoId: source.id },
        select: { id: true },
      });
      await tx.client.updateMany({
        where: { mergedIntoId: source.id },
        data: { mergedIntoId: target.id },
      });
      await tx.clientHistory.createMany({
        data: [
          ...taken.map((diff) => ({
            clientId: target.id,
            field: diff.field,
            oldValue: json(diff.target),
            newValue: json(diff.source),
            ...decision,
          })),
          {
            clientId: target.id,
            field: "mergedFrom",
            newValue: {
              clientId: toWireId(source.id),
              applicationIds: moved.map((application) => toWireId(application.id)),
            },
            ...decision,
          },
          {
            clientId: source.id,
            field: "mergedInto",
            newValue: { clientId: toWireId(target.id) },
            ...decision,
          },
          ...earlier.map((tombstone) => ({
            clientId: tombstone.id,
            field: "mergedInto",
            oldValue: { clientId: toWireId(source.id) },
            newValue: { clientId: toWireId(target.id) },
            ...decision,
          })),
        ],
      });
      await settlePairs(tx, target.id, source.id, operator.login, decidedAt);
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  return getClient(prisma, actor, input.targetId);
}

/**
 * The duplicate queue after the merge: the pair A–B is MERGED (recorded even if it was never
 * queued, so "not the same person" can never be said of it later). B's other open pairs become
 * A's, or go when A already has a pair with that client (its own verdict or queue entry stands); a
 * "not the same person" verdict about B carries over to A the same way.
 */
async function settlePairs(
  tx: Tx,
  targetId: bigint,
  sourceId: bigint,
  decidedBy: string,
  decidedAt: Date,
): Promise<void> {
  const merged = { status: "MERGED" as const, decidedAt, decidedBy };
  await tx.duplicatePair.upsert({
    where: { lowClientId_highClientId: pairOf(targetId, sourceId) },
    update: merged,
    create: { ...pairOf(targetId, sourceId), score: 1, reasons: [], ...merged },
  });
  const others = await tx.duplicatePair.findMany({
    where: {
      status: { in: ["OPEN", "NOT_SAME"] },
      OR: [{ lowClientId: sourceId }, { highClientId: sourceId }],
    },
  });
  for (const pair of others) {
    const other = pair.lowClientId === sourceId ? pair.highClientId : pair.lowClientId;
    if (other === targetId) continue;
    const taken = await tx.duplicatePair.findUnique({
      where: { lowClientId_highClientId: pairOf(targetId, other) },
      select: { id: true },
    });
    if (!taken)
      await tx.duplicatePair.update({ where: { id: pair.id }, data: pairOf(targetId, other) });
    else if (pair.status === "OPEN") await tx.duplicatePair.delete({ where: { id: pair.id } });
  }
}
