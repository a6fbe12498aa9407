// The stable, machine-readable codes of every failure, defined once: partners switch on them (the
// OpenAPI document lists them as enums), the UI translates them (apps/web/lib/labels.ts), and the
// English messages beside them are for humans and may be reworded. Stripe's `code` + `param` is
// the model: an issue's `code` says what is wrong with the field at `path`; an error's `reason`
// says why the whole call was refused, beside its transport-level `code` (BAD_REQUEST, CONFLICT...).
//
// Codes and params never hold a value the caller sent: params carry the contract's own bounds
// (`maximum`, `minimum`), the name of an expected format or type, nothing else.
import type { z } from "zod";

/** What is wrong with one field. */
export const ISSUE_CODES = [
  "REQUIRED", // missing (or empty where a value is needed)
  "REQUIRED_TO_SAVE", // empty, but LeadCore keeps no lead without it (a first name, a mobile phone)
  "REQUIRED_TO_CONVERT", // empty, but part of the client match key a conversion needs
  "INVALID_TYPE", // a string where a number belongs, a fraction where an integer does...; params.expected
  "UNKNOWN_FIELD", // a key the contract does not have (a typo is never silently dropped)
  "INVALID_FORMAT", // does not have the form of its kind; params.format says which kind
  "INVALID_CHECKSUM", // well-formed, but its check digits do not match; params.format
  "INVALID_ENUM", // not one of the allowed values
  "INVALID_VALUE", // refused for another reason of the contract's
  "TOO_LONG", // a string over params.maximum characters
  "TOO_SHORT", // a string under params.minimum characters
  "INVALID_LENGTH", // a string outside params.minimum..params.maximum characters
  "TOO_MANY", // a list or map over params.maximum entries
  "TOO_FEW", // a list under params.minimum entries
  "TOO_DEEP", // a chain nested deeper than params.maximum levels
  "OUT_OF_RANGE", // a number (or a date's year, params.format "year") outside params.minimum..maximum
  "UNSTORABLE_TEXT", // holds a NUL character or an unpaired UTF-16 surrogate
  "RESERVED_KEY", // the key "__proto__", which a JavaScript object cannot keep as data
  "ID_MISMATCH", // a body id that differs from the id in the path
  "NOT_ALLOWED", // a field that must be absent here (a new lead's id)
  "SERVER_OWNED", // clientId, denialReasonId, managerId: LeadCore's answers, only ever repeated as read
  "CARD_MASK_MISMATCH", // a masked card number that is not the stored card's mask
  "TARGET_NOT_ALLOWED", // a webhook URL that is not https, or names a loopback, private or metadata address
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** The kinds of value an INVALID_FORMAT or INVALID_CHECKSUM issue names in `params.format`. */
export const VALUE_FORMATS = [
  "inn",
  "snils",
  "passportSeries",
  "passportNumber",
  "subdivisionCode",
  "mobilePhone",
  "email", // an e-mail address: a warning only, it never blocks saving or converting a lead
  "cardNumber",
  "cardCvc",
  "cardMonth",
  "cardYear",
  "date",
  "year",
  "id",
  "idempotencyKey",
  "passportSearch",
  "login",
  "url", // a webhook endpoint's address
  "passport", // a stop-list passport written as one value: series and number, 10 digits
  "csv", // a CSV record that cannot be read (a quoted field never closed)
] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** The types an INVALID_TYPE issue may name in `params.expected` (zod's names). */
export const EXPECTED_TYPES = ["string", "number", "int", "boolean", "object", "array"] as const;
export type ExpectedType = (typeof EXPECTED_TYPES)[number];

/** Why a whole call was refused: the error's `reason`, beside its transport `code`. */
export const ERROR_REASONS = [
  // The HTTP edge (packages/api http-edge.ts, rest.ts; apps/web scripts/server.mjs): before any procedure runs.
  "INVALID_URL", // 400: broken percent-encoding or an encoded control character in the path
  "NOT_JSON", // 415: Content-Type is not application/json
  "BODY_TOO_LARGE", // 413
  "NOT_UTF8", // 400
  "TOO_DEEP", // 400: JSON nested deeper than the limit
  "INVALID_JSON", // 400
  "INPUT_IN_URL", // 405: a tRPC input in the query string
  "BODY_NOT_OBJECT", // 400: a REST body that is not a JSON object
  "ID_MISMATCH", // 400: the body's id differs from the path's
  // The contract.
  "INVALID_INPUT", // 400: the input does not match the contract; the issues say where
  "UNSTORABLE_TEXT", // 400
  "RESERVED_KEY", // 400
  // Who is calling.
  "AUTHENTICATION_REQUIRED", // 401
  "WRONG_CREDENTIALS", // 401: sign-in with a wrong login or password
  "NOT_SIGNED_IN", // 401
  "OPERATOR_ONLY", // 403
  "ADMIN_ONLY", // 403
  // Limits.
  "RATE_LIMITED", // 429: the key's (or operator's) call budget
  "SIGNIN_BUSY", // 429: every password-hashing slot is taken
  "SIGNIN_ADDRESS_BUDGET_SPENT", // 429: sign-ins from this address
  "SIGNIN_BUDGET_SPENT", // 429: sign-ins from everyone
  "LOGIN_LOCKED", // 429: too many wrong passwords for this login
  "INVALID_API_KEY_THROTTLED", // 429: too many bad keys from this address
  // Leads and conversion.
  "LEAD_NOT_FOUND", // 404 (another partner's lead too)
  "LEAD_CONVERTED", // 409: a converted lead can no longer change
  "LEAD_DENIED", // 409: a denied lead is read-only (until an admin reopens it)
  "LEAD_WITHDRAWN", // 409: a withdrawn lead is read-only (until an admin reopens it)
  "LEAD_ALREADY_NEW", // 409: reopening a lead that is not denied or withdrawn
  "LEAD_TAKEN", // 409: another operator works this lead (an admin reassigns it)
  "LEAD_STOP_LISTED", // 409: the person is on the stop-list; the lead is denied
  "SERVER_OWNED_FIELD", // 400: a body sets clientId, denialReasonId or managerId; the issues say which
  "TOO_MANY_LEADS", // 400: a bulk action over more leads than it takes at once
  "LEAD_BUSY", // 409: other requests are changing the lead right now; retry
  "LEAD_INCOMPLETE", // 400: no first name or mobile phone
  "LEAD_NOT_CONVERTIBLE", // 422: the issues say what blocks the conversion
  "ID_ASSIGNED_BY_SERVER", // 400: a new lead's body carries an id
  "INVALID_ID", // 400
  "CARD_MASK_MISMATCH", // 400
  "IDEMPOTENCY_KEY_REUSED", // 409: the same key with another body
  "INVALID_IDEMPOTENCY_KEY", // 400
  // Denial reasons.
  "DENIAL_REASON_NOT_FOUND", // 404
  "DENIAL_REASON_INACTIVE", // 422: a deactivated reason is no longer used for new denials
  "DENIAL_REASON_EXISTS", // 409: the code is taken
  "DENIAL_REASON_IN_USE", // 409: leads were denied with it: deactivate it instead
  "DENIAL_REASON_SYSTEM", // 409: the stop-list's reason stays active and keeps its code
  "INVALID_DENIAL_REASON", // 400: a code or title that does not fit the rules
  // The lender's reference lists.
  "REFERENCE_ENTRY_NOT_FOUND", // 404
  "REFERENCE_ENTRY_EXISTS", // 409: the list has an entry with this id
  "INVALID_REFERENCE_ENTRY", // 400: a name that does not fit the rules
  // Consents (152-FZ).
  "PD_CONSENT_REQUIRED", // 422: LEADCORE_REQUIRE_PD_CONSENT is on and a partner's new lead has no personal-data consent
  "CONSENT_NOT_GIVEN", // 409: a withdrawal of a kind of consent the lead holds none of in force
  "DATA_REQUEST_NOT_FOUND", // 404: no data subject's request with this id
  // Clients.
  "CLIENT_NOT_FOUND", // 404
  "CONTACT_PROPOSAL_NOT_FOUND", // 404
  "CONTACT_PROPOSAL_DECIDED", // 409: already accepted or rejected
  "INVALID_PASSPORT_SEARCH", // 400
  "SAME_CLIENT", // 400: a pair of one client with itself
  "DUPLICATE_PAIR_MERGED", // 409: the two clients were merged: they cannot be declared two people
  "CLIENT_MERGED", // 409: the client to merge is already merged into another (a tombstone)
  "MERGE_TARGET_MERGED", // 409: the client to merge into is itself merged into another
  "PASSPORTS_DIFFER", // 422: the two clients' passports differ; merging needs confirmDifferentPassport
  // Operators, partners and keys.
  "OPERATOR_EXISTS", // 409
  "OPERATOR_NOT_FOUND", // 404
  "OPERATOR_DISABLED", // 404: no active operator by that login
  "OPERATOR_NOT_DISABLED", // 409
  "LAST_ADMIN", // 409: the last active administrator cannot be disabled
  "LAST_ADMIN_DEMOTION", // 409: the last active administrator cannot lose the admin role
  "INVALID_LOGIN", // 400
  "INVALID_PASSWORD", // 400
  "PARTNER_EXISTS", // 409
  "PARTNER_NOT_FOUND", // 404
  "API_KEY_NOT_FOUND", // 404
  "NAME_REQUIRED", // 400
  // Webhooks.
  "WEBHOOK_NOT_FOUND", // 404 (another partner's endpoint too)
  "WEBHOOK_DELIVERY_NOT_FOUND", // 404
  "INVALID_WEBHOOK", // 400: the URL or the events do not fit; the issues say which
  "WEBHOOK_DELIVERY_PENDING", // 409: a resend of a delivery whose next attempt is on its way
  "WEBHOOK_DISABLED", // 409: a disabled endpoint is not sent to (an admin enables it again)
  // The stop-list.
  "STOP_LIST_ENTRY_INVALID", // 400: the entry's fields do not make a key; the issues say which
  "STOP_LIST_ENTRY_EXISTS", // 409: the entry is on the list already
  "STOP_LIST_ENTRY_NOT_FOUND", // 404
  "STOP_LIST_ENTRY_REMOVED", // 409: the entry was removed already
  "STOP_LIST_CSV_INVALID", // 400: the CSV file's header cannot be read; the issues say why
  // Exports of the leads list.
  "EXPORT_TOO_LARGE", // 422: the filter matches more than MAX_EXPORT_ROWS leads: narrow it
  "EXPORT_NOT_FOUND", // 404: no such export of this admin's waiting to be downloaded (each downloads once)
  // The API itself.
  "NO_SUCH_PROCEDURE", // 404: an unknown tRPC procedure or REST route
  "METHOD_NOT_ALLOWED", // 405
  "DATABASE_UNAVAILABLE", // 503: retry shortly
  "INTERNAL_ERROR", // 500
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export type IssueParams = {
  minimum?: number;
  maximum?: number;
  format?: ValueFormat;
  expected?: ExpectedType;
};

/** One field at fault: its dotted path, what is wrong (stable), and the words for a human. */
export type FieldIssue = { path: string; code: IssueCode; message: string; params?: IssueParams };

/**
 * Bounds of what an error reports, published as maxItems / maxLength in the OpenAPI document.
 * A 256 KiB body of unknown keys would otherwise be answered with tens of thousands of issues:
 * the first MAX_REPORTED_ISSUES say enough to fix the call, and the answer stays small. A path is
 * at most MAX_JSON_DEPTH (64) segments of at most 64 characters (shownSegment) and the dots; a
 * message is one of ours, never an echo of what was sent.
 */
export const ISSUE_BOUNDS = { issues: 100, path: 64 * 65, message: 1000 } as const;

/** The issues an error reports: the first ISSUE_BOUNDS.issues, in the order they were found. */
export const reportedIssues = (issues: readonly FieldIssue[]): FieldIssue[] =>
  issues.slice(0, ISSUE_BOUNDS.issues);

const issueCodes = new Set<string>(ISSUE_CODES);
const valueFormats = new Set<string>(VALUE_FORMATS);
const expectedTypes = new Set<string>(EXPECTED_TYPES);

/**
 * The zod `params` of one of the contract's own refinements: the code its issue carries
 * (`.refine(check, { message, params: issueParams("INVALID_CHECKSUM", { format: "cardNumber" }) })`).
 */
export function issueParams(
  code: IssueCode,
  params: IssueParams = {},
): { code: IssueCode } & IssueParams {
  return { code, ...params };
}

// A `.regex()` check reports zod's generic invalid_format/"regex": the contract registers what
// each of its patterns stands for (lead-contract.ts `pattern`), keyed by the pattern's source as
// zod reports it.
const REGEX_FORMATS = new Map<string, ValueFormat>();

/** Registers a contract regex as the check of one value format; returns it for `.regex()`. */
export function formatPattern(pattern: RegExp, format: ValueFormat): RegExp {
  REGEX_FORMATS.set(pattern.toString(), format);
  return pattern;
}

// A path segment a caller chose (a key of the open `attributes` map, an unknown field) is shown
// only when it is a plain identifier: a key can hold anything, a name or a passport number
// included, and an error never echoes what was sent. Indexes and the contract's names pass.
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const shownSegment = (segment: PropertyKey): string =>
  typeof segment === "number" || (typeof segment === "string" && PLAIN_KEY.test(segment))
    ? String(segment)
    : "*";
export const shownPath = (path: readonly PropertyKey[]): string => path.map(shownSegment).join(".");

type ZodIssue = z.core.$ZodIssue;

const NO_VALUE = Symbol("no value");
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, segment))
      return NO_VALUE;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

const bound = (value: number | bigint) => (typeof value === "bigint" ? Number(value) : value);

/** The stable code and params of one zod issue: from its zod code and format, never its message. */
function codeOf(
  issue: ZodIssue,
  input: unknown,
  hasInput: boolean,
): Pick<FieldIssue, "code" | "params"> {
  switch (issue.code) {
    case "invalid_type": {
      // A missing key and an explicit `undefined` are both "not given".
      const value = hasInput ? valueAt(input, issue.path) : null;
      if (value === NO_VALUE || (hasInput && value === undefined)) return { code: "REQUIRED" };
      return expectedTypes.has(issue.expected)
        ? { code: "INVALID_TYPE", params: { expected: issue.expected as ExpectedType } }
        : { code: "INVALID_TYPE" };
    }
    case "too_big": {
      const params = { maximum: bound(issue.maximum) };
      if (issue.origin === "string") return { code: "TOO_LONG", params };
      if (issue.origin === "array" || issue.origin === "set") return { code: "TOO_MANY", params };
      return { code: "OUT_OF_RANGE", params };
    }
    case "too_small": {
      const params = { minimum: bound(issue.minimum) };
      if (issue.origin === "string") return { code: "TOO_SHORT", params };
      if (issue.origin === "array" || issue.origin === "set") return { code: "TOO_FEW", params };
      return { code: "OUT_OF_RANGE", params };
    }
    case "invalid_format": {
      const format =
        issue.format === "regex" ? REGEX_FORMATS.get(issue.pattern ?? "") : issue.format;
      return format && valueFormats.has(format)
        ? { code: "INVALID_FORMAT", params: { format: format as ValueFormat } }
        : { code: "INVALID_FORMAT" };
    }
    case "invalid_value":
      return { code: "INVALID_ENUM" };
    case "invalid_union": {
      // A discriminated union (the stop-list entry's `kind`) that matched no option: its
      // discriminator is missing, or not one of the allowed values.
      if (issue.discriminator === undefined || issue.errors.length > 0)
        return { code: "INVALID_VALUE" };
      const value = hasInput ? valueAt(input, issue.path) : null;
      return value === NO_VALUE || (hasInput && value === undefined)
        ? { code: "REQUIRED" }
        : { code: "INVALID_ENUM" };
    }
    case "custom": {
      const { code, ...params } = (issue.params ?? {}) as { code?: unknown } & IssueParams;
      if (typeof code !== "string" || !issueCodes.has(code)) return { code: "INVALID_VALUE" };
      return Object.keys(params).length > 0
        ? { code: code as IssueCode, params }
        : { code: code as IssueCode };
    }
    default:
      // invalid_key, invalid_element, not_multiple_of: the contract uses none of
      // them for a rule of its own.
      return { code: "INVALID_VALUE" };
  }
}

/**
 * Zod's issues as field issues. zod reports unknown keys at the parent and quotes them in its
 * message: here each is its own issue at the key's path, so a typo is named without an echo.
 * With the parsed `input`, a missing value is REQUIRED rather than INVALID_TYPE.
 */
export function fieldIssuesOf(issues: readonly ZodIssue[], ...input: [unknown?]): FieldIssue[] {
  const hasInput = input.length > 0;
  return issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        path: shownPath([...issue.path, key]),
        code: "UNKNOWN_FIELD",
        message: "Unknown field",
      }));
    }
    return [
      { path: shownPath(issue.path), ...codeOf(issue, input[0], hasInput), message: issue.message },
    ];
  });
}
