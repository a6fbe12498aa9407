import { identityKey, nameSkeleton, normalizeName, normalizeRuMobilePhone } from "@leadcore/schema";
import { describe, expect, it } from "vitest";
import {
  canCorrupt,
  corrupt,
  EXACT_KINDS,
  INVISIBLES,
  type LeadPerson,
  leadPersonOf,
} from "../src/dedup/corruptions.ts";
import { generateCases } from "../src/dedup/dataset.ts";
import { type Person, patronymicOf, personAt, surnameOf } from "../src/dedup/people.ts";
import { Random } from "../src/dedup/random.ts";

const SEED = 13;
const people = Array.from({ length: 300 }, (_, i) => personAt(SEED, i));
const keyOf = (p: LeadPerson) =>
  identityKey({
    lastName: p.lastName,
    firstName: p.firstName,
    patronymic: p.patronymic,
    passport: { seria: p.passportSeries, no: p.passportNumber },
  });
const names = (p: LeadPerson) => [p.lastName, p.firstName, p.patronymic];
/** Each person with the lead `kind` made of them (one PRNG for the whole list). */
const leadsOf = (kind: Parameters<typeof corrupt>[0]): [Person, LeadPerson][] => {
  const random = new Random(99);
  return people.filter((p) => canCorrupt(kind, p)).map((p) => [p, corrupt(kind, p, random)]);
};

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

describe("the synthetic population", () => {
  it("is the same for the same seed and another for another seed", () => {
    expect(personAt(SEED, 42)).toEqual(personAt(SEED, 42));
    expect(personAt(SEED + 1, 42)).not.toEqual(personAt(SEED, 42));
    const options = { seed: SEED, clients: 1_000, perKind: 5 };
    expect(generateCases(options)).toEqual(generateCases(options));
    expect(generateCases({ ...options, seed: SEED + 1 })).not.toEqual(generateCases(options));
  });

  it("gives surnames and patronymics the person's gender", () => {
    expect(surnameOf("Иванов", "F")).toBe("Иванова");
    expect(surnameOf("Королёв", "F")).toBe("Королёва");
    expect(surnameOf("Островский", "F")).toBe("Островская");
    expect(surnameOf("Толстой", "F")).toBe("Толстая");
    expect(surnameOf("Шевченко", "F")).toBe("Шевченко");
    expect(surnameOf("Иванов", "M")).toBe("Иванов");
    expect(patronymicOf("Иван", "M")).toBe("Иванович");
    expect(patronymicOf("Сергей", "F")).toBe("Сергеевна");
    expect(patronymicOf("Юрий", "M")).toBe("Юрьевич");
    expect(patronymicOf("Дмитрий", "F")).toBe("Дмитриевна");
    expect(patronymicOf("Илья", "F")).toBe("Ильинична");
    expect(patronymicOf("Пётр", "M")).toBe("Петрович");
    for (const p of people) {
      expect(p.patronymic.endsWith(p.gender === "M" ? "ич" : "на")).toBe(true);
    }
  });

  it("draws adults' birth dates, RF passports and mobile phones", () => {
    for (const p of people) {
      expect(p.birthDate).toMatch(/^(19[5-9]\d|200[0-7])-\d\d-\d\d$/);
      expect(p.passportSeries).toMatch(/^\d{4}$/);
      expect(p.passportNumber).toMatch(/^\d{6}$/);
      expect(p.mobilePhone).toMatch(/^\+79\d{9}$/);
    }
  });

  it("makes each case from its own client, every kind as many times as asked", () => {
    const cases = generateCases({ seed: SEED, clients: 1_000, perKind: 7 });
    expect(new Set(cases.map((c) => c.basePersonId)).size).toBe(cases.length);
    expect(cases.filter((c) => c.kind === "typo")).toHaveLength(7);
    for (const c of cases) {
      const negative = c.kind === "namesake" || c.kind === "twin";
      expect(c.personId === c.basePersonId).toBe(!negative);
    }
  });
});

