// How a duplicate differs from the client it duplicates, one labelled kind at a time, and the hard
// negatives (different people who look alike). Each kind is what a lender's partners actually
// send: an operator's caps lock, a keyboard left in the Latin layout, a name pasted from a web page
// with a zero-width space, a passport replaced at 20 or 45, a surname changed at marriage.

import { randomMobilePhone, randomPassport } from "./identifiers.ts";
import {
  birthDateFor,
  firstNameFor,
  MALE_NAMES,
  type Person,
  patronymicOf,
  randomAddress,
  SURNAMES,
  surnameOf,
} from "./people.ts";
import type { Random } from "./random.ts";

/** Kinds the five-field rule itself must attach to the client (the key normalizes them away). */
export const EXACT_KINDS = [
  "case-spacing",
  "yo",
  "latin-lookalike",
  "invisible",
  "phone-format",
] as const;
/** Kinds that are the same person with another key: a new client by the rule, a suspicion to show. */
export const SUSPICION_KINDS = [
  "typo",
  "transliteration",
  "swapped-names",
  "replaced-passport",
  "changed-last-name",
] as const;
/** Different people who look like a client: never attached, ideally never suspected. */
export const NEGATIVE_KINDS = ["namesake", "twin"] as const;

export type ExactKind = (typeof EXACT_KINDS)[number];
export type SuspicionKind = (typeof SUSPICION_KINDS)[number];
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];
export type CaseKind = ExactKind | SuspicionKind | NegativeKind;
export const ALL_KINDS: readonly CaseKind[] = [
  ...EXACT_KINDS,
  ...SUSPICION_KINDS,
  ...NEGATIVE_KINDS,
];

/** What a lead says about its person: the fields the rule and suspicion read. */
export type LeadPerson = {
  lastName: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  passportSeries: string;
  passportNumber: string;
  mobilePhone: string;
  address: string;
};

export function leadPersonOf(person: Person): LeadPerson {
  const {
    lastName,
    firstName,
    patronymic,
    birthDate,
    passportSeries,
    passportNumber,
    mobilePhone,
    address,
  } = person;
  return {
    lastName,
    firstName,
    patronymic,
    birthDate,
    passportSeries,
    passportNumber,
    mobilePhone,
    address,
  };
}

type NamePart = "lastName" | "firstName" | "patronymic";
const NAME_PARTS: NamePart[] = ["lastName", "firstName", "patronymic"];

/** Upper or lower case, or spaces around a part (a tab now and then): at least one part changes. */
function caseAndSpacing(lead: LeadPerson, random: Random): LeadPerson {
  const styles = [
    (s: string) => s.toLocaleUpperCase("ru-RU"),
    (s: string) => s.toLocaleLowerCase("ru-RU"),
    (s: string) => `  ${s} `,
    (s: string) => `\t${s.toLocaleUpperCase("ru-RU")}  `,
  ];
  const out = { ...lead };
  const first = random.int(NAME_PARTS.length);
  for (const [i, part] of NAME_PARTS.entries()) {
    if (i === first || random.chance(0.4)) out[part] = random.pick(styles)(out[part]);
  }
  return out;
}

/** "ё" written "е" everywhere; a name without "ё" gets one "е" written "ё" instead. */
function yo(lead: LeadPerson, random: Random): LeadPerson {
  const out = { ...lead };
  if (NAME_PARTS.some((part) => /[ёЁ]/.test(out[part]))) {
    for (const part of NAME_PARTS) out[part] = out[part].replace(/ё/g, "е").replace(/Ё/g, "Е");
    return out;
  }
  const part = random.pick(NAME_PARTS.filter((p) => /[еЕ]/.test(out[p])));
  out[part] = /е/.test(out[part]) ? out[part].replace(/е/, "ё") : out[part].replace(/Е/, "Ё");
  return out;
}

