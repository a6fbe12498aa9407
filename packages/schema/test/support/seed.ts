// Reads the request body of the seed page (spec/lead-api-seed.txt) into a tree of fields. The
// page lost its indentation: an object field ("object" / "object[]") opens a nested object,
// an array's element is enclosed in "Array [" ... "]", and the fields of every object are in
// alphabetical order, so a name that sorts before the previous one ends the current object.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type SeedField = {
  name: string;
  /** The type as the seed writes it: int64, int32, double, date, byte, boolean, string, object, object[], undefined[]. */
  type: string;
  /** Fields of an object, or of the element of an object[]. */
  children: SeedField[];
  /** "Possible values: [...]" of an enum field. */
  enumValues?: string[];
};

/** The map marker: `attributes object` followed by `property name* string`. */
export const MAP_ENTRY = "property name*";

export const seedPath = fileURLToPath(new URL("../../spec/lead-api-seed.txt", import.meta.url));

type Frame = { fields: SeedField[]; lastName?: string; bracketed: boolean };

function sortsBefore(name: string, previous: string): boolean {
  return name.toLowerCase() < previous.toLowerCase();
}

export function parseSeedRequestBody(text: string): SeedField[] {
  const lines = text.split("\n").map((line) => line.replace(/^\s*•?\s*/, "").trimEnd());
  const start = lines.indexOf("request");
  const end = lines.indexOf("Responses");
  if (start < 0 || end < start) throw new Error("seed: request body not found");

  const root: Frame = { fields: [], bracketed: false };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1] ?? root;
  let lastField: SeedField | undefined;

  for (const line of lines.slice(start + 1, end)) {
    if (line === "") continue;
    const enumMatch = /^Possible values: \[(.*)\]$/.exec(line);
    if (enumMatch) {
      if (!lastField) throw new Error("seed: enum values before any field");
      lastField.enumValues = (enumMatch[1] ?? "").split(",").map((value) => value.trim());
      continue;
    }
    if (line === "Array [") {
      top().bracketed = true;
      continue;
    }
    if (line === "]") {
      while (stack.length > 1 && !top().bracketed) stack.pop();
      stack.pop();
      continue;
    }
    const fieldMatch = /^(.+) (\S+)$/.exec(line);
    if (!fieldMatch) throw new Error(`seed: unreadable line "${line}"`);
    const field: SeedField = { name: fieldMatch[1] ?? "", type: fieldMatch[2] ?? "", children: [] };
    // An array's element ends only at its "]"; a plain object ends when the order breaks.
    while (stack.length > 1 && !top().bracketed && sortsBefore(field.name, top().lastName ?? ""))
      stack.pop();
    top().fields.push(field);
    top().lastName = field.name;
    lastField = field;
    if (field.type === "object" || field.type === "object[]") {
      stack.push({ fields: field.children, bracketed: false });
    }
  }
  return root.fields;
}

export function readSeed(): SeedField[] {
  return parseSeedRequestBody(readFileSync(seedPath, "utf8"));
}

export function isMap(field: SeedField): boolean {
  return (
    field.type === "object" && field.children.length === 1 && field.children[0]?.name === MAP_ENTRY
  );
}

/** A field with the path of names leading to it; "[]" marks the element of an array. */
export type SeedEntry = { path: string[]; field: SeedField };

/** Every field of the tree, depth first; the entries of a map are not fields. */
export function seedEntries(fields: SeedField[], prefix: string[] = []): SeedEntry[] {
  return fields.flatMap((field) => {
    const path = [...prefix, field.name];
    const inner = isMap(field)
      ? []
      : seedEntries(field.children, field.type === "object[]" ? [...path, "[]"] : path);
    return [{ path, field }, ...inner];
  });
}
