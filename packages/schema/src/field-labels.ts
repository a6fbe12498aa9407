// Russian labels of the lead's fields, read from the contract's `.meta({ description })` so the
// label is written once, next to the field. Array indices are not part of a path:
// "relatives.passport.seria" labels relatives.0.passport.seria.

import { z } from "zod";
import { leadBodySchema } from "./lead-contract.ts";

function unwrapOptional(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
    current = current.unwrap();
  return current;
}

function collectLabels(
  object: z.ZodObject,
  prefix: string,
  enclosing: ReadonlySet<z.ZodObject>,
  labels: Record<string, string>,
): void {
  for (const [name, field] of Object.entries(object.shape)) {
    const path = prefix + name;
    const label = z.globalRegistry.get(field)?.description;
    if (label) labels[path] = label;
    let inner = unwrapOptional(field);
    if (inner instanceof z.ZodArray) inner = unwrapOptional(inner.element);
    // fiasChain.parents is the chain itself again: its fields are labelled once, not forever.
    if (inner instanceof z.ZodObject && !enclosing.has(inner)) {
      collectLabels(inner, `${path}.`, new Set([...enclosing, inner]), labels);
    }
  }
}

function labelsOf(schema: z.ZodObject): Record<string, string> {
  const labels: Record<string, string> = {};
  collectLabels(schema, "", new Set([schema]), labels);
  return labels;
}

/** Dotted field path (without array indices) -> Russian label, e.g. "passport.seria" -> "Серия паспорта". */
export const FIELD_LABELS_RU: Readonly<Record<string, string>> = Object.freeze(
  labelsOf(leadBodySchema),
);

/** The Russian label of a field at a zod issue path (indices are skipped), if the field has one. */
export function fieldLabelRu(path: readonly PropertyKey[]): string | undefined {
  const key = path.filter((segment): segment is string => typeof segment === "string").join(".");
  return FIELD_LABELS_RU[key];
}
