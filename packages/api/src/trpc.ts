// The tRPC root: one instance with the error formatter (errors.ts), and the procedure builders
// every router uses, each adding one requirement on the caller. The context is context.ts's, the
// middleware middleware.ts's.
import { initTRPC } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Context } from "./context.ts";
import { errorFormatter, refusal } from "./errors.ts";
import { domainErrors, logged, rateLimited, reservedKeys } from "./middleware.ts";

// `meta` carries each procedure's REST route (trpc-to-openapi); procedures without one are tRPC-only.
const t = initTRPC.meta<OpenApiMeta>().context<Context>().create({ errorFormatter });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(logged).use(domainErrors).use(reservedKeys);

/** Needs an API key (partner or service) or an operator session. */
export const authedProcedure = publicProcedure
  .use(({ ctx, next }) => {
    if (!ctx.actor) {
      throw refusal(
        "UNAUTHORIZED",
        "AUTHENTICATION_REQUIRED",
        "Authentication required: send Authorization: Bearer <API key>, or sign in as an operator",
      );
    }
    return next({ ctx: { ...ctx, actor: ctx.actor } });
  })
  .use(rateLimited);

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
