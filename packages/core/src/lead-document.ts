// How a lead body sent by a caller becomes the stored document and its search columns.
import {
  type CompactLead,
  compactLead,
  type LeadBody,
  MASKED_CARD_NUMBER,
  maskCardNumber,
  normalizeName,
  normalizePassportPart,
  normalizeRuMobilePhone,
} from "@leadcore/schema";
import { keptConsents, newConsents } from "./consent-records.ts";
import { DomainError, type FieldIssue } from "./errors.ts";

/**
 * The document as stored in Lead.data: no CVC, card number masked, no nulls, and none of the
 * server-owned fields (clientId, denialReasonId, managerId: the lead's columns, lead-lifecycle.ts).
 */
export type LeadDocument = Omit<
  CompactLead,
  "cardCvc" | "clientId" | "denialReasonId" | "managerId"
>;

/**
 * `previousCardNumber` is the stored (masked) value: a caller that read the lead and sends it
 * back unchanged sends the masked number, which keeps the card; any other masked value is an error.
 */
export function toLeadDocument(body: LeadBody, stored?: LeadBody): LeadDocument {
  const previousCardNumber = stored?.cardNumber ?? undefined;
  const {
    cardCvc: _neverStored,
    clientId: _clientColumn,
    denialReasonId: _denialColumn,
    managerId: _managerColumn,
    consents: _sentConsents,
    ...sent
  } = compactLead(body);
  // The consents as LeadCore keeps them (consent-records.ts): an edit never loses one.
  const consents = stored ? keptConsents(stored, body.consents) : newConsents(body.consents);
  const document: LeadDocument = consents ? { ...sent, consents } : sent;
  if (document.cardNumber !== undefined) {
    if (MASKED_CARD_NUMBER.test(document.cardNumber)) {
      if (document.cardNumber !== previousCardNumber) {
        throw new DomainError(
          "INVALID",
          "CARD_MASK_MISMATCH",
          "The card number is masked but does not match the stored card",
          [
            {
              path: "cardNumber",
              code: "CARD_MASK_MISMATCH",
              message: "Send the full card number, or the masked value exactly as read",
            },
          ],
        );
      }
    } else {
      document.cardNumber = maskCardNumber(document.cardNumber);
    }
  }
  return document;
}

/** Like the source system, LeadCore keeps no lead without a first name and a mobile phone. */
export function requireLeadMinimum(document: LeadDocument): void {
  const issues: FieldIssue[] = [];
  if (!document.firstName?.trim())
    issues.push({
      path: "firstName",
      code: "REQUIRED_TO_SAVE",
      message: "Required: a lead needs a first name",
    });
  if (!document.mobilePhone?.trim())
    issues.push({
      path: "mobilePhone",
      code: "REQUIRED_TO_SAVE",
      message: "Required: a lead needs a mobile phone",
    });
  if (issues.length > 0)
    throw new DomainError("INVALID", "LEAD_INCOMPLETE", "The lead lacks required fields", issues);
}

const trimmedOrNull = (value: string | null | undefined) => value?.trim() || null;
const digitsOrNull = (value: string | null | undefined) =>
  value ? normalizePassportPart(value) || null : null;

/** The indexed columns copied out of the document on every write. */
/** A name as the identity key compares it; null when there is none. */
function keyOrNull(name: string | null | undefined): string | null {
  const key = normalizeName(name ?? "");
  return key === "" ? null : key;
}

export function searchColumns(document: LeadDocument) {
  const phone = trimmedOrNull(document.mobilePhone);
  return {
    lastName: trimmedOrNull(document.lastName),
    firstName: trimmedOrNull(document.firstName),
    patronymic: trimmedOrNull(document.patronymic),
    keyLastName: keyOrNull(document.lastName),
    keyFirstName: keyOrNull(document.firstName),
    keyPatronymic: keyOrNull(document.patronymic),
    mobilePhone: phone ? (normalizeRuMobilePhone(phone) ?? phone) : null,
    passportSeries: digitsOrNull(document.passport?.seria),
    passportNumber: digitsOrNull(document.passport?.no),
    channel: document.channel ?? null,
    amount: document.amount ?? null,
  };
}

/** Key-order-independent equality of two JSON documents. */
export function sameDocument(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON with object keys sorted, so equal documents give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
