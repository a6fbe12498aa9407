// The form's values: the stored lead document as JSON, where a number field may hold the text the
// operator is typing. `toLeadBody` turns them back into a contract body and checks it with the
// same zod schema the server uses, its issues said in Russian by their codes, as the server's are.

import type { RouterOutputs } from "@leadcore/api";
import {
  fieldIssuesOf,
  type LeadBody,
  leadBodySchema,
  SERVER_OWNED_FIELDS,
} from "@leadcore/schema";
import { issueRu } from "../labels.ts";
import { type FieldNode, leadNode, type ObjectNode } from "./spec.ts";

export type FormValue =
  | string
  | number
  | boolean
  | null
  | FormValue[]
  | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };
export type Path = readonly (string | number)[];

type StoredLead = RouterOutputs["lead"]["get"];

export const pathKey = (path: Path): string => path.join(".");

const isObject = (value: FormValue | undefined): value is FormObject =>
  value !== null && value !== undefined && typeof value === "object" && !Array.isArray(value);

/** A JSON value as a form value (objects and arrays copied, anything else dropped). */
function asFormValue(value: unknown): FormValue | undefined {
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  )
    return value;
  if (Array.isArray(value)) return value.map((item) => asFormValue(item) ?? null);
  if (typeof value === "object") {
    const copy: FormObject = {};
    for (const [key, inner] of Object.entries(value)) {
      const converted = asFormValue(inner);
      if (converted !== undefined) copy[key] = converted;
    }
    return copy;
  }
  return undefined;
}

const SERVER_OWNED: ReadonlySet<string> = new Set(SERVER_OWNED_FIELDS);

/**
 * The stored lead's document: the contract's own fields of the read-back view, less what LeadCore
 * sets (clientId, denialReasonId, managerId). Picked by the contract's keys, so whatever the view
 * adds around the document (status, denial, manager, ...) never reaches a body, which is strict; and
 * the server-owned fields are left out, as the contract allows, so a lead converted or reassigned
 * meanwhile never turns the operator's save into a refusal about a value the operator never saw.
 */
function documentOf(lead: StoredLead): LeadBody & { id: number } {
  const view: Record<string, unknown> = lead;
  const document: Record<string, unknown> = {};
  for (const name of Object.keys(leadBodySchema.shape)) {
    if (!SERVER_OWNED.has(name) && view[name] !== undefined) document[name] = view[name];
  }
  return document as LeadBody & { id: number };
}

/** The form's values of a stored lead. */
export function toFormValues(lead: StoredLead): FormObject {
  const values = asFormValue(documentOf(lead));
  return isObject(values) ? values : {};
}

/** The stored document as a contract body, e.g. to convert the lead exactly as stored. */
export function storedBody(lead: StoredLead): LeadBody & { id: number } {
  return documentOf(lead);
}

/** Fields the form shows as LeadCore's answers, never as inputs, and never sends. */
export const isServerOwned = (path: string): boolean => SERVER_OWNED.has(path);

export function getIn(value: FormValue | undefined, path: Path): FormValue | undefined {
  let current = value;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === "number") current = current[segment];
    else if (isObject(current) && typeof segment === "string") current = current[segment];
    else return undefined;
  }
  return current;
}

/** A copy of `root` with the value at `path` replaced (`undefined` removes it); missing groups are created. */
export function setIn(root: FormObject, path: Path, value: FormValue | undefined): FormObject {
  const result = setAt(root, path, value);
  return isObject(result) ? result : {};
}

function setAt(
  container: FormValue | undefined,
  path: Path,
  value: FormValue | undefined,
): FormValue | undefined {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (typeof head === "number") {
    const list = Array.isArray(container) ? [...container] : [];
    const inner = setAt(list[head], rest, value);
    list[head] = inner === undefined ? {} : inner;
    return list;
  }
  const object: FormObject = isObject(container) ? { ...container } : {};
  const inner = setAt(object[head], rest, value);
  if (inner === undefined) delete object[head];
  else object[head] = inner;
  return object;
}

/** Number fields take "50 000", "1234,5" or "1234.5"; anything else stays text and fails validation. */
export function parseNumber(text: string): number | string | undefined {
  const compact = text.replace(/[\s\u00a0]/g, "").replace(",", ".");
  if (compact === "") return undefined;
  const number = Number(compact);
  return Number.isFinite(number) ? number : text;
}

/** Form values -> the body the contract describes: empty fields left out, numbers parsed. */
function normalize(node: FieldNode, value: FormValue | undefined): unknown {
  if (value === undefined || value === null) return undefined;
  switch (node.type) {
    case "leaf":
      if (node.kind === "flag") return typeof value === "boolean" ? value : undefined;
      if (node.kind === "integer" || node.kind === "decimal")
        return typeof value === "string" ? parseNumber(value) : value;
      return value === "" ? undefined : value;
    case "object":
      return normalizeObject(node, value);
    case "list":
      return Array.isArray(value)
        ? value.map((item) => normalizeObject(node.item, item) ?? {})
        : undefined;
    case "map":
      return isObject(value) ? value : undefined;
  }
}

function normalizeObject(node: ObjectNode, value: FormValue): Record<string, unknown> | undefined {
  if (!isObject(value)) return undefined;
  const result: Record<string, unknown> = {};
  for (const field of node.fields) {
    const normalized = normalize(field.node, value[field.name]);
    if (normalized !== undefined) result[field.name] = normalized;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

export type FieldErrors = Record<string, string>;

export type Checked = { ok: true; body: LeadBody } | { ok: false; errors: FieldErrors };

/** Checks the values with the contract (the server checks the same again). */
export function toLeadBody(values: FormObject): Checked {
  const body = normalizeObject(leadNode, values) ?? {};
  const parsed = leadBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, body: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    // The key is the issue's own path (the form's inputs are keyed by it, an attribute's key as
    // typed); the code and its params come from the same mapping as the server's.
    const key = pathKey(
      issue.path.map((segment) => (typeof segment === "number" ? segment : String(segment))),
    );
    const [coded] = fieldIssuesOf([issue], body);
    if (coded) errors[key] ??= issueRu(coded);
  }
  return { ok: false, errors };
}
