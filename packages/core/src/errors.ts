// Domain failures, independent of transport: the API layer maps each kind to a tRPC code and
// an HTTP status, and passes the reason on as the error's stable `reason` (error-codes.ts in
// @leadcore/schema). Messages never contain personal data (they name fields, never values).
import type { ErrorReason, FieldIssue } from "@leadcore/schema";

export type { ErrorReason, FieldIssue } from "@leadcore/schema";

export type DomainErrorKind =
  | "NOT_FOUND" // no such record, or not visible to this caller
  | "FORBIDDEN" // the caller may not do this (an operator's or an admin's move)
  | "CONFLICT" // the record's state forbids the change (e.g. editing a converted lead)
  | "INVALID" // the request itself is wrong (400)
  | "UNPROCESSABLE"; // well-formed, but the record cannot undergo the operation (422)

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly reason: ErrorReason,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

const NOT_FOUND_REASONS = {
  Lead: "LEAD_NOT_FOUND",
  Client: "CLIENT_NOT_FOUND",
  "Contact proposal": "CONTACT_PROPOSAL_NOT_FOUND",
  "Denial reason": "DENIAL_REASON_NOT_FOUND",
} as const satisfies Record<string, ErrorReason>;

export const notFound = (what: keyof typeof NOT_FOUND_REASONS) =>
  new DomainError("NOT_FOUND", NOT_FOUND_REASONS[what], `${what} not found`);
