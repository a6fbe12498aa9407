// The stop-list's keys: what an admin's entry and a lead are reduced to, so that one indexed
// lookup of (kind, value) tells whether a lead is listed. Both sides use the normalization of the
// identity key and of the search columns (identity-key.ts, identifiers.ts), so the spellings
// people use meet: "40 08 503682" and "4008503682" are one passport, "8 (916) 123-45-67" and
// "+79161234567" one phone, "Семёнов" and "СЕМЕНОВ" one name.
//
// The keys, by kind:
// - PASSPORT: the series' and the number's digits together, 10 digits ("4008503682").
// - PHONE: the Russian mobile as +79XXXXXXXXX.
// - INN: 10 or 12 digits. SNILS: 11 digits.
// - PERSON: normalizeName of the last name, first name and patronymic ("" when there is none) and
//   the birth date YYYY-MM-DD, joined by a tab. normalizeName folds every run of whitespace into
//   one space, so a tab can never occur inside a normalized name: two different people never
//   share a key by a name that holds the separator.
//
// An admin's entry is checked strictly (a typo in a listed INN would silently never match); a
// lead is raw data, so its keys are only what it holds in a usable form, unchecked.
// Messages name fields and never values: entries are personal data (152-FZ).

import { z } from "zod";
import { type FieldIssue, issueParams } from "./error-codes.ts";
import { innProblem, normalizeRuMobilePhone, snilsProblem } from "./identifiers.ts";
import { normalizeName, normalizePassportPart } from "./identity-key.ts";
import { isStorableText, LIMITS } from "./lead-contract.ts";
import { fieldIssueSchema, idSchema, MAX_PAGE_SIZE } from "./views.ts";

export const STOP_LIST_KINDS = ["PASSPORT", "PHONE", "INN", "SNILS", "PERSON"] as const;
export const stopListKindSchema = z.enum(STOP_LIST_KINDS);
export type StopListKind = z.infer<typeof stopListKindSchema>;

/** What the database is asked for: the unique index of the stop-list is on these two. */
export type StopListKey = { kind: StopListKind; value: string };

export const STOP_LIST_LIMITS = {
  /** Why an entry is listed, or why it was removed. */
  reason: 500,
  /** The search text of the admins' list. */
  search: 100,
  /**
   * One stopList.import call: characters of CSV text (and the API's 256 KiB body limit holds as
   * for every call). The page sends a bigger file in parts (splitStopListCsv).
   */
  importChars: 200_000,
} as const;

/** Joins the parts of a PERSON key; normalizeName never leaves one in a name (see above). */
export const PERSON_KEY_SEPARATOR = "\t";

const storable = (max: number, label: string) =>
  z
    .string()
    .max(max)
    .refine(isStorableText, {
      message: "Must not contain a NUL character or an unpaired surrogate",
      params: issueParams("UNSTORABLE_TEXT"),
    })
    .meta({ description: label });

/** Why an entry is listed: required, trimmed, bounded. */
export const stopListReasonSchema = z
  .string()
  .trim()
  .min(1)
  .max(STOP_LIST_LIMITS.reason)
  .refine(isStorableText, {
    message: "Must not contain a NUL character or an unpaired surrogate",
    params: issueParams("UNSTORABLE_TEXT"),
  })
  .meta({ description: "Причина" });

const reason = stopListReasonSchema;

// The fields of each kind carry the lead contract's names, so an entry reads like the part of a
// lead it stops.
export const stopListEntrySchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("PASSPORT"),
    seria: storable(LIMITS.code, "Серия паспорта"),
    no: storable(LIMITS.code, "Номер паспорта"),
    reason,
  }),
  z.strictObject({
    kind: z.literal("PHONE"),
    mobilePhone: storable(LIMITS.phone, "Мобильный телефон"),
    reason,
  }),
  z.strictObject({ kind: z.literal("INN"), inn: storable(LIMITS.code, "ИНН"), reason }),
  z.strictObject({ kind: z.literal("SNILS"), snils: storable(LIMITS.code, "СНИЛС"), reason }),
  z.strictObject({
    kind: z.literal("PERSON"),
    lastName: storable(LIMITS.name, "Фамилия"),
    firstName: storable(LIMITS.name, "Имя"),
    patronymic: storable(LIMITS.name, "Отчество").nullish(),
    birthDate: storable(LIMITS.code, "Дата рождения"),
    reason,
  }),
]);
export type StopListEntryInput = z.infer<typeof stopListEntrySchema>;

/** An entry's key, and how admins read it ("4008 503682", "+7 916 123-45-67"). */
export type StopListEntryKey = StopListKey & { display: string };

export type StopListEntryKeyResult =
  | { ok: true; key: StopListEntryKey }
  | { ok: false; issues: FieldIssue[] };

