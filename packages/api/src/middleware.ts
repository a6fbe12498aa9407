// What runs around every procedure: one log line per call, domain failures mapped to their tRPC
// code, the safety nets for input the contract cannot keep ("__proto__" keys, text PostgreSQL
// cannot store), and the per-key rate limit. Procedure builders (trpc.ts) chain them.

import { type Actor, DomainError } from "@leadcore/core";
import { isDatabaseUnavailable } from "@leadcore/db";
import { type FieldIssue, fieldIssuesOf, isStorableText, shownSegment } from "@leadcore/schema";
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import type { Context } from "./context.ts";
import { databaseUnavailable } from "./errors.ts";
import { loggableError, logger } from "./logger.ts";
import { processRateLimiter, RateLimitedError, rateLimitSubject } from "./rate-limit.ts";

// A middleware carries only the context and meta types, no state of the root instance (which
// holds the error formatter): this one builds them, trpc.ts's instance runs them.
const { middleware } = initTRPC.meta<OpenApiMeta>().context<Context>().create();
const authedMiddleware = initTRPC
  .meta<OpenApiMeta>()
  .context<Context & { actor: Actor }>()
  .create().middleware;

const DOMAIN_TO_TRPC = {
  NOT_FOUND: "NOT_FOUND",
  FORBIDDEN: "FORBIDDEN",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
} as const;

// Domain failures become their tRPC code; a database that cannot be reached is a 503 whose message
// names nothing of it; anything else stays an internal error.
export const domainErrors = middleware(async ({ next, getRawInput }) => {
  const result = await next();
  if (!result.ok && result.error.code === "BAD_REQUEST" && result.error.cause instanceof ZodError) {
    // The input did not match the contract. With the raw input at hand, a value that is missing
    // is told apart from one of the wrong type (REQUIRED, not INVALID_TYPE).
    const raw = await getRawInput().catch(() => undefined);
    const message = "The input does not match the contract";
    const cause = new DomainError(
      "INVALID",
      "INVALID_INPUT",
      message,
      fieldIssuesOf(result.error.cause.issues, raw),
    );
    throw new TRPCError({ code: "BAD_REQUEST", message, cause });
  }
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: DOMAIN_TO_TRPC[cause.kind], message: cause.message, cause });
  }
  if (
    !result.ok &&
    result.error.code === "INTERNAL_SERVER_ERROR" &&
    isDatabaseUnavailable(result.error.cause)
  ) {
    throw databaseUnavailable(result.error.cause);
  }
  if (
    !result.ok &&
    result.error.code === "INTERNAL_SERVER_ERROR" &&
    isUnstorableInput(result.error.cause)
  ) {
    // Safety net: the contract let through text PostgreSQL cannot store (a NUL, an unpaired
    // surrogate). When the caller's input holds such text it is their mistake: a 400 naming the
    // fields. When it does not, our own code made the value: that stays a 500.
    const issues = unstorableStrings(await getRawInput().catch(() => undefined));
    if (issues.length > 0) {
      const cause = new DomainError(
        "INVALID",
        "UNSTORABLE_TEXT",
        "The request holds text that cannot be stored (a NUL character or an unpaired surrogate)",
        issues,
      );
      throw new TRPCError({ code: "BAD_REQUEST", message: cause.message, cause });
    }
  }
  return result;
});

// PostgreSQL refusing a value the caller sent: 22P02 invalid text for the type (JSONB with a lone
// surrogate escape), 22P05 untranslatable character (\u0000 in JSONB), 22021 a byte not in UTF-8
// (NUL in a text column); Prisma reports them as P2007 or as P2039 with the driver's code.
const UNSTORABLE_CODES = new Set(["P2007", "22P02", "22P05", "22021"]);
function isUnstorableInput(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== "object" || depth > 8) return false;
  const e = error as Record<string, unknown>;
  for (const code of [e.code, e.originalCode])
    if (typeof code === "string" && UNSTORABLE_CODES.has(code)) return true;
  return [e.cause, e.meta, e.driverAdapterError].some((inner) =>
    isUnstorableInput(inner, depth + 1),
  );
}

