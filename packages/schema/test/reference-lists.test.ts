// The fixed reference lists and the field -> list map: countries are ISO 3166 numeric codes with
// the Russian names the i18n-iso-countries package gives (the shipped file is regenerated, never
// edited), and every id field of the contract that names a country or a lender list maps to it.
import { describe, expect, it } from "vitest";
import { LEAD_FIELDS } from "../src/contract-fields.ts";
import { COUNTRY_ROWS } from "../src/countries.generated.ts";
import {
  COUNTRY_ENTRIES,
  LENDER_LISTS,
  lenderListTitleRu,
  REFERENCE_FIELDS,
  referenceListOf,
  SEX_ENTRIES,
} from "../src/reference-lists.ts";
import { countryEntries } from "./support/countries-source.ts";

describe("reference lists", () => {
  it("the country list has Russian names: 643 is Россия, 398 Казахстан, 112 Беларусь", () => {
    const name = (id: number) => COUNTRY_ENTRIES.find((entry) => entry.id === id)?.name;
    expect(name(643)).toBe("Россия");
    expect(name(398)).toBe("Казахстан");
    expect(name(112)).toBe("Беларусь");
    expect(new Set(COUNTRY_ENTRIES.map((entry) => entry.id)).size).toBe(COUNTRY_ENTRIES.length);
  });

  it("the shipped country file is what i18n-iso-countries says (run generate:countries after a bump)", () => {
    expect(COUNTRY_ROWS.map(([id, name]) => ({ id, name }))).toEqual(countryEntries());
  });

  it("sex follows ISO/IEC 5218: the seed's 1 is male", () => {
    expect(SEX_ENTRIES).toEqual([
      { id: 1, name: "Мужской" },
      { id: 2, name: "Женский" },
    ]);
  });

  it("every country id and lender-list id field of the contract has its list", () => {
    const idFields = LEAD_FIELDS.map(({ path }) => path).filter((path) =>
      /(countryId|CountryId|sexId)$/.test(path),
    );
    expect(idFields.length).toBeGreaterThanOrEqual(3);
    for (const path of idFields) expect(referenceListOf(path), path).toBeDefined();
    for (const list of LENDER_LISTS) {
      expect(
        LEAD_FIELDS.some(({ path }) => path === `${list}Id`),
        list,
      ).toBe(true);
      expect(REFERENCE_FIELDS[`${list}Id`]).toBe(list);
    }
    expect(referenceListOf("addresses.0.countryId")).toBe("country");
    expect(referenceListOf("managerId")).toBeUndefined();
    expect(lenderListTitleRu("creditProduct")).toBe("Кредитный продукт");
  });
});
