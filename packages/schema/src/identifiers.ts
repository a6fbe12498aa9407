// Checks of Russian personal identifiers and of a bank card number (algorithms: DOMAIN.md).
// A lead is raw partner data and may hold a bad identifier, so the lead contract accepts these
// fields as plain strings; `identifierProblems` reports what is wrong so an operator can fix it
// before the lead becomes a client. Every check tolerates whitespace around the value.
//
// Messages name the field and the problem but never the value: identifiers are personal data
// (152-FZ) and must not reach logs or error responses.

import type { FieldIssue, IssueCode } from "./error-codes.ts";
import type { LeadBody, Passport } from "./lead-contract.ts";

export type IdentifierProblem = FieldIssue;

// What is wrong with an identifier: its code (a malformed value, or check digits that do not
// match) and the end of its English message.
type Problem = { code: Extract<IssueCode, "INVALID_FORMAT" | "INVALID_CHECKSUM">; words: string };

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

function innProblem(s: string): Problem | null {
  const inn = s.trim();
  if (!/^(\d{10}|\d{12})$/.test(inn)) return { code: "INVALID_FORMAT", words: "must contain 10 or 12 digits" };
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

function snilsProblem(s: string): Problem | null {
  const match = /^(?:(\d{3})-(\d{3})-(\d{3}) (\d{2})|(\d{9})(\d{2}))$/.exec(s.trim());
  if (!match) return { code: "INVALID_FORMAT", words: "must be XXX-XXX-XXX YY or 11 digits" };
  const body = match[5] ?? `${match[1]}${match[2]}${match[3]}`;
  const control = Number(match[6] ?? match[4]);
  if (Number(body) <= SNILS_CHECKED_ABOVE) return null;
  let sum = digitsOf(body).reduce((acc, digit, i) => acc + digit * (9 - i), 0);
  if (sum > 101) sum %= 101;
  const expected = sum === 100 || sum === 101 ? 0 : sum;
  return expected === control ? null : { code: "INVALID_CHECKSUM", words: "check number does not match" };
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
export function cardNumberProblem(s: string): Problem["code"] | null {
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

// A blank string carries no identifier: it is missing, not wrong.
function present(value: string | null | undefined): value is string {
  return value != null && value.trim() !== "";
}

function passportProblems(passport: Passport | null | undefined, prefix: string): IdentifierProblem[] {
  const problems: IdentifierProblem[] = [];
  if (present(passport?.seria) && !isValidPassportSeries(passport.seria)) {
    problems.push({ path: `${prefix}.seria`, code: "INVALID_FORMAT", params: { format: "passportSeries" }, message: "Passport series must contain 4 digits" });
  }
  if (present(passport?.no) && !isValidPassportNumber(passport.no)) {
    problems.push({ path: `${prefix}.no`, code: "INVALID_FORMAT", params: { format: "passportNumber" }, message: "Passport number must contain 6 digits" });
  }
  if (present(passport?.subdivisionCode) && !isValidSubdivisionCode(passport.subdivisionCode)) {
    problems.push({
      path: `${prefix}.subdivisionCode`,
      code: "INVALID_FORMAT",
      params: { format: "subdivisionCode" },
      message: "Subdivision code must be NNN-NNN",
    });
  }
  return problems;
}

/**
 * Every identifier problem on a lead, with the dotted path of the field (`passport.no`,
 * `relatives.0.passport.seria`). Only fields that hold a value are checked.
 */
export function identifierProblems(lead: LeadBody): IdentifierProblem[] {
  const problems: IdentifierProblem[] = [];
  const inn = present(lead.inn) ? innProblem(lead.inn) : null;
  if (inn) problems.push({ path: "inn", code: inn.code, params: { format: "inn" }, message: `INN ${inn.words}` });
  const snils = present(lead.snils) ? snilsProblem(lead.snils) : null;
  if (snils) problems.push({ path: "snils", code: snils.code, params: { format: "snils" }, message: `SNILS ${snils.words}` });
  problems.push(...passportProblems(lead.passport, "passport"));
  if (present(lead.mobilePhone) && normalizeRuMobilePhone(lead.mobilePhone) === null) {
    problems.push({
      path: "mobilePhone",
      code: "INVALID_FORMAT",
      params: { format: "mobilePhone" },
      message: "Mobile phone must be a Russian mobile number +7 9XX XXX-XX-XX",
    });
  }
  const employerInn = present(lead.employerInn) ? innProblem(lead.employerInn) : null;
  if (employerInn) {
    problems.push({ path: "employerInn", code: employerInn.code, params: { format: "inn" }, message: `Employer INN ${employerInn.words}` });
  }
  lead.relatives?.forEach((relative, i) => {
    problems.push(...passportProblems(relative.passport, `relatives.${i}.passport`));
  });
  return problems;
}
