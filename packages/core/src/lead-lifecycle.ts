// The life of a lead after it came in, and the rules of its server-owned fields.
//
//   NEW --convert--> CONVERTED
//   NEW --deny (operator, or the stop-list at once)--> DENIED --reopen (admin)--> NEW
//   NEW --withdraw (its partner, or an operator on the partner's word)--> WITHDRAWN --reopen--> NEW
//
// Only NEW is editable; every other move is a 409 that names the lead's state. Each transition is
// one transaction: an UPDATE guarded by the state it leaves (`WHERE status = 'NEW'`) and the audit
// event. Of concurrent transitions of one lead the first UPDATE wins; the others wait on its row
// lock, see the new state when it commits, update nothing and get the 409.
//
// Assignment (take, assign) changes who works a NEW lead (the seed's managerId), not its state.

import type { Prisma, PrismaClient } from "@leadcore/db";
import { type LeadBody, type LeadStatus, SERVER_OWNED_FIELDS } from "@leadcore/schema";
import { type Actor, leadScope } from "./actor.ts";
import { type FieldChange, leadEvent } from "./audit.ts";
import { activeDenialReason } from "./denial-reasons.ts";
import { DomainError, type FieldIssue, notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import { recordWebhookEvent } from "./webhook-delivery.ts";

type Tx = Prisma.TransactionClient;

export { SERVER_OWNED_FIELDS };

type ServerOwnedField = (typeof SERVER_OWNED_FIELDS)[number];

/** A lead's server-owned values as stored (null: none). */
export type ServerOwnedValues = Record<ServerOwnedField, bigint | null>;

/**
 * A body may leave the server-owned fields out (or null) or repeat the stored value exactly, so a
 * partner can send back what it read; any other value is refused, naming the field. The document
 * never keeps them (lead-document.ts): reads write them from the lead's own columns.
 */
export function requireServerOwnedUnchanged(
  body: LeadBody,
  stored: ServerOwnedValues | null,
): void {
  const issues: FieldIssue[] = [];
  for (const field of SERVER_OWNED_FIELDS) {
    const sent = body[field];
    if (sent === undefined || sent === null) continue;
    const current = stored?.[field] ?? null;
    if (current !== null && BigInt(sent) === current) continue;
    issues.push({
      path: field,
      code: "SERVER_OWNED",
      message:
        current === null
          ? "Set by LeadCore: leave it out (the lead has none yet)"
          : "Set by LeadCore: leave it out or send the value as read",
    });
  }
  if (issues.length > 0) {
    throw new DomainError(
      "INVALID",
      "SERVER_OWNED_FIELD",
      "The body changes a field that LeadCore sets",
      issues,
    );
  }
}

const STATE_REFUSALS = {
  CONVERTED: ["LEAD_CONVERTED", "The lead is converted"],
  DENIED: ["LEAD_DENIED", "The lead is denied"],
  WITHDRAWN: ["LEAD_WITHDRAWN", "The lead is withdrawn"],
  NEW: ["LEAD_ALREADY_NEW", "The lead is new"],
} as const satisfies Record<LeadStatus, readonly [string, string]>;

/** The 409 of a lead whose state forbids what was asked; the message names the state. */
export function stateRefusal(status: LeadStatus, what: string): DomainError {
  const [reason, sentence] = STATE_REFUSALS[status];
  return new DomainError("CONFLICT", reason, `${sentence}: it cannot be ${what}`);
}

/** A lead as a transition sees it, locked. */
type LockedLead = {
  status: LeadStatus;
  denialReasonId: bigint | null;
  managerId: bigint | null;
  partnerId: bigint | null;
};

/** The partner's webhook event of each move (assignment is the lender's own business). */
const WEBHOOK_EVENTS = {
  DENIED: "lead.denied",
  WITHDRAWN: "lead.withdrawn",
  REOPENED: "lead.reopened",
  ASSIGNED: null,
} as const;

/**
 * One state change: locks the lead (within the actor's scope: 404 otherwise), refuses with the
 * 409 of its state unless it is in one of `from`, lets `decide` refuse or skip (assignment), then
 * writes `data`, the audit event and the partner's webhook deliveries (the outbox). A concurrent
 * transition waits on the lock and then sees this one's outcome.
 */
async function transition(
  tx: Tx,
  actor: Actor,
  leadId: bigint,
  move: {
    from: LeadStatus[];
    what: string;
    kind: "DENIED" | "WITHDRAWN" | "REOPENED" | "ASSIGNED";
    /** What to write, or null when the lead already is as asked (nothing written, no event). */
    decide: (
      lead: LockedLead,
    ) => { data: Prisma.LeadUncheckedUpdateInput; changes: FieldChange[] } | null;
    comment?: string | null;
    /** A move LeadCore makes on a rule (the stop-list): the event names the rule, not the caller. */
    rule?: string;
  },
): Promise<void> {
  const partnerId = leadScope(actor).partnerId ?? null;
  const [lead] = await tx.$queryRaw<LockedLead[]>`
    SELECT status::text AS status, "denialReasonId", "managerId", "partnerId"
      FROM "Lead"
     WHERE id = ${leadId} AND (${partnerId}::bigint IS NULL OR "partnerId" = ${partnerId}::bigint)
       FOR UPDATE`;
  if (!lead) throw notFound("Lead");
  if (!move.from.includes(lead.status)) throw stateRefusal(lead.status, move.what);
  const write = move.decide(lead);
  if (!write) return;
  await tx.lead.update({
    where: { id: leadId },
    data: {
      ...write.data,
      events: {
        create: {
          ...leadEvent(move.kind, actor, write.changes),
          ...(move.rule ? { actorKind: "system", actorId: null, actorName: move.rule } : {}),
          comment: move.comment ?? null,
        },
      },
    },
  });
  const type = WEBHOOK_EVENTS[move.kind];
  if (type === null) return;
  const status = write.data.status as LeadStatus;
  const denialReasonId = write.data.denialReasonId;
  await recordWebhookEvent(tx, {
    type,
    leadId,
    partnerId: lead.partnerId,
    data: { status },
    ...(typeof denialReasonId === "bigint" ? { denialReasonId } : {}),
  });
}

const trimmedText = (text: string | null | undefined) => text?.trim() || null;

export function requireOperator(
  actor: Actor,
  admin = false,
): asserts actor is Actor & { kind: "operator" } {
  if (actor.kind !== "operator" || (admin && actor.role !== "admin")) {
    throw new DomainError(
      "FORBIDDEN",
      admin ? "ADMIN_ONLY" : "OPERATOR_ONLY",
      admin ? "Only an administrator may do this" : "Only a signed-in operator may do this",
    );
  }
}

/** NEW -> DENIED by an operator, with an active reason of the dictionary and an optional comment. */
export async function denyLead(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  denial: { reasonId: number; comment?: string | null | undefined },
): Promise<void> {
  requireOperator(actor);
  const leadId = toDbId(id);
  await prisma.$transaction(async (tx) => {
    const reason = await activeDenialReason(tx, denial.reasonId);
    await denyInTransaction(tx, actor, leadId, {
      reasonId: reason.id,
      comment: trimmedText(denial.comment),
    });
  });
}

/**
 * The deny move inside a caller's transaction: the operator's denial above, and the stop-list
 * gate's (leads.ts, conversion.ts), which denies the lead it just wrote with the stop-list reason
 * and the entry that matched.
 */
export async function denyInTransaction(
  tx: Tx,
  actor: Actor,
  leadId: bigint,
  denial: { reasonId: bigint; comment?: string | null; stopListEntryId?: bigint },
): Promise<void> {
  await transition(tx, actor, leadId, {
    ...(denial.stopListEntryId === undefined ? {} : { rule: "stop-list" }),
    from: ["NEW"],
    what: "denied",
    kind: "DENIED",
    decide: () => ({
      data: {
        status: "DENIED",
        denialReasonId: denial.reasonId,
        denialComment: denial.comment ?? null,
        stopListEntryId: denial.stopListEntryId ?? null,
        closedAt: new Date(),
      },
      changes: [
        { path: "status", old: "NEW", new: "DENIED" },
        { path: "denialReasonId", new: toWireId(denial.reasonId) },
      ],
    }),
    comment: denial.comment ?? null,
  });
}

/** NEW -> WITHDRAWN: by the partner that sent the lead (its own only), an operator or a service. */
export async function withdrawLead(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  withdrawal: { reason?: string | null | undefined } = {},
): Promise<void> {
  const leadId = toDbId(id);
  await prisma.$transaction((tx) => withdrawInTransaction(tx, actor, leadId, withdrawal.reason));
}

/** The withdraw move inside a caller's transaction (a withdrawn personal-data consent's, too). */
export function withdrawInTransaction(
  tx: Tx,
  actor: Actor,
  leadId: bigint,
  text: string | null | undefined,
): Promise<void> {
  const reason = trimmedText(text);
  return transition(tx, actor, leadId, {
    from: ["NEW"],
    what: "withdrawn",
    kind: "WITHDRAWN",
    decide: () => ({
      data: { status: "WITHDRAWN", withdrawalReason: reason, closedAt: new Date() },
      changes: [{ path: "status", old: "NEW", new: "WITHDRAWN" }],
    }),
    comment: reason,
  });
}

/** DENIED or WITHDRAWN -> NEW, by an admin, with a comment: the denial and withdrawal are cleared. */
export async function reopenLead(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  reopening: { comment: string },
): Promise<void> {
  requireOperator(actor, true);
  const comment = trimmedText(reopening.comment);
  if (!comment) {
    throw new DomainError("INVALID", "INVALID_INPUT", "Say why the lead is reopened", [
      { path: "comment", code: "REQUIRED", message: "Required: why the lead is reopened" },
    ]);
  }
  const leadId = toDbId(id);
  await prisma.$transaction((tx) =>
    transition(tx, actor, leadId, {
      from: ["DENIED", "WITHDRAWN"],
      what: "reopened",
      kind: "REOPENED",
      decide: (before) => ({
        data: {
          status: "NEW",
          denialReasonId: null,
          denialComment: null,
          stopListEntryId: null,
          withdrawalReason: null,
          closedAt: null,
        },
        changes: [
          { path: "status", old: before.status, new: "NEW" },
          ...(before.denialReasonId === null
            ? []
            : [{ path: "denialReasonId", old: toWireId(before.denialReasonId) }]),
        ],
      }),
      comment,
    }),
  );
}

/** An operator takes a NEW lead nobody works yet (taking one's own again changes nothing). */
export async function takeLead(prisma: PrismaClient, actor: Actor, id: number): Promise<void> {
  requireOperator(actor);
  const me = actor.operatorId;
  const leadId = toDbId(id);
  await prisma.$transaction((tx) =>
    transition(tx, actor, leadId, {
      from: ["NEW"],
      what: "taken",
      kind: "ASSIGNED",
      decide: (lead) => {
        if (lead.managerId === me) return null;
        if (lead.managerId !== null) {
          throw new DomainError(
            "CONFLICT",
            "LEAD_TAKEN",
            "Another operator works this lead; an administrator can reassign it",
          );
        }
        return { data: { managerId: me }, changes: [{ path: "managerId", new: toWireId(me) }] };
      },
    }),
  );
}

/** An admin assigns a NEW lead to an active operator (by login), or unassigns it (null). */
export async function assignLead(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  login: string | null,
): Promise<void> {
  requireOperator(actor, true);
  const leadId = toDbId(id);
  await prisma.$transaction(async (tx) => {
    const manager = login === null ? null : await activeOperatorId(tx, login);
    await transition(tx, actor, leadId, {
      from: ["NEW"],
      what: "assigned",
      kind: "ASSIGNED",
      decide: (lead) =>
        lead.managerId === manager
          ? null
          : {
              data: { managerId: manager },
              changes: [
                {
                  path: "managerId",
                  ...(lead.managerId === null ? {} : { old: toWireId(lead.managerId) }),
                  ...(manager === null ? {} : { new: toWireId(manager) }),
                },
              ],
            },
    });
  });
}

async function activeOperatorId(tx: Tx, login: string): Promise<bigint> {
  const operator = await tx.operator.findUnique({
    where: { login: login.trim().toLowerCase() },
    select: { id: true, disabledAt: true },
  });
  if (!operator || operator.disabledAt) {
    throw new DomainError("NOT_FOUND", "OPERATOR_NOT_FOUND", "No active operator by that login");
  }
  return operator.id;
}

/** The most leads one bulk action takes: each is its own transaction. */
export const MAX_BULK_LEADS = 100;

export type BulkOutcome = { id: number; ok: true } | { id: number; ok: false; error: DomainError };

/**
 * A bulk action: `act` runs for each lead on its own (its own transaction and audit event), so
 * one lead's refusal never undoes another's change; the outcome says which failed and why.
 */
export async function forEachLead(
  ids: readonly number[],
  act: (id: number) => Promise<void>,
): Promise<BulkOutcome[]> {
  if (ids.length > MAX_BULK_LEADS) {
    throw new DomainError(
      "INVALID",
      "TOO_MANY_LEADS",
      `A bulk action takes at most ${MAX_BULK_LEADS} leads`,
      [
        {
          path: "ids",
          code: "TOO_MANY",
          params: { maximum: MAX_BULK_LEADS },
          message: "Too many leads",
        },
      ],
    );
  }
  const outcomes: BulkOutcome[] = [];
  for (const id of new Set(ids)) {
    try {
      await act(id);
      outcomes.push({ id, ok: true });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({ id, ok: false, error });
    }
  }
  return outcomes;
}
