// Every field of the lead contract, walked once, with the metadata written next to it: what the
// Russian labels (field-labels.ts) and the personal-data marks (personal-fields.ts) are read
// from. A path is dotted and has no array indices: "relatives.passport.seria" stands for
// relatives.0.passport.seria.

import { z } from "zod";
import { leadBodySchema } from "./lead-contract.ts";

export type ContractField = {
  /** Dotted, without array indices. */
  path: string;
  /** The field's own name, the last step of its path. */
  name: string;
  meta: z.GlobalMeta | undefined;
};

function unwrapOptional(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
    current = current.unwrap();
  return current;
}

function collect(
  object: z.ZodObject,
  prefix: string,
  enclosing: ReadonlySet<z.ZodObject>,
  fields: ContractField[],
): void {
  for (const [name, field] of Object.entries(object.shape)) {
    const path = prefix + name;
    fields.push({ path, name, meta: z.globalRegistry.get(field) });
    let inner = unwrapOptional(field);
    if (inner instanceof z.ZodArray) inner = unwrapOptional(inner.element);
    // fiasChain.parents is the chain itself again: its fields are walked once, not forever.
    if (inner instanceof z.ZodObject && !enclosing.has(inner)) {
      collect(inner, `${path}.`, new Set([...enclosing, inner]), fields);
    }
  }
}

/** The fields of an object schema and of every object inside it, each before its own fields. */
export function contractFields(schema: z.ZodObject): ContractField[] {
  const fields: ContractField[] = [];
  collect(schema, "", new Set([schema]), fields);
  return fields;
}

/** Every field of the lead body. */
export const LEAD_FIELDS: readonly ContractField[] = Object.freeze(contractFields(leadBodySchema));
