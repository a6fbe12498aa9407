// The contract against the seed page itself: the field list is read from spec/lead-api-seed.txt,
// never retyped, so a field the schema lacks, misplaces or mistypes fails here.

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { FIELD_LABELS_RU } from "../src/field-labels.ts";
import { fullLead } from "../src/fixtures.ts";
import {
  CHANNELS,
  CONTRACT_EXTENSIONS,
  fiasChainSchema,
  leadBodySchema,
  PERIOD_UNITS,
} from "../src/lead-contract.ts";
import { isMap, readSeed, type SeedEntry, seedEntries, seedPath } from "./support/seed.ts";
import { dataPath, keysAt, schemaAt, valueAt, withValueAt } from "./support/zod-tree.ts";

const seed = readSeed();
const entries = seedEntries(seed);
const objects = entries.filter(
  (entry) => entry.field.type.startsWith("object") && !isMap(entry.field),
);
const maps = entries.filter((entry) => isMap(entry.field));
const leaves = entries.filter(
  (entry) => !entry.field.type.startsWith("object") && entry.field.type !== "undefined[]",
);

/** The path of an object's own fields: an array's fields are those of its element. */
function fieldsPath(entry: SeedEntry): string[] {
  return entry.field.type === "object[]" ? [...entry.path, "[]"] : entry.path;
}

const label = (entry: SeedEntry) => entry.path.join(".");

function issuePaths(body: unknown): string[] {
  const result = leadBodySchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
}

describe("the seed page is read as a tree", () => {
  it("finds the 62 top-level fields of the request body", () => {
    expect(seed).toHaveLength(62);
  });

  it("finds every nested object of the request body", () => {
    expect(objects.map(label)).toEqual([
      "addressData",
      "addressData.fiasChain",
      "addresses",
      "addresses.[].fiasChain",
      "extraFields",
      "goods",
      "leadDebts",
      "passport",
      "registrationAddressData",
      "registrationAddressData.fiasChain",
      "relatives",
      "relatives.[].passport",
    ]);
    expect(maps.map(label)).toEqual([
      "addressData.attributes",
      "addresses.[].attributes",
      "registrationAddressData.attributes",
    ]);
  });

  it("equals the shared copy of the seed when that copy exists", ({ skip }) => {
    const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
    const shared = `${repoRoot}../shared/spec/lead-api-seed.txt`;
    if (!existsSync(shared)) skip();
    expect(readFileSync(seedPath, "utf8")).toBe(readFileSync(shared, "utf8"));
  });
});

describe("the schema has exactly the seed's fields, each in its place", () => {
  it("has exactly the seed's 62 top-level fields, besides LeadCore's documented extensions", () => {
    const own = keysAt(leadBodySchema, []).filter(
      (key) => !(CONTRACT_EXTENSIONS as readonly string[]).includes(key),
    );
    expect(own).toEqual(seed.map((field) => field.name).sort());
    expect(CONTRACT_EXTENSIONS).toEqual(["consents"]);
  });

  it.each(objects.map((entry) => [label(entry), entry] as const))(
    "%s has exactly its own seed fields",
    (_, entry) => {
      expect(keysAt(leadBodySchema, fieldsPath(entry))).toEqual(
        entry.field.children.map((child) => child.name).sort(),
      );
    },
  );

  it.each(maps.map((entry) => [label(entry), entry] as const))(
    "%s is a map of string to string",
    (_, entry) => {
      const schema = schemaAt(leadBodySchema, entry.path);
      expect(schema).toBeInstanceOf(z.ZodRecord);
      const path = dataPath(entry.path);
      expect(
        leadBodySchema.safeParse(withValueAt(fullLead(), path, { anyKey: "any value" })).success,
      ).toBe(true);
      expect(issuePaths(withValueAt(fullLead(), path, { anyKey: 1 }))).toContain(
        [...path, "anyKey"].join("."),
      );
    },
  );

  it("makes every fiasChain and its parents the same recursive chain schema", () => {
    const chains = objects.filter((entry) => entry.field.name === "fiasChain");
    expect(chains).toHaveLength(3);
    for (const chain of chains) {
      expect(chain.field.children.find((child) => child.name === "parents")?.type).toBe(
        "undefined[]",
      );
      expect(schemaAt(leadBodySchema, chain.path)).toBe(fiasChainSchema);
      expect(schemaAt(leadBodySchema, [...chain.path, "parents", "[]"])).toBe(fiasChainSchema);
    }
  });

  it("gives every seed field a Russian label", () => {
    const unlabelled = entries
      .map((entry) => entry.path.filter((step) => step !== "[]").join("."))
      .filter((path) => !FIELD_LABELS_RU[path]);
    expect(unlabelled).toEqual([]);
  });
});

