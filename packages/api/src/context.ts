// The context of one request: the database, who is calling (an API key or an operator's session
// cookie), the Idempotency-Key and the caller's address. Cookie and same-origin handling live
// here because they decide whether a session counts at all.
import { type Actor, authenticate, authenticateSession } from "@leadcore/core";
import { type Database, getDatabase, isDatabaseUnavailable } from "@leadcore/db";
import { databaseUnavailable, tooManyAttempts } from "./errors.ts";
import { clientAddressOf } from "./http-edge.ts";
import { loggableError, logger } from "./logger.ts";
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
export function createContextFromRequest(
  req: Request,
  db?: Database,
  resHeaders?: Headers,
): Promise<Context> {
  return unavailableAs503(() => buildContext(req, db, resHeaders));
}

/**
 * The context of a server component's render (apps/web lib/trpc-server.ts), from the headers the
 * page was requested with: the operator's session cookie, never a key. The page request may come
 * from a link on another site (SameSite=Lax sends the cookie then), so the own-pages rule of
 * createContextFromRequest does not apply: a render only reads, and what it shows goes to the
 * browser that holds the cookie. No cookie can be set from a render.
 */
export function createServerContext(headers: Headers, db?: Database): Promise<Context> {
  return unavailableAs503(async () => {
    const database = db ?? (await getDatabase());
    const token = readCookie(headers.get("cookie"), SESSION_COOKIE);
    const actor = token ? await authenticateSession(database.prisma, token) : null;
    const session = { token, secure: false, resHeaders: undefined };
    return {
      db: database,
      actor,
      idempotencyKey: undefined,
      session,
      clientAddress: clientAddressOf({ headers }),
    };
  });
}

// Opening the database or looking the caller up failed: a 503 when the database is away.
async function unavailableAs503(build: () => Promise<Context>): Promise<Context> {
  try {
    return await build();
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      logger.warn(
        { outcome: "SERVICE_UNAVAILABLE", err: loggableError(error) },
        "database unavailable",
      );
      throw databaseUnavailable(error);
    }
    throw error;
  }
}

async function buildContext(
  req: Request,
  db: Database | undefined,
  resHeaders: Headers | undefined,
): Promise<Context> {
  const database = db ?? (await getDatabase());
  const header = req.headers.get("authorization") ?? "";
  const key = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const session = sessionCookieOf(req, resHeaders);
  const clientAddress = clientAddressOf(req);
  let actor: Actor | null = null;
  if (key) actor = await authenticateKey(database, key, clientAddress);
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
  const actor = await authenticate(db.prisma, key, db.sql);
  if (!actor) await guard.keyRefused(address);
  return actor;
}

function sessionCookieOf(req: Request, resHeaders: Headers | undefined): SessionCookie {
  const secure =
    new URL(req.url).protocol === "https:" || req.headers.get("x-forwarded-proto") === "https";
  // The cookie is SameSite=Lax; on top of that it counts only on requests from our own pages, so
  // another site (or another port of this host, which is "same-site") cannot act as the operator.
  const token = fromOwnPages(req)
    ? readCookie(req.headers.get("cookie"), SESSION_COOKIE)
    : undefined;
  return { token, secure, resHeaders };
}

function fromOwnPages(req: Request): boolean {
  const site = req.headers.get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none";
  const origin = req.headers.get("origin");
  if (!origin) return true; // not a browser's cross-origin request
  try {
    return (
      new URL(origin).host ===
      (req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? new URL(req.url).host)
    );
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
