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

/**
 * A name as compared: NFC (so a decomposed "ё" is one letter), trimmed, inner whitespace
 * collapsed to one space, lower case by Russian rules, "ё" read as "е".
 */
export function normalizeName(s: string): string {
  return s
    .normalize("NFC")
    .trim()
    .replace(/\s+/g, " ")
    .toLocaleLowerCase("ru-RU")
    .replace(/ё/g, "е");
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