// Cyrillic letters and the Latin letters that look like them (the key's LATIN_TWINS, reversed).
const LOOKALIKES: Record<string, string> = {
  а: "a",
  с: "c",
  е: "e",
  о: "o",
  р: "p",
  х: "x",
  у: "y",
  А: "A",
  В: "B",
  С: "C",
  Е: "E",
  Н: "H",
  К: "K",
  М: "M",
  О: "O",
  Р: "P",
  Т: "T",
  Х: "X",
};

/** One to three Cyrillic letters replaced by their Latin look-alikes, in one or two parts. */
function latinLookalike(lead: LeadPerson, random: Random): LeadPerson {
  const out = { ...lead };
  const count = random.between(1, 3);
  for (let done = 0; done < count; ) {
    const part = random.pick(NAME_PARTS);
    const chars = [...out[part]];
    const at = chars.map((ch, i) => (LOOKALIKES[ch] ? i : -1)).filter((i) => i >= 0);
    if (at.length === 0) continue;
    const i = random.pick(at);
    chars[i] = LOOKALIKES[chars[i]!]!;
    out[part] = chars.join("");
    done++;
  }
  return out;
}

/** Characters that print as nothing: zero-width space, joiners, word joiner, soft hyphen, BOM, LRM. */
export const INVISIBLES = ["\u200B", "\u200C", "\u200D", "\u2060", "\u00AD", "\uFEFF", "\u200E"];

function invisible(lead: LeadPerson, random: Random): LeadPerson {
  const out = { ...lead };
  const part = random.pick(NAME_PARTS);
  const chars = [...out[part]];
  chars.splice(random.between(0, chars.length), 0, random.pick(INVISIBLES));
  out[part] = chars.join("");
  return out;
}

/** The same phone as a person types it: "8 (916) 123-45-67", "+7 916 123-45-67", "89161234567". */
function phoneFormat(lead: LeadPerson, random: Random): LeadPerson {
  const d = lead.mobilePhone.slice(2); // 9XXXXXXXXX
  const formats = [
    `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
    `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
    `8${d}`,
    `7${d}`,
    `+7(${d.slice(0, 3)})${d.slice(3)}`,
  ];
  return { ...lead, mobilePhone: random.pick(formats) };
}

// Neighbours on the ЙЦУКЕН keyboard: a slip of the finger is a neighbouring key.
const KEYBOARD_ROWS = ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"];
function neighbours(ch: string): string[] {
  const lower = ch.toLocaleLowerCase("ru-RU");
  for (const row of KEYBOARD_ROWS) {
    const i = row.indexOf(lower);
    if (i < 0) continue;
    return [row[i - 1], row[i + 1]].filter((n): n is string => n !== undefined);
  }
  return [];
}

/** One letter of one part substituted by a keyboard neighbour, dropped, or doubled. */
function typo(lead: LeadPerson, random: Random): LeadPerson {
  const out = { ...lead };
  const part = random.pick(NAME_PARTS);
  const chars = [...out[part]];
  // Never the first letter (a capital), so that the slip stays one letter of the same case.
  const i = random.between(1, chars.length - 1);
  const ch = chars[i]!;
  const options = neighbours(ch);
  const how = random.int(3);
  if (how === 0 && options.length > 0) chars[i] = random.pick(options);
  else if (how === 1 && chars.length > 3) chars.splice(i, 1);
  else chars.splice(i, 0, ch === "ё" ? "е" : ch);
  out[part] = chars.join("");
  return out;
}

// Two transliterations partners use: the passport's (ICAO, since 2013) and the common one of
// web forms and bank cards ("y" for "й", "ya"/"yu", "yo" for "ё").
const ICAO: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ё: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "ie",
  ы: "y",
  ь: "",
  э: "e",
  ю: "iu",
  я: "ia",
};
const COMMON: Record<string, string> = {
  ...ICAO,
  ё: "yo",
  й: "y",
  ъ: "",
  ю: "yu",
  я: "ya",
  х: "h",
};

