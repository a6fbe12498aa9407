import { describe, expect, it } from "vitest";
import { fullLead } from "../src/fixtures.ts";
import {
  type IdentitySource,
  identityKey,
  normalizeName,
  normalizePassportPart,
} from "../src/identity-key.ts";

const ivanov = {
  lastName: "Иванов",
  firstName: "Пётр",
  patronymic: "Семёнович",
  passport: { seria: "4506", no: "123456" },
} satisfies IdentitySource;

function keyOf(lead: IdentitySource) {
  const result = identityKey(lead);
  if (!result.ok) throw new Error(`missing ${result.missing.join(", ")}`);
  return result.key;
}

describe("normalizeName", () => {
  it.each([
    ["  Иванов  ", "иванов"],
    ["ИВАНОВ", "иванов"],
    ["Семёнов", "семенов"],
    ["СЕМЁНОВ", "семенов"],
    ["Анна   Мария", "анна мария"],
    ["Анна\u00a0\tМария", "анна мария"],
    ["Салтыков-Щедрин", "салтыков-щедрин"],
  ])("normalizes %j to %j", (name, normalized) => {
    expect(normalizeName(name)).toBe(normalized);
  });

  it("reads a decomposed ё (е + combining diaeresis) as е", () => {
    expect(normalizeName("Семе\u0308нов")).toBe(normalizeName("Семенов"));
  });

  it("makes a blank name empty", () => {
    expect(normalizeName(" \t ")).toBe("");
  });

  // Each rule of the harder normalization (issue 13): the spelling on the left must give the
  // same key as the plain one on the right.
  it.each([
    ["zero-width space", "Ива\u200Bнов", "Иванов"],
    ["zero-width joiner and non-joiner", "Ив\u200Dан\u200Cов", "Иванов"],
    ["word joiner", "Иван\u2060ов", "Иванов"],
    ["soft hyphen", "Ива\u00ADнов", "Иванов"],
    ["byte order mark", "\uFEFFИванов", "Иванов"],
    ["bidirectional marks", "\u200EИванов\u200F\u202A\u202C\u2066\u2069", "Иванов"],
    ["a stress accent on a vowel", "Ива\u0301нов", "Иванов"],
    ["a decomposed й keeps its breve", "Андреи\u0306", "Андрей"],
    ["ё precomposed", "Фёдоров", "Федоров"],
    ["en dash", "Салтыков\u2013Щедрин", "Салтыков-Щедрин"],
    ["em dash", "Салтыков\u2014Щедрин", "Салтыков-Щедрин"],
    ["minus sign", "Салтыков\u2212Щедрин", "Салтыков-Щедрин"],
    ["non-breaking hyphen", "Салтыков\u2011Щедрин", "Салтыков-Щедрин"],
    ["spaces around a hyphen", "Салтыков - Щедрин", "Салтыков-Щедрин"],
    ["typographic apostrophe", "Д\u2019Артаньян", "Д'Артаньян"],
    ["modifier apostrophe", "Д\u02BCАртаньян", "Д'Артаньян"],
    ["grave accent as an apostrophe", "Д`Артаньян", "Д'Артаньян"],
    ["Latin lower look-alikes in a Cyrillic word", "Ивaнoв", "Иванов"],
    ["Latin upper look-alikes in a Cyrillic word", "КOРOТКOВ", "Коротков"],
    ["every upper look-alike", "ABCEHKMOPTXЯ", "АВСЕНКМОРТХЯ"],
    ["every lower look-alike", "acepoxyя", "асерохуя"],
    ["look-alikes in one part of a double surname", "Петрoва-Водкина", "Петрова-Водкина"],
  ])("%s: %j reads as %j", (_rule, spelled, plain) => {
    expect(normalizeName(spelled)).toBe(normalizeName(plain));
  });

  it("leaves a word wholly in Latin as Latin (a transliteration is a suspicion, not a key)", () => {
    expect(normalizeName("Ivanov")).toBe("ivanov");
    expect(normalizeName("Ivanov")).not.toBe(normalizeName("Иванов"));
    // Only the word with a Cyrillic letter is folded: the Latin word beside it stays.
    expect(normalizeName("Иvanov Oleg")).toBe("иvаnоv oleg");
  });

  it("keeps й and ё as letters distinct from и (only ё = е)", () => {
    expect(normalizeName("Андрей")).not.toBe(normalizeName("Андреи"));
    expect(normalizeName("Ёлкин")).toBe("елкин");
  });
});