// Values of each seed type that the field must accept, and values it must reject.
const typeSamples: Record<string, { accepts: unknown[]; rejects: unknown[] }> = {
  int64: { accepts: [0, Number.MAX_SAFE_INTEGER], rejects: [-1, 1.5, 2 ** 53, "1", true] },
  int32: { accepts: [0, 2 ** 31 - 1], rejects: [2 ** 31, 1.5, "1"] },
  double: { accepts: [0, 1234.56], rejects: ["1234.56", Number.POSITIVE_INFINITY, Number.NaN] },
  date: {
    accepts: ["2024-02-29"],
    rejects: [
      "2023-02-29",
      "2023-02-30",
      "2024-13-01",
      "2024-2-3",
      "29.02.2024",
      "2024-02-29T00:00:00Z",
      20240229,
    ],
  },
  byte: { accepts: [-128, 127], rejects: [128, -129, 1.5, "1"] },
  boolean: { accepts: [true, false], rejects: ["false", "true", 0, 1] },
  string: { accepts: [], rejects: [123, true, {}] },
};

describe("each seed field accepts what its seed type allows and nothing else", () => {
  it("knows every type the seed uses", () => {
    const types = new Set(leaves.map((entry) => entry.field.type));
    expect([...types].filter((type) => !(type in typeSamples))).toEqual([]);
  });

  it.each(leaves.map((entry) => [`${label(entry)} (${entry.field.type})`, entry] as const))(
    "%s accepts its type, null and absence, and rejects other values",
    (_, entry) => {
      const path = dataPath(entry.path);
      const samples = typeSamples[entry.field.type];
      if (!samples) throw new Error(`no samples for ${entry.field.type}`);
      // A string field may have a format (card number, enum), so its valid sample is the fixture's value.
      const accepted =
        entry.field.type === "string" ? [valueAt(fullLead(), path)] : samples.accepts;
      for (const value of [...accepted, null, undefined]) {
        expect(
          issuePaths(withValueAt(fullLead(), path, value)),
          `accepts ${String(value)}`,
        ).toEqual([]);
      }
      for (const value of samples.rejects) {
        expect(
          issuePaths(withValueAt(fullLead(), path, value)),
          `rejects ${String(value)}`,
        ).toContain(path.join("."));
      }
    },
  );

  it.each(objects.map((entry) => [`${label(entry)} (${entry.field.type})`, entry] as const))(
    "%s rejects a value of another JSON type",
    (_, entry) => {
      const path = dataPath(entry.path);
      const wrong = entry.field.type === "object[]" ? [{}, "x", 1] : [[], "x", 1];
      for (const value of wrong) {
        expect(issuePaths(withValueAt(fullLead(), path, value))).toContain(path.join("."));
      }
    },
  );

  it("rejects a parents value that is not an array of chains", () => {
    const path = ["addressData", "fiasChain", "parents"];
    expect(issuePaths(withValueAt(fullLead(), path, {}))).toContain(path.join("."));
    expect(issuePaths(withValueAt(fullLead(), path, ["x"]))).toContain([...path, 0].join("."));
  });

  it("accepts exactly the seed's possible values for each enum", () => {
    const enums = Object.fromEntries(
      entries
        .filter((entry) => entry.field.enumValues)
        .map((entry) => [label(entry), entry.field.enumValues]),
    );
    expect(enums).toEqual({ channel: [...CHANNELS], periodUnit: [...PERIOD_UNITS] });
    for (const [field, values] of Object.entries(enums)) {
      for (const value of values ?? []) {
        expect(issuePaths(withValueAt(fullLead(), [field], value))).toEqual([]);
      }
      expect(issuePaths(withValueAt(fullLead(), [field], "OTHER"))).toContain(field);
    }
  });
});
