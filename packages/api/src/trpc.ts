// All tRPC setup in one place: the context (database + authenticated actor), the error
// formatter (field issues for every failure, never a stack trace), and the procedure builders.
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { authenticate, authenticateSession, DomainError, type Actor } from "@leadcore/core";
import { getDatabase, type Database } from "@leadcore/db";
import { fieldIssuesOf, reportedIssues, shownSegment, type ErrorReason, type FieldIssue } from "@leadcore/schema";
import { clientAddressOf, EdgeRefusal } from "./http-edge.ts";
import { loggableError, logger } from "./logger.ts";
import { processRateLimiter, RateLimitedError, rateLimitSubject } from "./rate-limit.ts";
import { AttemptRefused, signInGuardOf } from "./sign-in-guard.ts";

export type Context = {
  db: Database;
  actor: Actor | null;
  /** The Idempotency-Key header, for lead.create. */
  idempotencyKey: string | undefined;
  session: SessionCookie;
  /** The caller's network address (http-edge.ts clientAddressOf): what sign-in and key budgets count by. */
  clientAddress: string;
};

/** An operator's browser session (see auth.signIn): the cookie sent, and where to set a new one. */
export type SessionCookie = {
  token: string | undefined;
  /** The request came over https: the cookie gets `Secure`. */
  secure: boolean;
  /** The response's headers (the fetch adapter's resHeaders); absent where no cookie can be set. */
  resHeaders: Headers | undefined;
};

export const SESSION_COOKIE = "leadcore_session";

/**
 * Builds the context of one HTTP request: who is calling, from `Authorization: Bearer <key>`, or
 * else from the operator's session cookie.
 */
export async function createContextFromRequest(req: Request, db?: Database, resHeaders?: Headers): Promise<Context> {
  try {
    return await buildContext(req, db, resHeaders);
  } catch (error) {
    // Opening the database or looking the caller up failed: a 503 when the database is away.
    if (isDatabaseUnavailable(error)) {
      logger.warn({ outcome: "SERVICE_UNAVAILABLE", err: loggableError(error) }, "database unavailable");
      throw databaseUnavailable(error);
    }
    throw error;
  }
}

// Database unreachable, restarting or out of connections: Prisma codes (P1001 can't reach,
// P1002 timed out, P1008 operation timed out, P1017 server closed the connection, P2024 pool
// timeout), driver-adapter kinds, socket errors, PostgreSQL SQLSTATEs (57P01-57P03 shutdown and
// startup, 08xxx connection exceptions, 53300 too many connections, 57014 a statement cancelled
// by DATABASE_STATEMENT_TIMEOUT_MS) and pg's own messages, including its timeouts (see
// packages/db/src/timeouts.ts): they reach us as plain Errors, adapter-pg passes them on as they are.
const UNAVAILABLE_CODES = new Set([
  ...["P1001", "P1002", "P1008", "P1017", "P2024"],
  ...["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"],
  ...["57P01", "57P02", "57P03", "57014", "53300", "08000", "08001", "08003", "08004", "08006"],
]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE = new RegExp(
  [
    "Connection terminated",
    "Connection ended unexpectedly",
    "Client has encountered a connection error",
    "Can't reach database server",
    "terminating connection due to administrator command",
    "the database system is (starting up|shutting down|in recovery mode)",
    "Timed out fetching a new connection",
    "connect ECONNREFUSED",
    "Client was closed and is not queryable",
    // pg: no answer within DATABASE_QUERY_TIMEOUT_MS; no free or new connection within
    // DATABASE_CONNECT_TIMEOUT_MS (a new one reports "Connection terminated ...", matched above).
    "Query read timeout",
    "timeout exceeded when trying to connect",
    // Prisma's interactive transactions (P2028, otherwise a programming error): no connection
    // within maxWait, or statements still unanswered when the transaction's own timeout ran out.
    "Unable to start a transaction in the given time",
    "cannot be executed on an expired transaction",
  ].join("|"),
  "i",
);

/** Whether a failure means the database cannot be reached right now (not that the request is wrong). */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== "object" || depth > 8) return false;
  const e = error as Record<string, unknown>;
  if (e.name === "EmbeddedDatabaseBusyError") return true;
  for (const code of [e.code, e.errorCode, e.originalCode]) {
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  }
  if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return [e.cause, e.meta, e.driverAdapterError].some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

const databaseUnavailable = (cause: unknown) =>
  new TRPCError({ code: "SERVICE_UNAVAILABLE", message: "The database is unavailable; retry shortly", cause });

