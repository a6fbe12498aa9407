// The personal fields of the lead, as the contract marks them (`personal(...)` in
// lead-contract.ts): the one list the audit trail's masking (packages/core audit.ts) and the
// logs' redaction (packages/api logger.ts) are derived from.
//
// Both match by field name, wherever the name appears: a lead's open maps (`attributes`) and
// objects that reach a log call are not shaped like the contract, and a key named like a
// personal field is treated as one there too. The contract keeps this exact: a name is marked
// everywhere it occurs or nowhere (personal-fields.test.ts).

import { LEAD_FIELDS } from "./contract-fields.ts";
import { PERSONAL_META_KEY } from "./lead-contract.ts";

const marked = LEAD_FIELDS.filter(({ meta }) => meta?.[PERSONAL_META_KEY] === true);

/** Dotted paths (without array indices) of the fields marked personal, e.g. "relatives.passport". */
export const PERSONAL_FIELD_PATHS: ReadonlySet<string> = new Set(marked.map(({ path }) => path));

/** The names of the fields marked personal, e.g. "passport", "lastName", "streetName". */
export const PERSONAL_FIELD_NAMES: ReadonlySet<string> = new Set(marked.map(({ name }) => name));

/**
 * Whether a dotted path (array indices allowed, "relatives.0.passport.seria") is a personal field
 * or lies inside one: some step of it is a personal field's name.
 */
export function isPersonalPath(path: string): boolean {
  return path.split(".").some((step) => PERSONAL_FIELD_NAMES.has(step));
}