describe("normalizePassportPart", () => {
  it("keeps the digits only, so 45 06 equals 4506", () => {
    expect(normalizePassportPart("45 06")).toBe("4506");
    expect(normalizePassportPart(" 123 456 ")).toBe("123456");
  });
});

describe("identityKey", () => {
  it("builds the normalized key of a complete lead", () => {
    expect(identityKey(ivanov)).toEqual({
      ok: true,
      key: {
        lastName: "иванов",
        firstName: "петр",
        patronymic: "семенович",
        passportSeries: "4506",
        passportNumber: "123456",
      },
    });
  });

  it("gives the same key for spellings that differ in case, spaces, ё and passport spacing", () => {
    const spelled = {
      lastName: "  ИВАНОВ ",
      firstName: "петр",
      patronymic: "СЕМЕНОВИЧ",
      passport: { seria: "45 06", no: " 123456" },
    };
    expect(keyOf(spelled)).toEqual(keyOf(ivanov));
  });

  it("treats a missing patronymic like an empty one", () => {
    const none = keyOf({ ...ivanov, patronymic: undefined });
    expect(none.patronymic).toBe("");
    expect(keyOf({ ...ivanov, patronymic: null })).toEqual(none);
    expect(keyOf({ ...ivanov, patronymic: "" })).toEqual(none);
    expect(keyOf({ ...ivanov, patronymic: "  " })).toEqual(none);
  });

  it("gives different keys for the same name with a different passport", () => {
    expect(keyOf({ ...ivanov, passport: { seria: "4506", no: "123457" } })).not.toEqual(
      keyOf(ivanov),
    );
  });

  it("gives different keys for the same passport with a different name or patronymic", () => {
    expect(keyOf({ ...ivanov, firstName: "Павел" })).not.toEqual(keyOf(ivanov));
    expect(keyOf({ ...ivanov, patronymic: undefined })).not.toEqual(keyOf(ivanov));
  });

  it("ignores every other field of the lead", () => {
    const other = {
      ...fullLead(),
      ...ivanov,
      mobilePhone: "+79990000000",
      birthDate: "1990-01-01",
      inn: "1234567894",
    };
    expect(keyOf(other)).toEqual(keyOf(ivanov));
  });

  it("names each missing key field by its contract path", () => {
    expect(identityKey({})).toEqual({
      ok: false,
      missing: ["lastName", "firstName", "passport.seria", "passport.no"],
    });
    expect(identityKey({ ...ivanov, passport: null })).toEqual({
      ok: false,
      missing: ["passport.seria", "passport.no"],
    });
    expect(identityKey({ ...ivanov, firstName: null, passport: { seria: "4506" } })).toEqual({
      ok: false,
      missing: ["firstName", "passport.no"],
    });
  });

  it("counts a value that is blank after normalization as missing", () => {
    expect(
      identityKey({ ...ivanov, lastName: "   ", passport: { seria: " - ", no: "123456" } }),
    ).toEqual({
      ok: false,
      missing: ["lastName", "passport.seria"],
    });
  });

  it("matches spellings that differ only by the harder normalization", () => {
    const spelled = {
      ...ivanov,
      lastName: "Ивa\u200Bнов",
      firstName: "Пе\u0301тр",
      patronymic: "Семeнович",
    };
    expect(keyOf(spelled)).toEqual(keyOf(ivanov));
  });

  it("never matches a Latin-only spelling by key: the five-field rule still decides", () => {
    expect(keyOf({ ...ivanov, lastName: "Ivanov" })).not.toEqual(keyOf(ivanov));
  });

  it("builds a key from the full fixture lead", () => {
    expect(keyOf(fullLead())).toEqual({
      lastName: "семенов",
      firstName: "алексей",
      patronymic: "игоревич",
      passportSeries: "4506",
      passportNumber: "123456",
    });
  });
});
