// The lead form is drawn from the contract itself: every field of `leadBodySchema`, with its kind
// (text, number, date, yes/no, choice, group, list, key-value map) and its Russian label read from
// the schema. A field added to the contract appears on the form without touching the UI; only
// its section (sections.ts) must be chosen, and a test fails until it is.

import { leadBodySchema } from "@leadcore/schema";
import { z } from "zod";

export type LeafKind = "text" | "integer" | "decimal" | "date" | "flag" | "choice";

export type LeafNode = {
  type: "leaf";
  kind: LeafKind;
  options: readonly string[];
  maxLength: number | undefined;
};
export type ObjectNode = { type: "object"; label: string; readonly fields: readonly FieldSpec[] };
export type ListNode = { type: "list"; item: ObjectNode; max: number | undefined };
export type MapNode = { type: "map" };
export type FieldNode = LeafNode | ObjectNode | ListNode | MapNode;

export type FieldSpec = { name: string; label: string; node: FieldNode };

type Schema = z.core.$ZodType;

function unwrap(schema: Schema): Schema {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
    current = current.unwrap();
  return current;
}

const describe = (schema: Schema): string | undefined => z.globalRegistry.get(schema)?.description;

// One node per zod object, so the FIAS chain (whose `parents` are chains again) is a cycle of
// nodes, not an endless tree; the form follows it only as deep as the data goes.
const objectNodes = new Map<Schema, ObjectNode>();

// Inside groups the contract lists fields alphabetically; people read an address from the postal
// code down to the flat, a passport from its series and number. These come first, in this order;
// the rest follow alphabetically, and the record's own `id` last. (Top-level fields follow sections.ts.)
const READING_ORDER = [
  ...["lastName", "firstName", "patronymic", "birthDate", "telephone", "email"],
  ...[
    "fullAddressText",
    "postalCode",
    "regionName",
    "localityName",
    "streetName",
    "houseNo",
    "blockNo",
    "buildingNo",
    "apartmentNo",
  ],
  ...["seria", "no", "issueDate", "manager", "subdivisionCode", "closeDate"],
  ...["name", "article", "quantity", "amount", "description"],
  ...[
    "bank",
    "debtName",
    "contractNameAndDate",
    "debtAmount",
    "remainderDebt",
    "monthlyPayment",
    "intRate",
    "paymentPeriodicity",
  ],
  ...["key", "value", "level", "type"],
];

const rank = (name: string) => {
  const index = READING_ORDER.indexOf(name);
  return name === "id" ? Number.MAX_SAFE_INTEGER : index === -1 ? READING_ORDER.length : index;
};

function objectNode(schema: z.ZodObject): ObjectNode {
  const known = objectNodes.get(schema);
  if (known) return known;
  let fields: FieldSpec[] | undefined;
  const nested = schema !== leadBodySchema;
  const node: ObjectNode = {
    type: "object",
    label: describe(schema) ?? "",
    get fields() {
      if (!fields) {
        fields = Object.entries(schema.shape).map(([name, field]) => fieldSpec(name, field));
        if (nested)
          fields.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
      }
      return fields;
    },
  };
  objectNodes.set(schema, node);
  return node;
}

function nodeOf(field: Schema): FieldNode {
  const inner = unwrap(field);
  if (inner instanceof z.ZodObject) return objectNode(inner);
  if (inner instanceof z.ZodArray) {
    const element = unwrap(inner.element);
    if (!(element instanceof z.ZodObject))
      throw new Error("The lead form supports lists of groups only");
    const max = inner._zod.bag.maximum;
    return {
      type: "list",
      item: objectNode(element),
      max: typeof max === "number" ? max : undefined,
    };
  }
  if (inner instanceof z.ZodRecord) return { type: "map" };
  if (inner instanceof z.ZodEnum) return leaf("choice", inner.options.map(String));
  if (inner instanceof z.ZodBoolean) return leaf("flag");
  if (inner instanceof z.ZodNumber) return leaf(inner.isInt ? "integer" : "decimal");
  if (inner instanceof z.ZodISODate) return leaf("date");
  if (inner instanceof z.ZodString) return leaf("text", [], inner.maxLength ?? undefined);
  // Other string formats (a consent's ISO date-time) are typed as text; the contract checks them.
  if (inner._zod.def.type === "string") {
    const max = inner._zod.bag.maximum;
    return leaf("text", [], typeof max === "number" ? max : undefined);
  }
  throw new Error(`The lead form cannot show a field of type ${inner._zod.def.type}`);
}

function leaf(kind: LeafKind, options: readonly string[] = [], maxLength?: number): LeafNode {
  return { type: "leaf", kind, options, maxLength };
}

function fieldSpec(name: string, field: Schema): FieldSpec {
  return { name, label: describe(field) ?? name, node: nodeOf(field) };
}

/** The whole lead, as the form shows it. */
export const leadNode: ObjectNode = objectNode(leadBodySchema);

export function topLevelField(name: string): FieldSpec {
  const spec = leadNode.fields.find((field) => field.name === name);
  if (!spec) throw new Error(`No field ${name} in the lead contract`);
  return spec;
}

/** The field at a dotted path of the document (`addresses.0.postalCode`), if the contract has one. */
export function fieldAt(path: string): FieldSpec | undefined {
  let node: FieldNode = leadNode;
  let spec: FieldSpec | undefined;
  for (const segment of path.split(".")) {
    if (/^\d+$/.test(segment)) {
      if (node.type !== "list") return undefined;
      node = node.item;
      continue;
    }
    if (node.type !== "object") return undefined;
    spec = node.fields.find((field) => field.name === segment);
    if (!spec) return undefined;
    node = spec.node;
  }
  return spec;
}
