// operator.*: admins manage operators from the web UI (the CLI does the same from a shell). tRPC
// only, no REST route: API keys never manage people, and every procedure answers 403 to anyone
// but a signed-in admin. Passwords go in and never come out: not in outputs, errors or logs.
//
// Operators have no audit trail table (the lead trail in core/audit.ts is per lead), so each
// change writes one log line saying which admin did what to which login, beside the procedure log.

import {
  type Actor,
  createOperator,
  disableOperator,
  enableOperator,
  listOperators,
  resetOperatorPassword,
  setOperatorRole,
  toWireId,
} from "@leadcore/core";
import {
  idSchema,
  LOGIN_MAX_LENGTH,
  normalizeLogin,
  OPERATOR_ROLES,
  PASSWORD_MAX_LENGTH,
} from "@leadcore/schema";
import { z } from "zod";
import { logger } from "../logger.ts";
import { adminProcedure, router } from "../trpc.ts";

const roleSchema = z.enum(OPERATOR_ROLES);
// The domain checks the login's characters and the password's length and says why; these bounds
// only keep oversized input away from it (and from scrypt).
const loginSchema = z.string().min(1).max(LOGIN_MAX_LENGTH);
const passwordSchema = z.string().max(PASSWORD_MAX_LENGTH);

const operatorItemSchema = z.object({
  // The id a lead's managerId and its assignment history name the operator by.
  id: idSchema,
  login: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
  lastSignInAt: z.iso.datetime().nullable(),
});

const okSchema = z.object({ ok: z.literal(true) });
const ok = { ok: true as const };

function logChange(
  actor: Actor,
  action: string,
  login: string,
  details: Record<string, string> = {},
): void {
  const by = actor.kind === "operator" ? actor.login : actor.kind;
  logger.info(
    { event: `operator.${action}`, by, login: normalizeLogin(login), ...details },
    "operator changed",
  );
}

export const operatorRouter = router({
  list: adminProcedure.output(z.array(operatorItemSchema)).query(async ({ ctx }) =>
    (await listOperators(ctx.db.prisma)).map((operator) => ({
      id: toWireId(operator.id),
      login: operator.login,
      role: operator.role,
      disabled: operator.disabled,
      createdAt: operator.createdAt.toISOString(),
      lastSignInAt: operator.lastSignInAt?.toISOString() ?? null,
    })),
  ),

  create: adminProcedure
    .input(z.object({ login: loginSchema, password: passwordSchema, role: roleSchema }))
    .output(z.object({ login: z.string(), role: roleSchema }))
    .mutation(async ({ ctx, input }) => {
      const operator = await createOperator(ctx.db.prisma, input);
      logChange(ctx.actor, "create", operator.login, { role: operator.role });
      return { login: operator.login, role: operator.role };
    }),

  disable: adminProcedure
    .input(z.object({ login: loginSchema }))
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await disableOperator(ctx.db.prisma, input.login);
      logChange(ctx.actor, "disable", input.login);
      return ok;
    }),

  enable: adminProcedure
    .input(z.object({ login: loginSchema }))
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await enableOperator(ctx.db.prisma, input.login);
      logChange(ctx.actor, "enable", input.login);
      return ok;
    }),

  resetPassword: adminProcedure
    .input(z.object({ login: loginSchema, password: passwordSchema }))
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await resetOperatorPassword(ctx.db.prisma, input.login, input.password);
      logChange(ctx.actor, "resetPassword", input.login);
      return ok;
    }),

  setRole: adminProcedure
    .input(z.object({ login: loginSchema, role: roleSchema }))
    .output(okSchema)
    .mutation(async ({ ctx, input }) => {
      await setOperatorRole(ctx.db.prisma, input.login, input.role);
      logChange(ctx.actor, "setRole", input.login, { role: input.role });
      return ok;
    }),
});
