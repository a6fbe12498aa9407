// The audit trail of a lead: every create, update and convert records who did it, when, and
// which fields changed (old -> new). Personal values (the fields the contract marks personal,
// @leadcore/schema personal-fields.ts) are masked before they are written, so the trail itself
// never becomes a second copy of passports and phones.

import type { Prisma, PrismaClient } from "@leadcore/db";
import { isPersonalPath, type LeadHistoryEntry } from "@leadcore/schema";
import { type Actor, leadScope } from "./actor.ts";
import { notFound } from "./errors.ts";
import { toDbId } from "./ids.ts";

export type FieldChange = { path: string; old?: unknown; new?: unknown };
type Kind = LeadHistoryEntry["kind"];

/** Enough to tell two values apart in the trail (`И***ов`), not enough to use them. */
export function maskValue(value: unknown): unknown {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return undefined;
  // By code points, so a mask never splits a surrogate pair into invalid text.
  const chars = Array.from(text);
  return chars.length < 5 ? "***" : `${chars[0]}***${chars.slice(-2).join("")}`;
}

/** The leaf fields that differ between two lead documents, by dotted path, personal values masked. */
export function diffDocuments(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  // One walk over both documents at once: paths are built only where the documents hold
  // something, and an unchanged value costs one comparison (this runs on every edit).
  compare(before, after, "", changes);
  return changes.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** An object or array with something in it; an empty one is a value of its own. */
const isBranch = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && Object.keys(value).length > 0;

function compare(a: unknown, b: unknown, path: string, changes: FieldChange[]): void {
  const aBranch = isBranch(a);
  const bBranch = isBranch(b);
  if (!aBranch && !bBranch) {
    compareLeaves(a, b, path, changes);
    return;
  }
  // A value replaced by a structure (or the reverse): the value goes, the structure's leaves come.
  if (!aBranch) compareLeaves(a, undefined, path, changes);
  if (!bBranch) compareLeaves(undefined, b, path, changes);
  const keys = new Set([...(aBranch ? Object.keys(a) : []), ...(bBranch ? Object.keys(b) : [])]);
  for (const key of keys) {
    compare(
      aBranch ? a[key] : undefined,
      bBranch ? b[key] : undefined,
      path ? `${path}.${key}` : key,
      changes,
    );
  }
}

function compareLeaves(a: unknown, b: unknown, path: string, changes: FieldChange[]): void {
  if (path === "" || a === b) return;
  if (typeof a === "object" && typeof b === "object" && JSON.stringify(a) === JSON.stringify(b))
    return; // {} vs {}
  const mask = isPersonalPath(path) ? maskValue : (v: unknown) => v;
  changes.push({
    path,
    ...(a === undefined ? {} : { old: mask(a) }),
    ...(b === undefined ? {} : { new: mask(b) }),
  });
}

/** Who, as the audit trail records it. */
export function actorFields(actor: Actor) {
  switch (actor.kind) {
    case "partner":
      return { actorKind: "partner", actorId: actor.apiKeyId, actorName: actor.name };
    case "service":
      return { actorKind: "service", actorId: actor.apiKeyId, actorName: actor.name };
    case "operator":
      return { actorKind: "operator", actorId: actor.operatorId, actorName: actor.login };
  }
}

/** The event row, for a nested `events: { create }` in the same statement as the lead write. */
export function leadEvent(
  kind: Kind,
  actor: Actor,
  changes: FieldChange[],
): Prisma.LeadEventCreateWithoutLeadInput {
  return { kind, ...actorFields(actor), changes: changes as Prisma.InputJsonArray };
}

export async function leadHistory(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
): Promise<LeadHistoryEntry[]> {
  // A transition's comment is the lender's staff's words: a partner sees only what changed, and
  // none of the operators' notes (COMMENTED events) at all.
  const staff = actor.kind !== "partner";
  const lead = await prisma.lead.findFirst({
    where: { id: toDbId(id), ...leadScope(actor) },
    select: {
      events: { where: staff ? {} : { kind: { not: "COMMENTED" } }, orderBy: { id: "asc" } },
    },
  });
  if (!lead) throw notFound("Lead");
  return lead.events.map((event) => ({
    at: event.at.toISOString(),
    kind: event.kind,
    actor: { kind: event.actorKind as LeadHistoryEntry["actor"]["kind"], name: event.actorName },
    ...(staff && event.comment ? { comment: event.comment } : {}),
    changes: event.changes as FieldChange[],
  }));
}
