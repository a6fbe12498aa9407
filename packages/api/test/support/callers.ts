// Shared by the api package's tests: callers as the router sees them, built from a real request
// (an API key, an operator's session cookie) against a real database, the partner REST edge
// in-process, and the two operators the admin-only tests sign in as.
import { createOperator, createPartnerWithKey, createServiceKey, signIn } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  appRouter,
  createCallerFactory,
  createContextFromRequest,
  handleRestRequest,
  SESSION_COOKIE,
} from "../../src/index.ts";

export const createCaller = createCallerFactory(appRouter);
export type Api = ReturnType<typeof createCaller>;

/** Who calls: an API key (Bearer), an operator's session (the cookie), and any other header. */
export type Auth = { key?: string; session?: string; headers?: Record<string, string> };

/** The request headers `auth` stands for (its `headers` last: they override). */
export function headersOf(auth: Auth): Record<string, string> {
  return {
    ...(auth.key ? { authorization: `Bearer ${auth.key}` } : {}),
    ...(auth.session ? { cookie: `${SESSION_COOKIE}=${auth.session}` } : {}),
    ...auth.headers,
  };
}

/** A tRPC caller with the context a request from `auth` gets. */
export async function callerFor(db: Database, auth: Auth = {}): Promise<Api> {
  const request = new Request("http://localhost/api/trpc", { headers: headersOf(auth) });
  return createCaller(await createContextFromRequest(request, db));
}

/**
 * One partner REST call in-process, as the partner's HTTP request becomes: `body` is sent as JSON
 * (a string as it is); the answer's status and parsed JSON.
 */
export async function restCall(
  db: Database,
  method: string,
  path: string,
  body: unknown,
  auth: Auth,
): Promise<{ status: number; body: unknown }> {
  const response = await handleRestRequest(
    new Request(`http://localhost/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headersOf(auth),
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
    { db },
  );
  return { status: response.status, body: await response.json() };
}

/** Creates an operator and signs it in: the session token its browser's cookie carries. */
export async function operatorSession(
  db: Database,
  login: string,
  role: "operator" | "admin",
  password = `пароль-${login}-1`,
): Promise<string> {
  await createOperator(db.prisma, { login, password, role });
  const session = await signIn(db.prisma, login, password);
  if (!session) throw new Error(`${login} could not sign in`);
  return session.token;
}

export const CHIEF_PASSWORD = "пароль-начальника-1";
export const CLERK_PASSWORD = "пароль-оператора-1";

/**
 * One caller of each kind, for the admin-only procedures: `chief` (admin) and `clerk` (operator)
 * signed in, a service key ("scoring") and a partner's key ("Магазин").
 */
export async function everyKindOfCaller(db: Database): Promise<{
  chiefSession: string;
  clerkSession: string;
  serviceKey: string;
  partnerKey: string;
}> {
  return {
    chiefSession: await operatorSession(db, "chief", "admin", CHIEF_PASSWORD),
    clerkSession: await operatorSession(db, "clerk", "operator", CLERK_PASSWORD),
    serviceKey: (await createServiceKey(db.prisma, "scoring")).key,
    partnerKey: (await createPartnerWithKey(db.prisma, "Магазин")).key,
  };
}
