// Creating, editing, reading and listing leads.
import { createHash } from "node:crypto";
import type { Prisma, PrismaClient, RawSql } from "@leadcore/db";
import {
  type LeadBody,
  type LeadPage,
  type LeadStatus,
  MAX_PAGE_SIZE,
  normalizeName,
  normalizePassportPart,
  normalizeRuMobilePhone,
  type StoredLead,
} from "@leadcore/schema";
import { type Actor, leadScope } from "./actor.ts";
import { diffDocuments, leadEvent } from "./audit.ts";
import { type ConsentSettings, requireConsentOnCreate } from "./consent-records.ts";
import { DomainError, notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import {
  canonicalJson,
  type LeadDocument,
  requireLeadMinimum,
  searchColumns,
  toLeadDocument,
} from "./lead-document.ts";
import { requireServerOwnedUnchanged, stateRefusal } from "./lead-lifecycle.ts";
import { toLeadSummary, toStoredLead } from "./lead-views.ts";
import { readLeadVersion, writeLeadUpdate } from "./lead-writes.ts";
import { denyForStopList, stopListHit } from "./stop-list-gate.ts";
import { recordWebhookEvent } from "./webhook-delivery.ts";

export type CreateOptions = ConsentSettings & {
  /** The caller's Idempotency-Key: a retry with the same key and body returns the first lead. */
  idempotencyKey?: string | undefined;
};

export async function createLead(
  prisma: PrismaClient,
  actor: Actor,
  body: LeadBody,
  options: CreateOptions = {},
): Promise<number> {
  if (body.id !== undefined && body.id !== null) {
    throw new DomainError(
      "INVALID",
      "ID_ASSIGNED_BY_SERVER",
      "A new lead's id is assigned by LeadCore",
      [{ path: "id", code: "NOT_ALLOWED", message: "Must be absent when creating a lead" }],
    );
  }
  requireServerOwnedUnchanged(body, null);
  const document = toLeadDocument(body);
  requireLeadMinimum(document);
  requireConsentOnCreate(actor, document.consents, options);
  const listedBy = await stopListHit(prisma, body);
  // The audit event is a nested write: Prisma runs lead and event in one transaction. A listed
  // person's lead is denied in the same transaction (stop-list-gate.ts).
  const insert = async (tx: Prisma.TransactionClient) => {
    const lead = await tx.lead.create({
      data: {
        data: document as Prisma.InputJsonObject,
        ...searchColumns(document),
        partnerId: actor.kind === "partner" ? actor.partnerId : null,
        events: { create: leadEvent("CREATED", actor, diffDocuments({}, document)) },
      },
      select: { id: true },
    });
    // The partner hears of its lead (if an endpoint asks for lead.created) before it hears of
    // the stop-list's denial.
    const partnerId = actor.kind === "partner" ? actor.partnerId : null;
    await recordWebhookEvent(tx, {
      type: "lead.created",
      leadId: lead.id,
      partnerId,
      data: { status: "NEW" },
    });
    if (listedBy !== null) await denyForStopList(tx, actor, lead.id, listedBy);
    return lead;
  };

  if (options.idempotencyKey === undefined) {
    // A partner's lead writes its webhook outbox with it: one transaction.
    const alone = listedBy === null && actor.kind !== "partner";
    const lead = alone ? await insert(prisma) : await prisma.$transaction(insert);
    return toWireId(lead.id);
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(options.idempotencyKey)) {
    throw new DomainError(
      "INVALID",
      "INVALID_IDEMPOTENCY_KEY",
      "The Idempotency-Key header must be 1-200 visible ASCII characters",
      [
        {
          path: "Idempotency-Key",
          code: "INVALID_FORMAT",
          params: { format: "idempotencyKey" },
          message: "Invalid header value",
        },
      ],
    );
  }
  const claim = {
    scope: idempotencyScope(actor),
    key: options.idempotencyKey,
    requestHash: documentHash(document),
  };
  const earlier = await replay(prisma, claim);
  if (earlier !== null) return earlier;
  try {
    return await prisma.$transaction(async (tx) => {
      const lead = await insert(tx);
      await tx.idempotencyKey.create({ data: { ...claim, leadId: lead.id } });
      return toWireId(lead.id);
    });
  } catch (error) {
    // A concurrent request with the same key won the unique index; ours rolled back whole.
    const winner = await replay(prisma, claim);
    if (winner !== null) return winner;
    throw error;
  }
}

type IdempotencyClaim = { scope: string; key: string; requestHash: string };

function idempotencyScope(actor: Actor): string {
  if (actor.kind === "partner") return `partner:${actor.partnerId}`;
  return actor.kind === "service" ? `service:${actor.apiKeyId}` : `operator:${actor.operatorId}`;
}

function documentHash(document: LeadDocument): string {
  return createHash("sha256").update(canonicalJson(document)).digest("hex");
}

/** The lead a key already created, or null; the same key with another body is a conflict. */
async function replay(prisma: PrismaClient, claim: IdempotencyClaim): Promise<number | null> {
  const found = await prisma.idempotencyKey.findUnique({
    where: { scope_key: { scope: claim.scope, key: claim.key } },
  });
  if (!found) return null;
  if (found.requestHash !== claim.requestHash) {
    throw new DomainError(
      "CONFLICT",
      "IDEMPOTENCY_KEY_REUSED",
      "This Idempotency-Key was already used with a different body",
    );
  }
  return toWireId(found.leadId);
}

/** PUT semantics: the body replaces the lead's data; fields it leaves out become empty. */
/**
 * `sql`: where the plain statements outside a transaction go (the stop-list gate, the read, the
 * write of an unlisted person's edit); the API passes the database's direct `sql`
 * (@leadcore/db raw-sql.ts), other callers may leave it to Prisma.
 */
export async function updateLead(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  body: LeadBody,
  sql: RawSql = prisma,
): Promise<number> {
  const leadId = toDbId(id);
  const partnerId = leadScope(actor).partnerId ?? null;
  const listedBy = await stopListHit(sql, body);
  // A listed person's edit is written and denied in one transaction, or neither.
  const writeAndDeny = (write: Parameters<typeof writeLeadUpdate>[1]) =>
    prisma.$transaction(async (tx) => {
      if (!(await writeLeadUpdate(tx, write))) return false;
      if (listedBy !== null) await denyForStopList(tx, actor, leadId, listedBy);
      return true;
    });
  // Optimistic: read, then write only if the lead is still the version read (one statement that
  // also records the event). A write that came in between makes us read again; the loop is
  // bounded so a lead under a storm of edits gets a clear CONFLICT rather than a hang.
  for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
    const current = await readLeadVersion(sql, leadId, partnerId);
    if (!current) throw notFound("Lead");
    if (current.status !== "NEW") throw stateRefusal(current.status, "edited");
    requireServerOwnedUnchanged(body, current);
    const document = toLeadDocument(body, current.data as LeadBody);
    requireLeadMinimum(document);
    const changes = diffDocuments(current.data, document);
    const write = { leadId, version: current.version, document, actor, changes };
    if (listedBy === null ? await writeLeadUpdate(sql, write) : await writeAndDeny(write))
      return id;
  }
  throw new DomainError(
    "CONFLICT",
    "LEAD_BUSY",
    "The lead is being changed by other requests at this moment; retry",
  );
}