async function buildContext(req: Request, db: Database | undefined, resHeaders: Headers | undefined): Promise<Context> {
  const database = db ?? (await getDatabase());
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const session = sessionCookieOf(req, resHeaders);
  const clientAddress = clientAddressOf(req);
  let actor: Actor | null = null;
  if (match) actor = await authenticateKey(database, match[1]!, clientAddress);
  else if (session.token) actor = await authenticateSession(database.prisma, session.token);
  const idempotencyKey = req.headers.get("idempotency-key") ?? undefined;
  return { db: database, actor, idempotencyKey, session, clientAddress };
}

/** The key's actor, or null; an address that keeps sending bad keys is refused before the lookup. */
async function authenticateKey(db: Database, key: string, address: string): Promise<Actor | null> {
  const guard = signInGuardOf(db);
  try {
    await guard.checkKeyAddress(address);
  } catch (refused) {
    if (refused instanceof AttemptRefused) throw tooManyAttempts(refused);
    throw refused;
  }
  const actor = await authenticate(db.prisma, key);
  if (!actor) await guard.keyRefused(address);
  return actor;
}

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

function sessionCookieOf(req: Request, resHeaders: Headers | undefined): SessionCookie {
  const secure = new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  // The cookie is SameSite=Lax; on top of that it counts only on requests from our own pages, so
  // another site (or another port of this host, which is "same-site") cannot act as the operator.
  const token = fromOwnPages(req) ? readCookie(req.headers.get("cookie"), SESSION_COOKIE) : undefined;
  return { token, secure, resHeaders };
}

function fromOwnPages(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = req.headers.get("origin");
  if (!origin) return true; // not a browser's cross-origin request
  try {
    return new URL(origin).host === (req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host);
  } catch {
    return false;
  }
}

export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

const DOMAIN_TO_TRPC = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
} as const;

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
  if (cause instanceof DomainError || cause instanceof EdgeRefusal || cause instanceof RateLimitedError || cause instanceof ApiRefusal) {
    return cause.reason;
  }
  if (cause instanceof ZodError) return "INVALID_INPUT";
  return cause === undefined ? TRPC_OWN_REASONS[error.code] : undefined;
}

// Messages written by LeadCore's own code say which rule was broken and never hold input. The
// rest come from tRPC and zod, which quote what they were sent ("No procedure found on path
// \"<path>\"", a JSON parser's "Unexpected token ... in <text>", zod's summary of every issue):
// those are replaced by a fixed sentence for their code; the issues carry the detail.
const FIXED_MESSAGE: Partial<Record<TRPCError["code"], string>> = {
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
const OWN_CODES = new Set<TRPCError["code"]>(["UNAUTHORIZED", "FORBIDDEN", "TOO_MANY_REQUESTS", "CONFLICT", "UNPROCESSABLE_CONTENT"]);

function publicMessage(error: TRPCError): string {
  const cause = error.cause;
  if (error.code === "INTERNAL_SERVER_ERROR" || error.code === "SERVICE_UNAVAILABLE") return FIXED_MESSAGE[error.code]!;
  if (cause instanceof ZodError) return "The input does not match the contract";
  if (cause instanceof DomainError || cause instanceof EdgeRefusal || cause instanceof RateLimitedError) return error.message;
  if (OWN_CODES.has(error.code)) return error.message;
  return FIXED_MESSAGE[error.code] ?? "The request was refused";
}

// `meta` carries each procedure's REST route (trpc-to-openapi); procedures without one are tRPC-only.
const t = initTRPC.meta<OpenApiMeta>().context<Context>().create({
  errorFormatter({ shape, error }) {
    const issues = reportedIssues(issuesOf(error));
    const reason = reasonOf(error);
    const { stack: _stack, path, ...data } = shape.data;
    // The path of a procedure that does not exist is whatever the caller typed: not repeated.
    const procedurePath = error.code === "NOT_FOUND" && !(error.cause instanceof DomainError) ? {} : { path };
    // A refused call also says in its body how long to wait (the Retry-After header says it too).
    const retryAfterSeconds = error.cause instanceof RateLimitedError ? error.cause.retryAfterSeconds : undefined;
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
  },
});

// Domain failures become their tRPC code; a database that cannot be reached is a 503 whose message
// names nothing of it; anything else stays an internal error.
const domainErrors = t.middleware(async ({ next, getRawInput }) => {
  const result = await next();
  if (!result.ok && result.error.code === "BAD_REQUEST" && result.error.cause instanceof ZodError) {
    // The input did not match the contract. With the raw input at hand, a value that is missing
    // is told apart from one of the wrong type (REQUIRED, not INVALID_TYPE).
    const raw = await getRawInput().catch(() => undefined);
    const message = "The input does not match the contract";
    const cause = new DomainError("INVALID", "INVALID_INPUT", message, fieldIssuesOf(result.error.cause.issues, raw));
    throw new TRPCError({ code: "BAD_REQUEST", message, cause });
  }
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: DOMAIN_TO_TRPC[cause.kind], message: cause.message, cause });
  }
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && isDatabaseUnavailable(result.error.cause)) {
    throw databaseUnavailable(result.error.cause);
  }
  if (!result.ok && result.error.code === "INTERNAL_SERVER_ERROR" && isUnstorableInput(result.error.cause)) {
    // Safety net: the contract let through text PostgreSQL cannot store (a NUL, an unpaired
    // surrogate). When the caller's input holds such text it is their mistake: a 400 naming the
    // fields. When it does not, our own code made the value: that stays a 500.
    const issues = unstorableStrings(await getRawInput().catch(() => undefined));
    if (issues.length > 0) {
      const cause = new DomainError("INVALID", "UNSTORABLE_TEXT", "The request holds text that cannot be stored (a NUL character or an unpaired surrogate)", issues);
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
  for (const code of [e.code, e.originalCode]) if (typeof code === "string" && UNSTORABLE_CODES.has(code)) return true;
  return [e.cause, e.meta, e.driverAdapterError].some((inner) => isUnstorableInput(inner, depth + 1));
}

/** Paths of strings holding a NUL or an unpaired UTF-16 surrogate (never their values). */
function unstorableStrings(value: unknown, path = ""): FieldIssue[] {
  if (typeof value === "string") {
    return /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)
      ? [{ path, code: "UNSTORABLE_TEXT", message: "Contains a NUL character or an unpaired surrogate, which cannot be stored" }]
      : [];
  }
  if (value === null || typeof value !== "object") return [];
  // A bad key (in an attributes map) is reported at the map's path: the key itself is never echoed.
  return Object.entries(value).flatMap(([key, inner]) =>
    unstorableStrings(key).length > 0
      ? [{ path, code: "UNSTORABLE_TEXT", message: "A key contains a NUL character or an unpaired surrogate, which cannot be stored" }]
      : unstorableStrings(inner, path ? `${path}.${shownSegment(key)}` : shownSegment(key)),
  );
}

