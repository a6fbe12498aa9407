// Operators (people at the lender who work in the web UI) and their browser sessions.
//
// Passwords: scrypt from node:crypto (no native dependency), N=2^15, r=8, p=3 (one of OWASP's
// scrypt settings; ~250 ms and 32 MiB here), a random 16-byte salt, the parameters stored with
// the hash so they can be raised later without invalidating old hashes. Checked in constant time.
//
// Sessions: the browser holds a random 256-bit token; only its SHA-256 is stored (as for API keys,
// a slow hash adds nothing to 256 random bits). A session ends when it expires, when it is signed
// out, or when its operator is disabled: every request looks the session up.
import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { OperatorRole, PrismaClient } from "@leadcore/db";
import type { Actor } from "./actor.ts";
import { DomainError } from "./errors.ts";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const PASSWORD_MIN_LENGTH = 10;
const PASSWORD_MAX_LENGTH = 200;
const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;
const SESSION_PREFIX = "lcs_";

const SCRYPT = { log2N: 15, r: 8, p: 3, keyLength: 32 } as const;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

// 128 * N * r bytes of working memory; Node refuses above `maxmem` (32 MiB by default, too tight).
const maxmem = (log2N: number, r: number) => 2 * 128 * 2 ** log2N * r;

/** `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { log2N, r, p, keyLength } = SCRYPT;
  const hash = await scryptAsync(password, salt, keyLength, { N: 2 ** log2N, r, p, maxmem: maxmem(log2N, r) });
  return ["scrypt", log2N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2N, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const params = { log2N: Number(log2N), r: Number(r), p: Number(p) };
  if (![params.log2N, params.r, params.p].every(Number.isInteger) || params.log2N > 20 || expected.length < 16) return false;
  const actual = await scryptAsync(password, Buffer.from(salt, "base64"), expected.length, {
    N: 2 ** params.log2N,
    r: params.r,
    p: params.p,
    maxmem: maxmem(params.log2N, params.r),
  });
  return timingSafeEqual(actual, expected);
}

// A sign-in with an unknown login still spends one scrypt, so timing does not tell which logins exist.
let dummyHash: Promise<string> | undefined;

export type OperatorRoleName = "operator" | "admin";
const ROLE: Record<OperatorRoleName, OperatorRole> = { operator: "OPERATOR", admin: "ADMIN" };

/** Logins are case-insensitive: stored lower-case. */
export const normalizeLogin = (login: string) => login.trim().toLowerCase();

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new DomainError("INVALID", `A password must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`, [
      { path: "password", message: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters` },
    ]);
  }
}

export type OperatorView = { id: bigint; login: string; role: OperatorRoleName };

const toView = (operator: { id: bigint; login: string; role: OperatorRole }): OperatorView => ({
  id: operator.id,
  login: operator.login,
  role: operator.role === "ADMIN" ? "admin" : "operator",
});

export async function createOperator(
  prisma: PrismaClient,
  input: { login: string; password: string; role: OperatorRoleName },
): Promise<OperatorView> {
  const login = normalizeLogin(input.login);
  if (!LOGIN_PATTERN.test(login)) {
    throw new DomainError("INVALID", "A login is 2-64 characters: latin letters, digits, '.', '_' or '-'", [
      { path: "login", message: "Invalid login" },
    ]);
  }
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  if (await prisma.operator.findUnique({ where: { login } })) {
    throw new DomainError("CONFLICT", `Operator "${login}" already exists`);
  }
  const operator = await prisma.operator.create({ data: { login, passwordHash, role: ROLE[input.role] } });
  return toView(operator);
}

/** Disables the operator: no new sign-in, and its open sessions stop working at once. */
export async function disableOperator(prisma: PrismaClient, login: string): Promise<void> {
  const { count } = await prisma.operator.updateMany({
    where: { login: normalizeLogin(login), disabledAt: null },
    data: { disabledAt: new Date() },
  });
  if (count === 0) throw new DomainError("NOT_FOUND", `No active operator "${normalizeLogin(login)}"`);
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type SignedIn = { token: string; expiresAt: Date; operator: OperatorView };

/** A new session for a correct login and password of an enabled operator; null otherwise (never why). */
export async function signIn(prisma: PrismaClient, login: string, password: string): Promise<SignedIn | null> {
  const operator =
    password.length <= PASSWORD_MAX_LENGTH && login.length <= 64
      ? await prisma.operator.findUnique({ where: { login: normalizeLogin(login) } })
      : null;
  if (!operator) {
    dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
    await verifyPassword(password.slice(0, PASSWORD_MAX_LENGTH), await dummyHash);
    return null;
  }
  const correct = await verifyPassword(password, operator.passwordHash);
  if (!correct || operator.disabledAt) return null;

  const token = SESSION_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await prisma.operatorSession.create({ data: { tokenHash: hashToken(token), operatorId: operator.id, expiresAt } });
  return { token, expiresAt, operator: toView(operator) };
}

const looksLikeToken = (token: string) => token.startsWith(SESSION_PREFIX) && token.length <= 100;

/** The operator of a live session, or null (unknown, expired, signed out, or operator disabled). */
export async function operatorOfSession(prisma: PrismaClient, token: string): Promise<OperatorView | null> {
  if (!looksLikeToken(token)) return null;
  const session = await prisma.operatorSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { operator: true },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.operator.disabledAt) return null;
  return toView(session.operator);
}

/** The actor a session cookie stands for, or null. */
export async function authenticateSession(prisma: PrismaClient, token: string): Promise<Actor | null> {
  const operator = await operatorOfSession(prisma, token);
  return operator ? { kind: "operator", operatorId: operator.id, login: operator.login } : null;
}

export async function signOut(prisma: PrismaClient, token: string): Promise<void> {
  if (!looksLikeToken(token)) return;
  await prisma.operatorSession.updateMany({
    where: { tokenHash: hashToken(token), revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/**
 * On a database without operators, creates `admin` so the first sign-in is possible. The password
 * is `password` when given (LEADCORE_ADMIN_PASSWORD), else a random one returned to be shown once.
 * Returns null when an operator already exists.
 */
export async function ensureFirstAdmin(
  prisma: PrismaClient,
  password?: string,
): Promise<{ login: string; password: string; generated: boolean } | null> {
  if ((await prisma.operator.count()) > 0) return null;
  const generated = !password;
  const chosen = password || randomBytes(12).toString("base64url");
  checkPassword(chosen);
  const passwordHash = await hashPassword(chosen);
  // Two processes starting on one new PostgreSQL database: the unique login lets only one create it.
  const created = await prisma.operator.createMany({
    data: [{ login: "admin", passwordHash, role: "ADMIN" }],
    skipDuplicates: true,
  });
  return created.count === 1 ? { login: "admin", password: chosen, generated } : null;
}