const MAX_UPDATE_ATTEMPTS = 10;

const leadWithRelations = {
  partner: true,
  application: { select: { id: true } },
  manager: { select: { id: true, login: true } },
  denialReason: true,
} as const;

export async function getLead(prisma: PrismaClient, actor: Actor, id: number): Promise<StoredLead> {
  const row = await prisma.lead.findFirst({
    where: { id: toDbId(id), ...leadScope(actor) },
    include: leadWithRelations,
  });
  if (!row) throw notFound("Lead");
  return toStoredLead(row, actor);
}

export type LeadFilter = {
  status?: LeadStatus | undefined;
  /** The operator the leads are assigned to ("my leads"). */
  managerId?: number | undefined;
  /** Only leads nobody is assigned to. */
  unassigned?: boolean | undefined;
  channel?: LeadBody["channel"] | undefined;
  /** Inclusive calendar dates, YYYY-MM-DD, UTC. */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  /** A name, a phone or a passport number. */
  search?: string | undefined;
  cursor?: number | undefined;
  limit?: number | undefined;
};

/** Newest first, by id: ids only grow, so the cursor is simply the last id seen. */
export async function listLeads(
  prisma: PrismaClient,
  actor: Actor,
  filter: LeadFilter,
): Promise<LeadPage> {
  const limit = Math.min(filter.limit ?? 50, MAX_PAGE_SIZE);
  const rows = await prisma.lead.findMany({
    where: {
      ...leadWhere(actor, filter),
      ...(filter.cursor ? { id: { lt: toDbId(filter.cursor) } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { partner: true, denialReason: true, manager: { select: { id: true, login: true } } },
  });
  const page = rows.slice(0, limit);
  const lastOnPage = page.at(-1);
  return {
    items: page.map((row) => toLeadSummary(row, actor)),
    nextCursor: rows.length > limit && lastOnPage ? toWireId(lastOnPage.id) : null,
  };
}

/** The leads a filter selects, within the actor's scope (the cursor is the caller's). */
export function leadWhere(
  actor: Actor,
  filter: Omit<LeadFilter, "cursor" | "limit">,
): Prisma.LeadWhereInput {
  return {
    ...leadScope(actor),
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.channel ? { channel: filter.channel } : {}),
    ...(filter.managerId ? { managerId: toDbId(filter.managerId) } : {}),
    ...(filter.unassigned ? { managerId: null } : {}),
    ...createdRange(filter.createdFrom, filter.createdTo),
    ...searchCondition(filter.search),
  };
}

function createdRange(from?: string, to?: string): Prisma.LeadWhereInput {
  if (!from && !to) return {};
  const createdAt: Prisma.DateTimeFilter = {};
  if (from) createdAt.gte = new Date(`${from}T00:00:00.000Z`);
  if (to) createdAt.lt = new Date(new Date(`${to}T00:00:00.000Z`).getTime() + 24 * 3600 * 1000);
  return { createdAt };
}

function searchCondition(search?: string): Prisma.LeadWhereInput {
  const text = search?.trim().replace(/\s+/g, " ");
  if (!text) return {};
  const digits = normalizePassportPart(text);
  if (/^[\d\s()+-]+$/.test(text)) {
    const phone = normalizeRuMobilePhone(text);
    const or: Prisma.LeadWhereInput[] = [];
    if (phone) or.push({ mobilePhone: phone });
    if (digits.length === 6) or.push({ passportNumber: digits });
    if (digits.length === 10)
      or.push({ passportSeries: digits.slice(0, 4), passportNumber: digits.slice(4) });
    return or.length > 0 ? { OR: or } : { id: -1n };
  }
  // The identity key's normalization, on both sides: the columns hold normalizeName's values.
  const [last, first, middle] = normalizeName(text).split(" ");
  if (!last) return {};
  return {
    AND: [
      { keyLastName: { startsWith: last } },
      ...(first ? [{ keyFirstName: { startsWith: first } }] : []),
      ...(middle ? [{ keyPatronymic: { startsWith: middle } }] : []),
    ],
  };
}
