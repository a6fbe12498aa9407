// In the contract `null` only means "empty" (Java partners send it for every unset field), so a
// stored or returned lead omits such fields instead: storage and read-back never contain nulls.

import type { LeadBody } from "./lead-contract.ts";

/** `T` with every null or undefined field removed, at any depth (optional fields stay optional). */
export type Compact<T> = T extends readonly (infer Element)[]
  ? Compact<Element>[]
  : T extends object
    ? { [K in keyof T]: Compact<Exclude<T[K], null | undefined>> }
    : T;

/** A lead as stored and read back: the contract's lead without nulls. */
export type CompactLead = Compact<LeadBody>;

/** A deep copy of the lead without null or undefined fields; arrays are kept, their elements compacted. */
export function compactLead(body: LeadBody): CompactLead {
  return compact(body) as CompactLead;
}

function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value === null || typeof value !== "object") return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field != null) copy[key] = compact(field);
  }
  return copy;
}