// Digits with the separators people write between them; anything else (a letter) is a typo.
const DIGITS_AND_SEPARATORS = /^[\d\s().+-]*$/;
/** The digits of an identifier written with spaces, hyphens or brackets; null when it holds anything else. */
export const identifierDigits = (value: string): string | null =>
  DIGITS_AND_SEPARATORS.test(value) ? normalizePassportPart(value) : null;
const digitsOf = identifierDigits;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date YYYY-MM-DD within the contract's years, or null. */
function calendarDate(value: string): string | null {
  const match = ISO_DATE.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < LIMITS.minYear || year > LIMITS.maxYear) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? match[0] : null;
}

/** The PERSON key of a name and a birth date already known to be YYYY-MM-DD. */
export function personKeyValue(
  lastName: string,
  firstName: string,
  patronymic: string | null | undefined,
  birthDate: string,
): string {
  return [
    normalizeName(lastName),
    normalizeName(firstName),
    normalizeName(patronymic ?? ""),
    birthDate,
  ].join(PERSON_KEY_SEPARATOR);
}

const spaced = (value: string) => value.trim().replace(/\s+/g, " ");

/**
 * The key of an admin's entry (already of the contract's shape, stopListEntrySchema), or every
 * field issue that keeps it from being one, by the entry's field names.
 */
export function stopListEntryKey(entry: StopListEntryInput): StopListEntryKeyResult {
  const issues: FieldIssue[] = [];
  const required = (path: string) =>
    issues.push({ path, code: "REQUIRED", message: "Required for this kind of entry" });
  switch (entry.kind) {
    case "PASSPORT": {
      const seria = digitsOf(entry.seria);
      const no = digitsOf(entry.no);
      if (entry.seria.trim() === "") required("seria");
      else if (seria?.length !== 4)
        issues.push({
          path: "seria",
          code: "INVALID_FORMAT",
          params: { format: "passportSeries" },
          message: "Passport series must contain 4 digits",
        });
      if (entry.no.trim() === "") required("no");
      else if (no?.length !== 6)
        issues.push({
          path: "no",
          code: "INVALID_FORMAT",
          params: { format: "passportNumber" },
          message: "Passport number must contain 6 digits",
        });
      if (issues.length > 0 || !seria || !no) return { ok: false, issues };
      return { ok: true, key: { kind: "PASSPORT", value: seria + no, display: `${seria} ${no}` } };
    }
    case "PHONE": {
      if (entry.mobilePhone.trim() === "") required("mobilePhone");
      const phone = normalizeRuMobilePhone(entry.mobilePhone);
      if (!phone) {
        if (issues.length === 0)
          issues.push({
            path: "mobilePhone",
            code: "INVALID_FORMAT",
            params: { format: "mobilePhone" },
            message: "Mobile phone must be a Russian mobile number +7 9XX XXX-XX-XX",
          });
        return { ok: false, issues };
      }
      return { ok: true, key: { kind: "PHONE", value: phone, display: displayPhone(phone) } };
    }
    case "INN":
    case "SNILS": {
      const path = entry.kind === "INN" ? "inn" : "snils";
      const raw = entry.kind === "INN" ? entry.inn : entry.snils;
      if (raw.trim() === "") {
        required(path);
        return { ok: false, issues };
      }
      const digits = digitsOf(raw) ?? "";
      const problem = entry.kind === "INN" ? innProblem(digits) : snilsProblem(digits);
      if (problem) {
        issues.push({
          path,
          code: problem.code,
          params: { format: path },
          message: `${entry.kind} ${problem.words}`,
        });
        return { ok: false, issues };
      }
      return entry.kind === "INN"
        ? { ok: true, key: { kind: "INN", value: digits, display: digits } }
        : { ok: true, key: { kind: "SNILS", value: digits, display: displaySnils(digits) } };
    }
    case "PERSON": {
      if (normalizeName(entry.lastName) === "") required("lastName");
      if (normalizeName(entry.firstName) === "") required("firstName");
      const birthDate = calendarDate(entry.birthDate);
      if (entry.birthDate.trim() === "") required("birthDate");
      else if (!birthDate)
        issues.push({
          path: "birthDate",
          code: "INVALID_FORMAT",
          params: { format: "date" },
          message: `Birth date must be a date YYYY-MM-DD between ${LIMITS.minYear} and ${LIMITS.maxYear}`,
        });
      if (issues.length > 0 || !birthDate) return { ok: false, issues };
      const name = [entry.lastName, entry.firstName, entry.patronymic ?? ""]
        .map(spaced)
        .filter(Boolean)
        .join(" ");
      return {
        ok: true,
        key: {
          kind: "PERSON",
          value: personKeyValue(entry.lastName, entry.firstName, entry.patronymic, birthDate),
          display: `${name}, ${birthDate.split("-").reverse().join(".")}`,
        },
      };
    }
  }
}