/** Paths of strings holding a NUL or an unpaired UTF-16 surrogate (never their values). */
function unstorableStrings(value: unknown, path = ""): FieldIssue[] {
  if (typeof value === "string") {
    return isStorableText(value)
      ? []
      : [
          {
            path,
            code: "UNSTORABLE_TEXT",
            message: "Contains a NUL character or an unpaired surrogate, which cannot be stored",
          },
        ];
  }
  if (value === null || typeof value !== "object") return [];
  // A bad key (in an attributes map) is reported at the map's path: the key itself is never echoed.
  return Object.entries(value).flatMap(([key, inner]) =>
    unstorableStrings(key).length > 0
      ? [
          {
            path,
            code: "UNSTORABLE_TEXT",
            message:
              "A key contains a NUL character or an unpaired surrogate, which cannot be stored",
          },
        ]
      : unstorableStrings(inner, path ? `${path}.${shownSegment(key)}` : shownSegment(key)),
  );
}

// One log line per procedure call (tRPC and REST alike): path, outcome, duration, who. Never the input.
export const logged = middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const actor = ctx.actor
    ? `${ctx.actor.kind}:${ctx.actor.kind === "operator" ? ctx.actor.operatorId : ctx.actor.apiKeyId}`
    : "anonymous";
  const line = { procedure: path, type, actor, ms: Math.round(performance.now() - started) };
  if (result.ok) logger.info({ ...line, outcome: "ok" }, "call");
  else if (
    result.error.code === "INTERNAL_SERVER_ERROR" ||
    result.error.code === "SERVICE_UNAVAILABLE"
  ) {
    logger.error(
      {
        ...line,
        outcome: result.error.code,
        err: loggableError(result.error.cause ?? result.error),
      },
      "call failed",
    );
  } else logger.info({ ...line, outcome: result.error.code }, "call refused");
  return result;
});

// JSON may carry "__proto__" as a key (an attributes map is open to any key), but a JavaScript
// object cannot keep it as data: zod drops it without a word, so the value would be lost. Refuse
// it, with its path, before the input is parsed.
export const reservedKeys = middleware(async ({ getRawInput, next }) => {
  // An unreadable input (a POST without a body to a procedure that takes none) is not ours to judge.
  const raw = await getRawInput().catch(() => undefined);
  const issues = protoKeyPaths(raw).map(
    (path): FieldIssue => ({
      path,
      code: "RESERVED_KEY",
      message: 'The key "__proto__" is reserved',
    }),
  );
  if (issues.length > 0)
    throw new DomainError(
      "INVALID",
      "RESERVED_KEY",
      'The request holds a "__proto__" key, which cannot be stored',
      issues,
    );
  return next();
});

function protoKeyPaths(value: unknown, path = "", depth = 0): string[] {
  if (value === null || typeof value !== "object" || depth > 100) return [];
  const found: string[] = [];
  for (const key of Object.keys(value)) {
    const inner = path ? `${path}.${shownSegment(key)}` : shownSegment(key);
    if (key === "__proto__") found.push(inner);
    else found.push(...protoKeyPaths((value as Record<string, unknown>)[key], inner, depth + 1));
  }
  return found;
}

// Per-key rate limit (rate-limit.ts): 429 TOO_MANY_REQUESTS with Retry-After. Runs once the caller
// is known, since the budget is the caller's.
export const rateLimited = authedMiddleware(async ({ ctx, next }) => {
  const limiter = processRateLimiter();
  const decision = limiter ? await limiter.take(rateLimitSubject(ctx.actor)) : null;
  if (decision && !decision.allowed) {
    ctx.session?.resHeaders?.set("Retry-After", String(decision.retryAfterSeconds));
    throw new TRPCError({
      code: "TOO_MANY_REQUESTS",
      message: `Rate limit exceeded: retry in ${decision.retryAfterSeconds} s`,
      cause: new RateLimitedError(decision.retryAfterSeconds),
    });
  }
  return next();
});
