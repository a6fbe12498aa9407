// The audit trail of a lead: every create, update and convert records who did it, when, and
// which fields changed (old -> new). Personal values are masked before they are written, so the
// trail itself never becomes a second copy of passports and phones.
import type { LeadHistoryEntry } from "@leadcore/schema";
import type { Prisma, PrismaClient } from "@leadcore/db";
import { leadScope, type Actor } from "./actor.ts";
import { notFound } from "./errors.ts";
import { toDbId } from "./ids.ts";

export type FieldChange = { path: string; old?: unknown; new?: unknown };
type Kind = "CREATED" | "UPDATED" | "CONVERTED";

// Dotted paths (array indices removed) whose values identify a person.
const PERSONAL = [
  /(^|\.)(lastName|firstName|patronymic|cardHolder|birthDate|birthPlace)$/,
  /(^|\.)passport\./,
  /^(snils|inn|mobilePhone|email|cardNumber|validThruMonth|validThruYear)$/,
  /(^|\.)(telephone|email|address|fullAddressText|oldAddressText|apartmentNo|houseNo|blockNo|buildingNo|streetName|rnn|workPlace)$/,
];

const isPersonal = (path: string) => {
  const generic = path.replace(/\.\d+(?=\.|$)/g, "");
  return PERSONAL.some((pattern) => pattern.test(generic));
};

/** Enough to tell two values apart in the trail (`И***ов`), not enough to use them. */
export function maskValue(value: unknown): unknown {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (text === undefined) return undefined;
  // By code points, so a mask never splits a surrogate pair into invalid text.
  const chars = Array.from(text);
  return chars.length < 5 ? "***" : `${chars[0]}***${chars.slice(-2).join("")}`;
}

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (entries.length === 0) into.set(prefix, value);
    for (const [key, inner] of entries) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined && prefix) {
    into.set(prefix, value);
  }
  return into;
}

/** The leaf fields that differ between two lead documents, personal values masked. */
export function diffDocuments(before: unknown, after: unknown): FieldChange[] {
  const old = flatten(before, "", new Map());
  const next = flatten(after, "", new Map());
  const paths = [...new Set([...old.keys(), ...next.keys()])].sort();
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const a = old.get(path);
    const b = next.get(path);
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const mask = isPersonal(path) ? maskValue : (v: unknown) => v;
    changes.push({ path, ...(a === undefined ? {} : { old: mask(a) }), ...(b === undefined ? {} : { new: mask(b) }) });
  }
  return changes;
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
export function leadEvent(kind: Kind, actor: Actor, changes: FieldChange[]): Prisma.LeadEventCreateWithoutLeadInput {
  return { kind, ...actorFields(actor), changes: changes as Prisma.InputJsonArray };
}

export async function leadHistory(prisma: PrismaClient, actor: Actor, id: number): Promise<LeadHistoryEntry[]> {
  const lead = await prisma.lead.findFirst({
    where: { id: toDbId(id), ...leadScope(actor) },
    select: { events: { orderBy: { id: "asc" } } },
  });
  if (!lead) throw notFound("Lead");
  return lead.events.map((event) => ({
    at: event.at.toISOString(),
    kind: event.kind,
    actor: { kind: event.actorKind as LeadHistoryEntry["actor"]["kind"], name: event.actorName },
    changes: event.changes as FieldChange[],
  }));
}