const displayPhone = (phone: string) =>
  `+7 ${phone.slice(2, 5)} ${phone.slice(5, 8)}-${phone.slice(8, 10)}-${phone.slice(10)}`;
const displaySnils = (digits: string) =>
  `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6, 9)} ${digits.slice(9)}`;

/** The fields of a lead the stop-list looks at; the contract's LeadBody and a stored document fit. */
export type StopListLeadFields = {
  lastName?: string | null;
  firstName?: string | null;
  patronymic?: string | null;
  birthDate?: string | null;
  mobilePhone?: string | null;
  inn?: string | null;
  snils?: string | null;
  passport?: { seria?: string | null; no?: string | null } | null;
};

/**
 * The keys a lead is looked up by: its passport (when series and number make 10 digits, however
 * they are spaced or split), its mobile phone (when it is a Russian mobile), its INN (10 or 12
 * digits), its SNILS (11 digits) and the person (when it has a last name, a first name and a
 * valid birth date). A field in no usable form gives no key: it cannot equal a listed one.
 */
export function stopListKeysOfLead(document: StopListLeadFields): StopListKey[] {
  const keys: StopListKey[] = [];
  const passport = digitsOf(`${document.passport?.seria ?? ""}${document.passport?.no ?? ""}`);
  if (passport?.length === 10) keys.push({ kind: "PASSPORT", value: passport });
  const phone = document.mobilePhone ? normalizeRuMobilePhone(document.mobilePhone) : null;
  if (phone) keys.push({ kind: "PHONE", value: phone });
  const inn = document.inn ? digitsOf(document.inn) : null;
  if (inn?.length === 10 || inn?.length === 12) keys.push({ kind: "INN", value: inn });
  const snils = document.snils ? digitsOf(document.snils) : null;
  if (snils?.length === 11) keys.push({ kind: "SNILS", value: snils });
  const birthDate = document.birthDate ? calendarDate(document.birthDate) : null;
  if (
    birthDate &&
    normalizeName(document.lastName ?? "") !== "" &&
    normalizeName(document.firstName ?? "") !== ""
  ) {
    keys.push({
      kind: "PERSON",
      value: personKeyValue(
        document.lastName ?? "",
        document.firstName ?? "",
        document.patronymic,
        birthDate,
      ),
    });
  }
  return keys;
}

// What the API answers about the stop-list (admins only: the tRPC stopList.* procedures).

export const STOP_LIST_STATUSES = ["ACTIVE", "REMOVED", "ALL"] as const;
export const STOP_LIST_EVENT_KINDS = ["ADDED", "REMOVED", "READDED"] as const;

const timestamp = z.iso.datetime().max(30);
// Operator logins are shorter; "cli" for the command line.
const who = z.string().max(LIMITS.title);

export const stopListEntryViewSchema = z.object({
  id: idSchema,
  kind: stopListKindSchema,
  /** Three names of LIMITS.name, their spaces and ", DD.MM.YYYY" at most. */
  display: z.string().max(3 * LIMITS.name + 20),
  reason: z.string().max(STOP_LIST_LIMITS.reason),
  addedBy: who,
  addedAt: timestamp,
  createdAt: timestamp,
  removedAt: timestamp.nullable(),
  removedBy: who.nullable(),
});
export type StopListEntryView = z.infer<typeof stopListEntryViewSchema>;

export const stopListPageSchema = z.object({
  items: z.array(stopListEntryViewSchema).max(MAX_PAGE_SIZE),
  nextCursor: idSchema.nullable(),
});
export type StopListPage = z.infer<typeof stopListPageSchema>;

export const stopListEventViewSchema = z.object({
  kind: z.enum(STOP_LIST_EVENT_KINDS),
  /** The add's reason, or the removal's comment. */
  reason: z.string().max(STOP_LIST_LIMITS.reason).nullable(),
  by: who,
  imported: z.boolean(),
  at: timestamp,
});
export const stopListHistorySchema = z.object({
  entry: stopListEntryViewSchema,
  events: z.array(stopListEventViewSchema),
});
export type StopListHistory = z.infer<typeof stopListHistorySchema>;

export const stopListImportReportSchema = z.object({
  /** Lines that hold an entry, good or bad (blank lines are not counted). */
  rows: z.int().min(0),
  /** New entries, and removed ones put back (`reactivated` of them). */
  imported: z.int().min(0),
  reactivated: z.int().min(0),
  /** On the list before this line (earlier in the same file included): left as they were. */
  alreadyListed: z.int().min(0),
  badRows: z.array(z.object({ line: z.int().min(1), issues: z.array(fieldIssueSchema) })),
});
export type StopListImportReport = z.infer<typeof stopListImportReportSchema>;
