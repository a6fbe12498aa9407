// Domain failures, independent of transport: the API layer maps each kind to a tRPC code and
// an HTTP status. Messages never contain personal data (they name fields, never values).
export type FieldIssue = { path: string; message: string };

export type DomainErrorKind =
  | "NOT_FOUND" // no such record, or not visible to this caller
  | "CONFLICT" // the record's state forbids the change (e.g. editing a converted lead)
  | "INVALID" // the request itself is wrong (400)
  | "UNPROCESSABLE"; // well-formed, but the record cannot undergo the operation (422)

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);
