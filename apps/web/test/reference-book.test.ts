// The names behind reference ids (lib/reference-book.ts): what the editor's pickers offer and how
// the history and the client page name an id, shipped list or lender's, known or not.
import type { ReferenceEntry } from "@leadcore/schema";
import { describe, expect, it } from "vitest";
import {
  pickerOptions,
  referenceBook,
  referenceText,
  referenceValueText,
} from "../lib/reference-book.ts";

const entry = (id: number, name: string, archived = false): ReferenceEntry => ({
  list: "creditProduct",
  id,
  name,
  archived,
  updatedAt: "2026-12-01T00:00:00.000Z",
});
const book = referenceBook([entry(12, "Потребительский"), entry(13, "Рассрочка", true)]);

describe("reference ids in words", () => {
  it("names the shipped lists whatever the lender has entered: 643 is Россия, 1 is Мужской", () => {
    const empty = referenceBook(null);
    expect(referenceValueText(empty, "birthCountryId", 643)).toBe("Россия");
    expect(referenceValueText(empty, "addresses.0.countryId", 643)).toBe("Россия");
    expect(referenceValueText(empty, "sexId", 2)).toBe("Женский");
    expect(referenceValueText(empty, "sexId", 9)).toBe("№ 9 (нет в справочнике)");
  });

  it("names a lender's entry, marks an archived one and an id the list does not hold", () => {
    expect(referenceText(book, "creditProduct", 12)).toBe("Потребительский");
    expect(referenceText(book, "creditProduct", 13)).toBe("Рассрочка (в архиве)");
    expect(referenceText(book, "creditProduct", 57)).toBe("№ 57 (нет в справочнике)");
    expect(referenceText(book, "shop", 12)).toBe("№ 12 (нет в справочнике)");
  });

  it("does not call an id missing while the lender's lists are still loading", () => {
    expect(referenceText(referenceBook(null), "creditProduct", 57)).toBe("№ 57");
  });

  it("leaves other fields and values that are not ids to the usual display", () => {
    expect(referenceValueText(book, "amount", 12)).toBeUndefined();
    expect(referenceValueText(book, "creditProductId", "12")).toBeUndefined();
    expect(referenceValueText(book, "creditProductId", 1.5)).toBeUndefined();
  });
});

describe("what a picker offers", () => {
  it("offers the live entries, not the archived ones", () => {
    expect(pickerOptions(book, "creditProduct", undefined)).toEqual([
      { value: "12", label: "Потребительский" },
    ]);
  });

  it("keeps the lead's current value on offer, archived or unknown, so opening it changes nothing", () => {
    expect(pickerOptions(book, "creditProduct", 13)[0]).toEqual({
      value: "13",
      label: "Рассрочка (в архиве)",
    });
    expect(pickerOptions(book, "creditProduct", 57).map((option) => option.value)).toEqual([
      "57",
      "12",
    ]);
    expect(pickerOptions(book, "creditProduct", 12)).toHaveLength(1);
  });

  it("offers every country, Россия among them, by the ISO number", () => {
    const countries = pickerOptions(book, "country", undefined);
    expect(countries.length).toBeGreaterThan(240);
    expect(countries).toContainEqual({ value: "643", label: "Россия" });
  });
});
