// What a failure tells the caller: its stable reason, its field issues and a message that never
// quotes the input, plus the few errors the API raises itself. Every procedure, over tRPC or
// REST, fails through this one formatter, so the rules are written once, here.

import { DomainError } from "@leadcore/core";
import { type ErrorReason, type FieldIssue, fieldIssuesOf, reportedIssues } from "@leadcore/schema";
import { type TRPCDefaultErrorShape as DefaultErrorShape, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { EdgeRefusal } from "./http-edge.ts";
import { RateLimitedError } from "./rate-limit.ts";
import type { AttemptRefused } from "./sign-in-guard.ts";

/** A 503 whose message names nothing of the database's failure. */
export const databaseUnavailable = (cause: unknown) =>
  new TRPCError({
    code: "SERVICE_UNAVAILABLE",
    message: "The database is unavailable; retry shortly",
    cause,
  });

/** A 429 for a refused attempt; Retry-After comes from its cause (rateLimitResponseMeta). */
export const tooManyAttempts = (refused: AttemptRefused) =>
  new TRPCError({ code: "TOO_MANY_REQUESTS", message: refused.message, cause: refused });

/** A refusal the API raises itself (not the domain, not the edge), with its stable reason. */
export class ApiRefusal extends Error {
  constructor(
    readonly reason: ErrorReason,
    message: string,
  ) {
    super(message);
    this.name = "ApiRefusal";
  }
}

/** A tRPC error whose cause carries the reason the error formatter reports. */
export const refusal = (code: TRPCError["code"], reason: ErrorReason, message: string) =>
  new TRPCError({ code, message, cause: new ApiRefusal(reason, message) });

/** The field issues a failure reports to the caller: from the contract (zod), the edge or the domain. */
export function issuesOf(error: TRPCError): FieldIssue[] {
  const cause = error.cause;
  if (cause instanceof ZodError) return fieldIssuesOf(cause.issues);
  return cause instanceof DomainError || cause instanceof EdgeRefusal ? cause.issues : [];
}

// Failures raised by tRPC itself, which carry no cause of ours: their reason by their code.
const TRPC_OWN_REASONS: Partial<Record<TRPCError["code"], ErrorReason>> = {
  PARSE_ERROR: "INVALID_JSON",
  NOT_FOUND: "NO_SUCH_PROCEDURE",
  METHOD_NOT_SUPPORTED: "METHOD_NOT_ALLOWED",
  UNSUPPORTED_MEDIA_TYPE: "NOT_JSON",
  PAYLOAD_TOO_LARGE: "BODY_TOO_LARGE",
};

/** The failure's stable reason (error-codes.ts), where it has one: what a caller switches on. */
export function reasonOf(error: TRPCError): ErrorReason | undefined {
  // A 500 or 503 says nothing of its cause, its reason included.
  if (error.code === "INTERNAL_SERVER_ERROR") return "INTERNAL_ERROR";
  if (error.code === "SERVICE_UNAVAILABLE") return "DATABASE_UNAVAILABLE";
  const cause = error.cause;
  if (
    cause instanceof DomainError ||
    cause instanceof EdgeRefusal ||
    cause instanceof RateLimitedError ||
    cause instanceof ApiRefusal
  ) {
    return cause.reason;
  }
  if (cause instanceof ZodError) return "INVALID_INPUT";
  return cause === undefined ? TRPC_OWN_REASONS[error.code] : undefined;
}

// Messages written by LeadCore's own code say which rule was broken and never hold input. The
// rest come from tRPC and zod, which quote what they were sent ("No procedure found on path
// \"<path>\"", a JSON parser's "Unexpected token ... in <text>", zod's summary of every issue):
// those are replaced by a fixed sentence for their code; the issues carry the detail.
// A failure on the server's side never says why, whoever raised it: those two always have one.
type ServerFailure = "INTERNAL_SERVER_ERROR" | "SERVICE_UNAVAILABLE";
const FIXED_MESSAGE: Partial<Record<TRPCError["code"], string>> & Record<ServerFailure, string> = {
  BAD_REQUEST: "The request is malformed",
  PARSE_ERROR: "The body is not valid JSON",
  NOT_FOUND: "No such procedure",
  METHOD_NOT_SUPPORTED: "This procedure is not called with this HTTP method",
  UNSUPPORTED_MEDIA_TYPE: "The body must be JSON (Content-Type: application/json)",
  PAYLOAD_TOO_LARGE: "The body is too large",
  INTERNAL_SERVER_ERROR: "Internal error",
  SERVICE_UNAVAILABLE: "The database is unavailable; retry shortly",
};
// Codes only LeadCore's code raises, always with a message of its own.
const OWN_CODES = new Set<TRPCError["code"]>([
  "UNAUTHORIZED",
  "FORBIDDEN",
  "TOO_MANY_REQUESTS",
  "CONFLICT",
  "UNPROCESSABLE_CONTENT",
]);

function publicMessage(error: TRPCError): string {
  const cause = error.cause;
  if (error.code === "INTERNAL_SERVER_ERROR" || error.code === "SERVICE_UNAVAILABLE")
    return FIXED_MESSAGE[error.code];
  if (cause instanceof ZodError) return "The input does not match the contract";
  if (
    cause instanceof DomainError ||
    cause instanceof EdgeRefusal ||
    cause instanceof RateLimitedError
  )
    return error.message;
  if (OWN_CODES.has(error.code)) return error.message;
  return FIXED_MESSAGE[error.code] ?? "The request was refused";
}

/** Every failure's body: field issues always, a stack trace never. */
export function errorFormatter({ shape, error }: { shape: DefaultErrorShape; error: TRPCError }) {
  const issues = reportedIssues(issuesOf(error));
  const reason = reasonOf(error);
  const { stack: _stack, path, ...data } = shape.data;
  // The path of a procedure that does not exist is whatever the caller typed: not repeated.
  const procedurePath =
    error.code === "NOT_FOUND" && !(error.cause instanceof DomainError) ? {} : { path };
  // A refused call also says in its body how long to wait (the Retry-After header says it too).
  const retryAfterSeconds =
    error.cause instanceof RateLimitedError ? error.cause.retryAfterSeconds : undefined;
  return {
    ...shape,
    message: publicMessage(error),
    data: {
      ...data,
      ...procedurePath,
      ...(reason ? { reason } : {}),
      issues,
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    },
  };
}