// One log line per procedure call (tRPC and REST alike): path, outcome, duration, who. Never the input.
const logged = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const actor = ctx.actor ? `${ctx.actor.kind}:${ctx.actor.kind === "operator" ? ctx.actor.operatorId : ctx.actor.apiKeyId}` : "anonymous";
  const line = { procedure: path, type, actor, ms: Math.round(performance.now() - started) };
  if (result.ok) logger.info({ ...line, outcome: "ok" }, "call");
  else if (result.error.code === "INTERNAL_SERVER_ERROR" || result.error.code === "SERVICE_UNAVAILABLE") {
    logger.error({ ...line, outcome: result.error.code, err: loggableError(result.error.cause ?? result.error) }, "call failed");
  } else logger.info({ ...line, outcome: result.error.code }, "call refused");
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
// JSON may carry "__proto__" as a key (an attributes map is open to any key), but a JavaScript
// object cannot keep it as data: zod drops it without a word, so the value would be lost. Refuse
// it, with its path, before the input is parsed.
const reservedKeys = t.middleware(async ({ getRawInput, next }) => {
  // An unreadable input (a POST without a body to a procedure that takes none) is not ours to judge.
  const raw = await getRawInput().catch(() => undefined);
  const issues = protoKeyPaths(raw).map((path): FieldIssue => ({ path, code: "RESERVED_KEY", message: 'The key "__proto__" is reserved' }));
  if (issues.length > 0) throw new DomainError("INVALID", "RESERVED_KEY", 'The request holds a "__proto__" key, which cannot be stored', issues);
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

export const publicProcedure = t.procedure.use(logged).use(domainErrors).use(reservedKeys);

/** Needs an API key (partner or service) or an operator session. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) {
    throw refusal(
      "UNAUTHORIZED",
      "AUTHENTICATION_REQUIRED",
      "Authentication required: send Authorization: Bearer <API key>, or sign in as an operator",
    );
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
}).use(async ({ ctx, next }) => {
  // Per-key rate limit (rate-limit.ts): 429 TOO_MANY_REQUESTS with Retry-After.
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

/** Needs an operator's session: API keys (partner or service) get 403. */
export const operatorProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.kind !== "operator") {
    throw refusal("FORBIDDEN", "OPERATOR_ONLY", "Only a signed-in operator may do this");
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});

/** Needs an operator session with the admin role: API keys and plain operators get 403. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.actor.kind !== "operator" || ctx.actor.role !== "admin") {
    throw refusal("FORBIDDEN", "ADMIN_ONLY", "Only an administrator may do this");
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});
