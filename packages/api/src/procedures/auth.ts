// auth.*: operators sign in to the web UI with a login and a password and get an httpOnly session
// cookie. tRPC only (no REST route): partners and services use API keys.

import { normalizeLogin, operatorOfSession, signIn, signOut } from "@leadcore/core";
import { z } from "zod";
import { SESSION_COOKIE, type SessionCookie } from "../context.ts";
import { refusal, tooManyAttempts } from "../errors.ts";
import { AttemptRefused, signInGuardOf } from "../sign-in-guard.ts";
import { publicProcedure, router } from "../trpc.ts";

const operatorSchema = z.object({ login: z.string(), role: z.enum(["operator", "admin"]) });

function setSessionCookie(session: SessionCookie, value: string, expires: Date): void {
  const maxAge = Math.max(0, Math.floor((expires.getTime() - Date.now()) / 1000));
  const attributes = [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    `Expires=${expires.toUTCString()}`,
    ...(session.secure ? ["Secure"] : []),
  ];
  session.resHeaders?.append("set-cookie", attributes.join("; "));
}

export const authRouter = router({
  signIn: publicProcedure
    .input(z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(200) }))
    .output(operatorSchema)
    .mutation(async ({ ctx, input }) => {
      const login = normalizeLogin(input.login);
      // Every limit is counted before the hash, atomically (sign-in-guard.ts): 429 past any of them.
      const signedIn = await signInGuardOf(ctx.db)
        .attempt({ login, address: ctx.clientAddress }, () =>
          signIn(ctx.db.prisma, login, input.password),
        )
        .catch((error: unknown) => {
          throw error instanceof AttemptRefused ? tooManyAttempts(error) : error;
        });
      if (!signedIn) throw refusal("UNAUTHORIZED", "WRONG_CREDENTIALS", "Wrong login or password");
      setSessionCookie(ctx.session, signedIn.token, signedIn.expiresAt);
      return { login: signedIn.operator.login, role: signedIn.operator.role };
    }),

  signOut: publicProcedure.output(z.object({ ok: z.literal(true) })).mutation(async ({ ctx }) => {
    if (ctx.session.token) await signOut(ctx.db.prisma, ctx.session.token);
    setSessionCookie(ctx.session, "", new Date(0));
    return { ok: true as const };
  }),

  /** The signed-in operator; 401 without a live session. */
  me: publicProcedure.output(operatorSchema).query(async ({ ctx }) => {
    const operator = ctx.session.token
      ? await operatorOfSession(ctx.db.prisma, ctx.session.token)
      : null;
    if (!operator) throw refusal("UNAUTHORIZED", "NOT_SIGNED_IN", "Not signed in");
    return { login: operator.login, role: operator.role };
  }),
});
