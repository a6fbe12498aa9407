// auth.*: operators sign in to the web UI with a login and a password and get an httpOnly session
// cookie. tRPC only (no REST route): partners and services use API keys.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { normalizeLogin, operatorOfSession, signIn, signOut } from "@leadcore/core";
import { publicProcedure, router, SESSION_COOKIE, type SessionCookie } from "../trpc.ts";

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

// Wrong passwords for one login: after MAX_FAILURES in a row, that login is refused for LOCK_MS.
// In memory, per server process: enough to stop guessing at scrypt speed from one server.
const MAX_FAILURES = 5;
const LOCK_MS = 60_000;
const MAX_TRACKED = 10_000;
const failures = new Map<string, { count: number; lockedUntil: number }>();

function refuseWhileLocked(login: string): void {
  const entry = failures.get(login);
  if (entry && entry.lockedUntil > Date.now()) {
    throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: "Too many wrong passwords; try again in a minute" });
  }
}

function recordFailure(login: string): void {
  const entry = failures.get(login) ?? { count: 0, lockedUntil: 0 };
  entry.count += 1;
  if (entry.count >= MAX_FAILURES) {
    entry.count = 0;
    entry.lockedUntil = Date.now() + LOCK_MS;
  }
  failures.delete(login);
  failures.set(login, entry); // re-inserted: the Map's order is oldest first
  if (failures.size > MAX_TRACKED) failures.delete(failures.keys().next().value!);
}

export const authRouter = router({
  signIn: publicProcedure
    .input(z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(200) }))
    .output(operatorSchema)
    .mutation(async ({ ctx, input }) => {
      const login = normalizeLogin(input.login);
      refuseWhileLocked(login);
      const signedIn = await signIn(ctx.db.prisma, login, input.password);
      if (!signedIn) {
        recordFailure(login);
        throw new TRPCError({ code: "UNAUTHORIZED", message: "Wrong login or password" });
      }
      failures.delete(login);
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
    const operator = ctx.session.token ? await operatorOfSession(ctx.db.prisma, ctx.session.token) : null;
    if (!operator) throw new TRPCError({ code: "UNAUTHORIZED", message: "Not signed in" });
    return { login: operator.login, role: operator.role };
  }),
});
