// Walks the lead contract the way the seed tree is walked: by field name, "[]" for an array's element.

import { z } from "zod";

export function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
    current = current.unwrap();
  return current;
}

/** The schema at a path of field names ("[]" steps into an array's element), optional/nullable unwrapped. */
export function schemaAt(root: z.core.$ZodType, path: readonly string[]): z.core.$ZodType {
  let current = unwrap(root);
  for (const step of path) {
    if (step === "[]") {
      if (!(current instanceof z.ZodArray))
        throw new Error(`not an array before ${path.join(".")}`);
      current = unwrap(current.element);
    } else {
      if (!(current instanceof z.ZodObject))
        throw new Error(`not an object at ${step} of ${path.join(".")}`);
      const field = (current.shape as Record<string, z.core.$ZodType>)[step];
      if (!field) throw new Error(`no field ${step} in ${path.join(".")}`);
      current = unwrap(field);
    }
  }
  return current;
}

/** The field names of the object at a path. */
export function keysAt(root: z.core.$ZodType, path: readonly string[]): string[] {
  const schema = schemaAt(root, path);
  if (!(schema instanceof z.ZodObject)) throw new Error(`not an object at ${path.join(".")}`);
  return Object.keys(schema.shape).sort();
}

/** A seed path turned into a data path: the element of an array is its first one. */
export function dataPath(path: readonly string[]): (string | number)[] {
  return path.map((step) => (step === "[]" ? 0 : step));
}

/** A deep copy of `value` with `replacement` at `path` (`undefined` deletes the field). */
export function withValueAt<T>(
  value: T,
  path: readonly (string | number)[],
  replacement: unknown,
): T {
  const copy = structuredClone(value);
  let parent: Record<string | number, unknown> = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last === undefined) throw new Error("empty path");
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

export function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>(
    (current, step) => (current as Record<string | number, unknown>)[step],
    value,
  );
}
