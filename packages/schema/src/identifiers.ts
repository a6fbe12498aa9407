// Checks of Russian personal identifiers and of a bank card number (algorithms: DOMAIN.md).
// These are the leaf algorithms, one value at a time, and know nothing of a lead (the contract
// imports them: a card field refuses a bad number); lead-identifiers.ts walks a lead with them.
// Every check tolerates whitespace around the value.
//
// Messages name the field and the problem but never the value: identifiers are personal data
// (152-FZ) and must not reach logs or error responses.

import type { IssueCode } from "./error-codes.ts";

// What is wrong with an identifier: its code (a malformed value, or check digits that do not
// match) and the end of its English message.
export type IdentifierCheck = {
  code: Extract<IssueCode, "INVALID_FORMAT" | "INVALID_CHECKSUM">;
  words: string;
};

const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_FIRST_WEIGHTS = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_SECOND_WEIGHTS = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function digitsOf(s: string): number[] {
  return Array.from(s, Number);
}

function innCheckDigit(digits: number[], weights: number[]): number {
  const sum = weights.reduce((acc, weight, i) => acc + weight * (digits[i] ?? 0), 0);
  return (sum % 11) % 10;
}

export function innProblem(s: string): IdentifierCheck | null {
  const inn = s.trim();
  if (!/^(\d{10}|\d{12})$/.test(inn))
    return { code: "INVALID_FORMAT", words: "must contain 10 or 12 digits" };
  const d = digitsOf(inn);
  const checksumOk =
    d.length === 10
      ? innCheckDigit(d, INN10_WEIGHTS) === d[9]
      : innCheckDigit(d, INN12_FIRST_WEIGHTS) === d[10] &&
        innCheckDigit(d, INN12_SECOND_WEIGHTS) === d[11];
  return checksumOk ? null : { code: "INVALID_CHECKSUM", words: "check digits do not match" };
}

/** INN of an organisation (10 digits) or of a person (12 digits), check digits included. */
export function isValidInn(s: string): boolean {
  return innProblem(s) === null;
}

// The pension fund did not assign check numbers to the first SNILS numbers.
const SNILS_CHECKED_ABOVE = 1_001_998;

export function snilsProblem(s: string): IdentifierCheck | null {
  const match = /^(?:(\d{3})-(\d{3})-(\d{3}) (\d{2})|(\d{9})(\d{2}))$/.exec(s.trim());
  if (!match) return { code: "INVALID_FORMAT", words: "must be XXX-XXX-XXX YY or 11 digits" };
  const body = match[5] ?? `${match[1]}${match[2]}${match[3]}`;
  const control = Number(match[6] ?? match[4]);
  if (Number(body) <= SNILS_CHECKED_ABOVE) return null;
  let sum = digitsOf(body).reduce((acc, digit, i) => acc + digit * (9 - i), 0);
  if (sum > 101) sum %= 101;
  const expected = sum === 100 || sum === 101 ? 0 : sum;
  return expected === control
    ? null
    : { code: "INVALID_CHECKSUM", words: "check number does not match" };
}

/** SNILS as `XXX-XXX-XXX YY` or 11 bare digits; the check number is verified above 001-001-998. */
export function isValidSnils(s: string): boolean {
  return snilsProblem(s) === null;
}

/** RF passport series: 4 digits, spaces allowed between them ("45 06"). */
export function isValidPassportSeries(s: string): boolean {
  return /^\d{4}$/.test(s.replace(/\s+/g, ""));
}

/** RF passport number: 6 digits; spaces between them are tolerated, as in the series. */
export function isValidPassportNumber(s: string): boolean {
  return /^\d{6}$/.test(s.replace(/\s+/g, ""));
}

/**
 * Whether `s` has the shape of an e-mail address: something, `@`, and a domain with a dot, no
 * spaces. Deliberately loose (RFC 5322 allows far more): it catches "not-an-email" or a phone
 * typed in the wrong field, and never a real address.
 */
export function isPlausibleEmail(s: string): boolean {
  return /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s.trim());
}

/** Code of the issuing subdivision: `NNN-NNN`. */
export function isValidSubdivisionCode(s: string): boolean {
  return /^\d{3}-\d{3}$/.test(s.trim());
}

/**
 * A Russian mobile number as `+79XXXXXXXXX`, or null when `s` is not one. Accepts the usual
 * spellings: "+7 912 345-67-89", "8 (912) 345 67 89", "79123456789", "9123456789".
 */
export function normalizeRuMobilePhone(s: string): string | null {
  const compact = s.trim().replace(/[\s()-]/g, "");
  const match = /^(?:\+7|7|8)?(9\d{9})$/.exec(compact);
  return match ? `+7${match[1]}` : null;
}

/**
 * What is wrong with a card number (null: nothing): not 12-19 digits in optional space-separated
 * groups (INVALID_FORMAT), or failing the Luhn check (INVALID_CHECKSUM).
 */
export function cardNumberProblem(s: string): IdentifierCheck["code"] | null {
  const trimmed = s.trim();
  if (!/^\d+( \d+)*$/.test(trimmed)) return "INVALID_FORMAT";
  const digits = digitsOf(trimmed.replace(/ /g, ""));
  if (digits.length < 12 || digits.length > 19) return "INVALID_FORMAT";
  // Luhn: from the right, every second digit is doubled (minus 9 when it exceeds 9).
  const sum = digits.reverse().reduce((acc, digit, i) => {
    if (i % 2 === 0) return acc + digit;
    const doubled = digit * 2;
    return acc + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0 ? null : "INVALID_CHECKSUM";
}

/** Card number: 12-19 digits, optionally in space-separated groups, passing the Luhn check. */
export function isValidCardNumber(s: string): boolean {
  return cardNumberProblem(s) === null;
}

/**
 * The card number as it may be stored and shown (PCI DSS): first 6 and last 4 digits, the rest
 * `*`. Anything too short to be a card number is masked entirely, so nothing leaks.
 */
export function maskCardNumber(s: string): string {
  const digits = s.replace(/\D/g, "");
  if (digits.length < 12) return "*".repeat(digits.length);
  return digits.slice(0, 6) + "*".repeat(digits.length - 10) + digits.slice(-4);
}

/** The passport number with only its last 3 digits visible ("123456" -> "***456"). */
export function maskPassportNumber(no: string): string {
  const digits = no.replace(/\D/g, "");
  if (digits.length <= 3) return "*".repeat(digits.length);
  return "*".repeat(digits.length - 3) + digits.slice(-3);
}
