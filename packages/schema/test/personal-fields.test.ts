// The personal-data marks of the contract: every field the audit trail and the logs treated as
// personal before the marks existed is marked, in every place the seed has it, and the marks
// read the same by path and by name (what the masking and the redaction match on).

import { describe, expect, it } from "vitest";
import { LEAD_FIELDS } from "../src/contract-fields.ts";
import {
  isPersonalPath,
  PERSONAL_FIELD_NAMES,
  PERSONAL_FIELD_PATHS,
} from "../src/personal-fields.ts";
import { readSeed, seedEntries } from "./support/seed.ts";

// The union of the two lists the marks replace: the audit trail's masking patterns
// (packages/core audit.ts) and the log redaction keys (packages/api logger.ts). A field of one
// of these names, anywhere in the lead, was personal; it must stay so.
const PERSONAL_BEFORE_THE_MARKS = [
  "lastName",
  "firstName",
  "patronymic",
  "birthDate",
  "birthPlace",
  "passport",
  "snils",
  "inn",
  "mobilePhone",
  "telephone",
  "email",
  "cardNumber",
  "cardCvc",
  "cardHolder",
  "validThruMonth",
  "validThruYear",
  "address",
  "fullAddressText",
  "oldAddressText",
  "apartmentNo",
  "houseNo",
  "blockNo",
  "buildingNo",
  "streetName",
  "rnn",
  "workPlace",
];

/** The seed's fields as contract paths: dotted, without the seed's "[]" for an array's element. */
const seedPaths = seedEntries(readSeed()).map(({ path }) =>
  path.filter((step) => step !== "[]").join("."),
);

describe("the contract's personal-data marks", () => {
  it("cover every field of the seed that was masked or redacted before, wherever it occurs", () => {
    const before = seedPaths.filter((path) =>
      path.split(".").some((step) => PERSONAL_BEFORE_THE_MARKS.includes(step)),
    );
    // The seed has these names at the top, in the three addresses and in relatives: 67 fields,
    // the two passports' own fields among them.
    expect(before).toHaveLength(67);
    const unmarked = before.filter((path) => {
      const steps = path.split(".");
      // Marked itself, or inside a marked field (a passport's fields are the passport's).
      return !steps.some((_, i) => PERSONAL_FIELD_PATHS.has(steps.slice(0, i + 1).join(".")));
    });
    expect(unmarked).toEqual([]);
    for (const name of PERSONAL_BEFORE_THE_MARKS) expect(PERSONAL_FIELD_NAMES).toContain(name);
  });

  it("mark a name everywhere it occurs or nowhere, so matching by name is matching the marks", () => {
    const inconsistent = LEAD_FIELDS.filter(
      ({ path, name }) => PERSONAL_FIELD_NAMES.has(name) !== PERSONAL_FIELD_PATHS.has(path),
    ).map(({ path }) => path);
    expect(inconsistent).toEqual([]);
  });

  it("leave the fields that say nothing about who the person is unmarked", () => {
    for (const path of ["amount", "channel", "goods.name", "addressData.postalCode", "employerInn"])
      expect(PERSONAL_FIELD_PATHS.has(path), path).toBe(false);
  });
});

describe("isPersonalPath", () => {
  it("is true for a personal field and inside one, array indices included", () => {
    for (const path of [
      "lastName",
      "passport",
      "passport.seria",
      "relatives.3.passport.no",
      "relatives.0.telephone",
      "addresses.1.streetName",
      "registrationAddressData.apartmentNo",
    ])
      expect(isPersonalPath(path), path).toBe(true);
  });

  it("is true for a key named like a personal field outside the contract's shape (an open map)", () => {
    expect(isPersonalPath("addressData.attributes.email")).toBe(true);
    expect(isPersonalPath("addresses.0.attributes.mobilePhone")).toBe(true);
  });

  it("is false for the rest", () => {
    for (const path of [
      "amount",
      "goods.0.name",
      "addressData.postalCode",
      "addressData.attributes.floor",
    ])
      expect(isPersonalPath(path), path).toBe(false);
  });
});
