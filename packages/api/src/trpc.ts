// All tRPC setup in one place: the context (database + authenticated actor), the error
// formatter (field issues for every failure, never a stack trace), and the procedure builders.
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { authenticate, DomainError, type Actor, type FieldIssue } from "@leadcore/core";
import { getDatabase, type Database } from "@leadcore/db";
import { loggableError, logger } from "./logger.ts";

export type Context = {
  db: Database;
  actor: Actor | null;
  /** The Idempotency-Key header, for lead.create. */
  idempotencyKey: string | undefined;
};

/** Builds the context of one HTTP request: who is calling, from `Authorization: Bearer <key>`. */
export async function createContextFromRequest(req: Request, db?: Database): Promise<Context> {
  const database = db ?? (await getDatabase());
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const actor = match ? await authenticate(database.prisma, match[1]!) : null;
  const idempotencyKey = req.headers.get("idempotency-key") ?? undefined;
  return { db: database, actor, idempotencyKey };
}

const DOMAIN_TO_TRPC = {
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  INVALID: "BAD_REQUEST",
  UNPROCESSABLE: "UNPROCESSABLE_CONTENT",
} as const;

/** The field issues a failure reports to the caller: from the contract (zod) or the domain. */
export function issuesOf(error: TRPCError): FieldIssue[] {
  const cause = error.cause;
  if (cause instanceof ZodError) {
    return cause.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
  }
  return cause instanceof DomainError ? cause.issues : [];
}

// `meta` carries each procedure's REST route (trpc-to-openapi); procedures without one are tRPC-only.
const t = initTRPC.meta<OpenApiMeta>().context<Context>().create({
  errorFormatter({ shape, error }) {
    const issues = issuesOf(error);
    // An unexpected failure may carry SQL or personal data in its message: say nothing of it.
    const message = error.code === "INTERNAL_SERVER_ERROR" ? "Internal error" : shape.message;
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, message, data: { ...data, issues } };
  },
});

// Domain failures become their tRPC code; anything else stays an internal error.
const domainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof DomainError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: DOMAIN_TO_TRPC[cause.kind], message: cause.message, cause });
  }
  return result;
});

// One log line per procedure call (tRPC and REST alike): path, outcome, duration, who. Never the input.
const logged = t.middleware(async ({ ctx, path, type, next }) => {
  const started = performance.now();
  const result = await next();
  const actor = ctx.actor ? `${ctx.actor.kind}:${ctx.actor.kind === "operator" ? ctx.actor.operatorId : ctx.actor.apiKeyId}` : "anonymous";
  const line = { procedure: path, type, actor, ms: Math.round(performance.now() - started) };
  if (result.ok) logger.info({ ...line, outcome: "ok" }, "call");
  else if (result.error.code === "INTERNAL_SERVER_ERROR") {
    logger.error({ ...line, outcome: result.error.code, err: loggableError(result.error.cause ?? result.error) }, "call failed");
  } else logger.info({ ...line, outcome: result.error.code }, "call refused");
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(logged).use(domainErrors);

/** Needs an API key (partner or service) or, later, an operator session. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.actor) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Authentication required: send Authorization: Bearer <API key>" });
  }
  return next({ ctx: { ...ctx, actor: ctx.actor } });
});