export function transliterate(name: string, scheme: "icao" | "common"): string {
  const table = scheme === "icao" ? ICAO : COMMON;
  let latin = "";
  for (const ch of name.toLocaleLowerCase("ru-RU")) latin += table[ch] ?? ch;
  if (scheme === "common") latin = latin.replace(/iy$/, "y");
  return latin.charAt(0).toUpperCase() + latin.slice(1);
}

function transliteration(lead: LeadPerson, random: Random): LeadPerson {
  const scheme = random.chance(0.5) ? "icao" : "common";
  const out = { ...lead };
  for (const part of NAME_PARTS) out[part] = transliterate(out[part], scheme);
  return out;
}

function swappedNames(lead: LeadPerson): LeadPerson {
  return { ...lead, lastName: lead.firstName, firstName: lead.lastName };
}

/** A new passport (replaced at 20 or 45, or lost); the phone is kept half of the time. */
function replacedPassport(lead: LeadPerson, random: Random): LeadPerson {
  const passport = randomPassport(random);
  return {
    ...lead,
    passportSeries: passport.series,
    passportNumber: passport.number,
    mobilePhone: random.chance(0.5) ? lead.mobilePhone : randomMobilePhone(random),
  };
}

/** Another surname (marriage) and so a new passport; first name, patronymic, birth date, phone kept. */
function changedLastName(lead: LeadPerson, person: Person, random: Random): LeadPerson {
  let surname = random.int(SURNAMES.length);
  while (surname === person.surname) surname = random.int(SURNAMES.length);
  const passport = randomPassport(random);
  return {
    ...lead,
    lastName: surnameOf(SURNAMES[surname]!, person.gender),
    passportSeries: passport.series,
    passportNumber: passport.number,
  };
}

/** Another person of the same full name: other passport, birth date, phone and address. */
function namesake(lead: LeadPerson, random: Random): LeadPerson {
  const passport = randomPassport(random);
  let birthDate = birthDateFor(random);
  while (birthDate === lead.birthDate) birthDate = birthDateFor(random);
  return {
    ...lead,
    birthDate,
    passportSeries: passport.series,
    passportNumber: passport.number,
    mobilePhone: randomMobilePhone(random),
    address: randomAddress(random),
  };
}

/** A twin: same family, father, birth date and address; own first name (of either gender), passport, phone. */
function twin(person: Person, random: Random): LeadPerson {
  const gender = random.chance(0.5) ? "M" : "F";
  let firstName = firstNameFor(random, gender);
  while (firstName === person.firstName) firstName = firstNameFor(random, gender);
  const passport = randomPassport(random);
  return {
    lastName: surnameOf(SURNAMES[person.surname]!, gender),
    firstName,
    patronymic: patronymicOf(MALE_NAMES[person.father]!, gender),
    birthDate: person.birthDate,
    passportSeries: passport.series,
    passportNumber: passport.number,
    mobilePhone: randomMobilePhone(random),
    address: person.address,
  };
}

/** Whether `kind` can be made of `person`: "yo" needs an "е" or "ё" in the name. */
export function canCorrupt(kind: CaseKind, person: Person): boolean {
  return kind !== "yo" || NAME_PARTS.some((part) => /[еёЕЁ]/.test(person[part]));
}

/** The lead of `kind` derived from the client `person` (canCorrupt must hold). */
export function corrupt(kind: CaseKind, person: Person, random: Random): LeadPerson {
  const lead = leadPersonOf(person);
  switch (kind) {
    case "case-spacing":
      return caseAndSpacing(lead, random);
    case "yo":
      return yo(lead, random);
    case "latin-lookalike":
      return latinLookalike(lead, random);
    case "invisible":
      return invisible(lead, random);
    case "phone-format":
      return phoneFormat(lead, random);
    case "typo":
      return typo(lead, random);
    case "transliteration":
      return transliteration(lead, random);
    case "swapped-names":
      return swappedNames(lead);
    case "replaced-passport":
      return replacedPassport(lead, random);
    case "changed-last-name":
      return changedLastName(lead, person, random);
    case "namesake":
      return namesake(lead, random);
    case "twin":
      return twin(person, random);
  }
}