describe("corruptions", () => {
  it.each(EXACT_KINDS)("%s changes what is written but not the identity key", (kind) => {
    for (const [person, lead] of leadsOf(kind)) {
      expect(lead).not.toEqual(leadPersonOf(person));
      expect(keyOf(lead)).toEqual(keyOf(leadPersonOf(person)));
    }
  });

  it("case-spacing changes only case and spaces", () => {
    for (const [person, lead] of leadsOf("case-spacing")) {
      expect(names(lead).map((n) => n.trim().toLowerCase())).toEqual(
        names(person).map((n) => n.toLowerCase()),
      );
    }
  });

  it("yo writes ё as е, or an е as ё", () => {
    for (const [person, lead] of leadsOf("yo")) {
      const written = names(lead).join(" ");
      const original = names(person).join(" ");
      const plain = (text: string) => text.replace(/ё/g, "е").replace(/Ё/g, "Е");
      expect(plain(written)).toBe(plain(original));
      expect(written).not.toBe(original);
    }
  });

  it("latin-lookalike puts Latin letters into Cyrillic names", () => {
    for (const [, lead] of leadsOf("latin-lookalike")) {
      expect(names(lead).join("")).toMatch(/[A-Za-z]/);
      expect(names(lead).join("")).toMatch(/[а-яА-ЯёЁ]/);
    }
  });

  it("invisible inserts one character that prints as nothing", () => {
    for (const [person, lead] of leadsOf("invisible")) {
      const inserted = [...names(lead).join("")].filter((ch) => INVISIBLES.includes(ch));
      expect(inserted).toHaveLength(1);
      expect(names(lead).join("").replace(inserted[0]!, "")).toBe(names(person).join(""));
    }
  });

  it("phone-format writes the same phone another way", () => {
    for (const [person, lead] of leadsOf("phone-format")) {
      expect(lead.mobilePhone).not.toBe(person.mobilePhone);
      expect(normalizeRuMobilePhone(lead.mobilePhone)).toBe(person.mobilePhone);
    }
  });

  it("typo changes one letter of one part of the name, and so the key", () => {
    for (const [person, lead] of leadsOf("typo")) {
      const distances = names(lead).map((n, i) =>
        levenshtein(normalizeName(n), normalizeName(names(person)[i]!)),
      );
      expect(distances.reduce((a, b) => a + b)).toBe(1);
      expect(keyOf(lead)).not.toEqual(keyOf(leadPersonOf(person)));
    }
  });

  it("transliteration writes the whole name in Latin letters, the rest unchanged", () => {
    for (const [person, lead] of leadsOf("transliteration")) {
      for (const n of names(lead)) expect(n).toMatch(/^[A-Z][a-z']+$/);
      expect(lead.passportNumber).toBe(person.passportNumber);
      expect(lead.birthDate).toBe(person.birthDate);
      // Close to the client's skeleton (what suspicion compares), not necessarily equal.
      const skeleton = nameSkeleton(lead.lastName, lead.firstName, lead.patronymic);
      expect(skeleton.slice(0, 2)).toBe(
        nameSkeleton(person.lastName, person.firstName, person.patronymic).slice(0, 2),
      );
    }
  });

  it("swapped-names exchanges the first and last names", () => {
    for (const [person, lead] of leadsOf("swapped-names")) {
      expect([lead.lastName, lead.firstName]).toEqual([person.firstName, person.lastName]);
      expect(lead.patronymic).toBe(person.patronymic);
    }
  });

  it("replaced-passport keeps the name and birth date with another passport", () => {
    for (const [person, lead] of leadsOf("replaced-passport")) {
      expect(names(lead)).toEqual(names(person));
      expect(lead.birthDate).toBe(person.birthDate);
      expect(lead.passportSeries + lead.passportNumber).not.toBe(
        person.passportSeries + person.passportNumber,
      );
    }
  });

  it("changed-last-name keeps first name, patronymic, birth date and phone", () => {
    for (const [person, lead] of leadsOf("changed-last-name")) {
      expect(lead.lastName).not.toBe(person.lastName);
      expect(lead.lastName.endsWith("а") || lead.lastName.endsWith("ая")).toBe(
        person.gender === "F" && !/(ко|их|ых)$/.test(lead.lastName),
      );
      expect([lead.firstName, lead.patronymic, lead.birthDate, lead.mobilePhone]).toEqual([
        person.firstName,
        person.patronymic,
        person.birthDate,
        person.mobilePhone,
      ]);
      expect(lead.passportNumber + lead.passportSeries).not.toBe(
        person.passportNumber + person.passportSeries,
      );
    }
  });

  it("namesake is another person of the same full name", () => {
    for (const [person, lead] of leadsOf("namesake")) {
      expect(names(lead)).toEqual(names(person));
      expect(lead.birthDate).not.toBe(person.birthDate);
      expect(lead.passportSeries + lead.passportNumber).not.toBe(
        person.passportSeries + person.passportNumber,
      );
    }
  });

  it("twin shares family, patronymic's father, birth date and address, not the first name", () => {
    for (const [person, lead] of leadsOf("twin")) {
      expect(normalizeName(lead.lastName).slice(0, 3)).toBe(
        normalizeName(person.lastName).slice(0, 3),
      );
      expect(lead.patronymic.slice(0, 3)).toBe(person.patronymic.slice(0, 3));
      expect([lead.birthDate, lead.address]).toEqual([person.birthDate, person.address]);
      expect(lead.firstName).not.toBe(person.firstName);
      expect(lead.passportSeries + lead.passportNumber).not.toBe(
        person.passportSeries + person.passportNumber,
      );
    }
  });
});
