// The rule of the seed: a lead belongs to an existing client when last name, first name,
// patronymic, passport series and passport number all match. These are the normalized values
// that are compared (and that a unique constraint on clients holds); nothing else takes part.

import type { LeadBody } from "./lead-contract.ts";

export type IdentityKey = {
  lastName: string;
  firstName: string;
  /** "" when the person has no patronymic: a missing one equals an empty one. */
  patronymic: string;
  passportSeries: string;
  passportNumber: string;
};

/** A field of the key that a lead lacks, by its contract path. */
export type IdentityKeyField = "lastName" | "firstName" | "passport.seria" | "passport.no";

export type IdentityKeyResult =
  | { ok: true; key: IdentityKey }
  | { ok: false; missing: IdentityKeyField[] };

/** What the key is built from; a lead of the contract or a stored one both fit. */
export type IdentitySource = Pick<LeadBody, "lastName" | "firstName" | "patronymic"> & {
  passport?: { seria?: string | null; no?: string | null } | null;
};

// Characters that print as nothing but make two spellings differ: zero-width space, non-joiner and
// joiner, word joiner and invisible operators, soft hyphen, BOM, Mongolian vowel separator, the
// bidirectional marks, embeddings and isolates.
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
// Every dash and hyphen form (hyphen, non-breaking hyphen, figure dash, en and em dash, minus...).
const DASHES = /[\u058A\u05BE\u1806\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
// Apostrophes and quotes: typographic, modifier letters, grave and acute accents used as one.
const QUOTES = /[\u0060\u00B4\u00AB\u00BB\u02B9-\u02BC\u2018-\u201F\u2032\u2033"]/g;
// The Latin letters that look like Cyrillic ones, as typed into a Cyrillic word by a keyboard left
// in the wrong layout or by an OCR: lower "a c e o p x y", upper "A B C E H K M O P T X".
const LATIN_TWINS: Record<string, string> = {
  a: "а",
  c: "с",
  e: "е",
  o: "о",
  p: "р",
  x: "х",
  y: "у",
  A: "А",
  B: "В",
  C: "С",
  E: "Е",
  H: "Н",
  K: "К",
  M: "М",
  O: "О",
  P: "Р",
  T: "Т",
  X: "Х",
};
const CYRILLIC = /\p{Script=Cyrillic}/u;

/**
 * Drops the combining marks that are not part of a Russian letter (an accent put on a vowel to
 * show stress, a stray diaeresis), keeping the breve of "й". "ё" loses its diaeresis here, which
 * is the same as reading it as "е".
 */
function dropStrayMarks(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, (mark, offset: number, whole: string) =>
      mark === "\u0306" && /[иИ]/.test(whole[offset - 1] ?? "") ? mark : "",
    )
    .normalize("NFC");
}

/** In a word that has a Cyrillic letter, its Latin look-alikes are read as their Cyrillic twins. */
function foldLatinTwins(s: string): string {
  return s.replace(/[^\s-]+/g, (word) =>
    CYRILLIC.test(word) ? word.replace(/[a-zA-Z]/g, (ch) => LATIN_TWINS[ch] ?? ch) : word,
  );
}

/**
 * A name as compared: NFC; invisible characters removed; stray combining marks removed ("й"
 * kept); every dash form a hyphen, with no spaces around it; every apostrophe and quote one "'";
 * trimmed, inner whitespace collapsed to one space; Latin look-alikes in a Cyrillic word read as
 * Cyrillic (a word wholly in Latin stays Latin); lower case by Russian rules; "ё" read as "е".
 */
export function normalizeName(s: string): string {
  const cleaned = dropStrayMarks(s.normalize("NFC").replace(INVISIBLE, ""))
    .replace(DASHES, "-")
    .replace(QUOTES, "'")
    .trim()
    .replace(/\s+/g, " ")
    .replace(/ ?- ?/g, "-");
  return foldLatinTwins(cleaned).toLocaleLowerCase("ru-RU").replace(/ё/g, "е");
}

/** A passport series or number as compared: its digits only ("45 06" = "4506"). */
export function normalizePassportPart(s: string): string {
  return s.replace(/\D/g, "");
}

/**
 * The identity key of a lead, or every key field it lacks. A value that is blank after
 * normalization is missing; the patronymic is never missing.
 */
export function identityKey(lead: IdentitySource): IdentityKeyResult {
  const key: IdentityKey = {
    lastName: normalizeName(lead.lastName ?? ""),
    firstName: normalizeName(lead.firstName ?? ""),
    patronymic: normalizeName(lead.patronymic ?? ""),
    passportSeries: normalizePassportPart(lead.passport?.seria ?? ""),
    passportNumber: normalizePassportPart(lead.passport?.no ?? ""),
  };
  const missing: IdentityKeyField[] = [];
  if (key.lastName === "") missing.push("lastName");
  if (key.firstName === "") missing.push("firstName");
  if (key.passportSeries === "") missing.push("passport.seria");
  if (key.passportNumber === "") missing.push("passport.no");
  return missing.length === 0 ? { ok: true, key } : { ok: false, missing };
}
