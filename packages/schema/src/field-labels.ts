// Russian labels of the lead's fields, read from the contract's `.meta({ description })` so the
// label is written once, next to the field. Array indices are not part of a path:
// "relatives.passport.seria" labels relatives.0.passport.seria.

import { LEAD_FIELDS } from "./contract-fields.ts";

/** Dotted field path (without array indices) -> Russian label, e.g. "passport.seria" -> "Серия паспорта". */
export const FIELD_LABELS_RU: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(
    LEAD_FIELDS.flatMap(({ path, meta }) => (meta?.description ? [[path, meta.description]] : [])),
  ),
);

/** The Russian label of a field at a zod issue path (indices are skipped), if the field has one. */
export function fieldLabelRu(path: readonly PropertyKey[]): string | undefined {
  const key = path.filter((segment): segment is string => typeof segment === "string").join(".");
  return FIELD_LABELS_RU[key];
}
