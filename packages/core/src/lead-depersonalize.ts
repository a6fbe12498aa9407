// Destroying a lead's personal data (152-FZ): when the purpose is gone (the lead never became a
// client and its retention period ran out), when the consent is withdrawn, or on the person's
// request. The lead stays as a row the statistics and the dashboard count (id, status, partner,
// channel, amount, period, dates, the denial reason's id); everything that names or reaches the
// person goes, in the document, in the search columns and in the audit trail. Each lead is one
// transaction with its destruction record, so a stopped process never leaves a lead half-erased.
import type { Prisma, PrismaClient } from "@leadcore/db";

export type DestructionPolicy = "RETENTION" | "CONSENT_WITHDRAWN" | "REQUEST";

/**
 * The document's keys a depersonalized lead keeps: ids of the lender's dictionaries and the
 * loan's terms. An allowlist, so a field added to the contract later is erased until someone
 * decides it is not personal.
 */
export const KEPT_DOCUMENT_KEYS = [
  "amount",
  "channel",
  "clientId",
  // The consent records (kind, text version, dates, channel, confirmation id): the proof of what
  // the person agreed to and when it was withdrawn, which outlives the data it covered.
  "consents",
  "creditProductId",
  "denialReasonId",
  "gettingMoneyMethodId",
  "howYouKnowId",
  "id",
  "managerId",
  "period",
  "periodUnit",
  "shopId",
  "storeTypeId",
  "subdivisionId",
] as const;

const kept = new Set<string>(KEPT_DOCUMENT_KEYS);

/** The document with only the kept keys. */
export function depersonalizedDocument(data: unknown): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data)) return {};
  return Object.fromEntries(Object.entries(data).filter(([key]) => kept.has(key)));
}

/** An audit change keeps its path; its values only when the path is a kept key or not the document's. */
function depersonalizedChanges(changes: unknown): Prisma.InputJsonValue {
  if (!Array.isArray(changes)) return [];
  return changes.map((change: unknown) => {
    const path =
      change && typeof change === "object" && "path" in change ? String(change.path) : "";
    const root = path.split(/[.[]/)[0] ?? "";
    if (kept.has(root) || root === "status") return change as Prisma.InputJsonValue;
    return { path };
  });
}

/**
 * Depersonalizes one lead in its own transaction and records the destruction. Returns false when
 * there was nothing to do (no such lead, or already depersonalized under a policy: the record is
 * written once per lead).
 */
export function depersonalizeLead(
  prisma: PrismaClient,
  leadId: bigint,
  policy: DestructionPolicy,
  now: Date = new Date(),
): Promise<boolean> {
  return prisma.$transaction((tx) => depersonalizeInTransaction(tx, leadId, policy, now));
}

/** The same inside a caller's transaction (a consent's withdrawal erases in its own). */
export async function depersonalizeInTransaction(
  tx: Prisma.TransactionClient,
  leadId: bigint,
  policy: DestructionPolicy,
  now: Date,
): Promise<boolean> {
  // The row lock makes a concurrent edit wait, and then find the lead already erased.
  const rows = await tx.$queryRaw<{ id: bigint; data: unknown }[]>`
      SELECT id, data FROM "Lead" WHERE id = ${leadId} FOR UPDATE`;
  const lead = rows[0];
  if (!lead) return false;
  if (await tx.dataDestruction.findFirst({ where: { leadId }, select: { id: true } })) return false;
  await tx.lead.update({
    where: { id: leadId },
    data: {
      data: depersonalizedDocument(lead.data) as Prisma.InputJsonValue,
      lastName: null,
      firstName: null,
      patronymic: null,
      keyLastName: null,
      keyFirstName: null,
      keyPatronymic: null,
      mobilePhone: null,
      passportSeries: null,
      passportNumber: null,
      denialComment: null,
      withdrawalReason: null,
    },
  });
  const events = await tx.leadEvent.findMany({
    where: { leadId },
    select: { id: true, changes: true },
  });
  for (const event of events)
    await tx.leadEvent.update({
      where: { id: event.id },
      data: { changes: depersonalizedChanges(event.changes), comment: null },
    });
  // The request hash is a digest of the body that held the personal data: a replay of that
  // body could be matched against it, so it goes too (the key then answers as a new request).
  await tx.idempotencyKey.deleteMany({ where: { leadId } });
  await tx.dataDestruction.create({ data: { leadId, policy, at: now } });
  return true;
}

/** The retention period in days; 0 keeps every lead. */
export type RetentionSettings = { retentionDays: number };

/**
 * The leads whose retention ran out at `now`: denied or withdrawn more than the period ago, or
 * still NEW, untouched for longer than the period and in nobody's hands. Converted leads are a
 * client's loan records and are never taken; a NEW lead an operator has taken (managerId) is in
 * work, and stays until it ends.
 */
export async function leadsPastRetention(
  prisma: PrismaClient,
  settings: RetentionSettings,
  now: Date,
  limit = 500,
): Promise<bigint[]> {
  if (settings.retentionDays <= 0) return [];
  const cutoff = new Date(now.getTime() - settings.retentionDays * 86_400_000);
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    SELECT l.id FROM "Lead" l
     WHERE ((l.status IN ('DENIED', 'WITHDRAWN') AND l."closedAt" < ${cutoff})
            OR (l.status = 'NEW' AND l."managerId" IS NULL AND l."updatedAt" < ${cutoff}))
       AND NOT EXISTS (SELECT 1 FROM "DataDestruction" d WHERE d."leadId" = l.id)
     ORDER BY l.id
     LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/** One run of the retention job: each lead past its period, one transaction each. */
export async function runRetention(
  prisma: PrismaClient,
  settings: RetentionSettings,
  now: Date = new Date(),
  options: { maxLeads?: number } = {},
): Promise<{ depersonalized: number; more?: true }> {
  // The job engine's pass stops after `maxLeads` and says whether leads remain, so one job stays
  // short (its expiry can be short, and a pass a dead server left is taken up again soon).
  const maxLeads = options.maxLeads ?? Number.POSITIVE_INFINITY;
  let depersonalized = 0;
  let looked = 0;
  for (;;) {
    if (looked >= maxLeads) return { depersonalized, more: true };
    const ids = await leadsPastRetention(prisma, settings, now, Math.min(500, maxLeads - looked));
    if (ids.length === 0) return { depersonalized };
    looked += ids.length;
    for (const id of ids)
      if (await depersonalizeLead(prisma, id, "RETENTION", now)) depersonalized++;
  }
}

/** The destruction act: newest first. */
export async function listDataDestructions(
  prisma: PrismaClient,
  options: { limit?: number } = {},
): Promise<{ id: number; leadId: number; policy: DestructionPolicy; at: Date }[]> {
  const rows = await prisma.dataDestruction.findMany({
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 1000, 10_000),
  });
  return rows.map((row) => ({
    id: Number(row.id),
    leadId: Number(row.leadId),
    policy: row.policy,
    at: row.at,
  }));
}
