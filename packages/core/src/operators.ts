// Operators (people at the lender who work in the web UI) and their browser sessions.
//
// Passwords: scrypt from node:crypto (no native dependency), N=2^15, r=8, p=3 (one of OWASP's
// scrypt settings; ~250 ms and 32 MiB here), a random 16-byte salt, the parameters stored with
// the hash so they can be raised later without invalidating old hashes. Checked in constant time.
//
// Sessions: the browser holds a random 256-bit token; only its SHA-256 is stored (as for API keys,
// a slow hash adds nothing to 256 random bits). A session ends when it expires, when it is signed
// out, when its operator is disabled or gets a new password: every request looks the session up.
//
// Management (admins in the UI, or the CLI): each write is one transaction, and the last enabled
// admin can be neither disabled nor demoted, so someone can always manage operators.
import { createHash, randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import type { OperatorRole, Prisma, PrismaClient } from "@leadcore/db";
import {
  LOGIN_MAX_LENGTH,
  LOGIN_PATTERN,
  normalizeLogin,
  type OperatorRoleName,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { DomainError } from "./errors.ts";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
// The rules live in the contract package so the operators page checks exactly what this enforces.
export { normalizeLogin, type OperatorRoleName, PASSWORD_MIN_LENGTH };

const SESSION_PREFIX = "lcs_";

const SCRYPT = { log2N: 15, r: 8, p: 3, keyLength: 32 } as const;

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

// 128 * N * r bytes of working memory; Node refuses above `maxmem` (32 MiB by default, too tight).
const maxmem = (log2N: number, r: number) => 2 * 128 * 2 ** log2N * r;

/** `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>` */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { log2N, r, p, keyLength } = SCRYPT;
  const hash = await scryptAsync(password, salt, keyLength, {
    N: 2 ** log2N,
    r,
    p,
    maxmem: maxmem(log2N, r),
  });
  return ["scrypt", log2N, r, p, salt.toString("base64"), hash.toString("base64")].join("$");
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, log2N, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const params = { log2N: Number(log2N), r: Number(r), p: Number(p) };
  if (
    ![params.log2N, params.r, params.p].every(Number.isInteger) ||
    params.log2N > 20 ||
    expected.length < 16
  )
    return false;
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

const ROLE: Record<OperatorRoleName, OperatorRole> = { operator: "OPERATOR", admin: "ADMIN" };

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw new DomainError(
      "INVALID",
      "INVALID_PASSWORD",
      `A password must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      [
        {
          path: "password",
          code: "INVALID_LENGTH",
          params: { minimum: PASSWORD_MIN_LENGTH, maximum: PASSWORD_MAX_LENGTH },
          message: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
        },
      ],
    );
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
    throw new DomainError(
      "INVALID",
      "INVALID_LOGIN",
      "A login is 2-64 characters: latin letters, digits, '.', '_' or '-'",
      [
        {
          path: "login",
          code: "INVALID_FORMAT",
          params: { format: "login" },
          message: "Invalid login",
        },
      ],
    );
  }
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    // One statement: the unique login decides between two simultaneous creations of one login.
    return toView(
      await prisma.operator.create({ data: { login, passwordHash, role: ROLE[input.role] } }),
    );
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002")
      throw new DomainError("CONFLICT", "OPERATOR_EXISTS", `Operator "${login}" already exists`);
    throw error;
  }
}

export type OperatorListItem = OperatorView & {
  disabled: boolean;
  createdAt: Date;
  lastSignInAt: Date | null;
};

/** Every operator, by login, with when it last signed in (its newest session). A lender has tens of them: no paging. */
export async function listOperators(prisma: PrismaClient): Promise<OperatorListItem[]> {
  const [operators, lastSessions] = await Promise.all([
    prisma.operator.findMany({
      orderBy: { login: "asc" },
      select: { id: true, login: true, role: true, disabledAt: true, createdAt: true },
    }),
    prisma.operatorSession.groupBy({ by: ["operatorId"], _max: { createdAt: true } }),
  ]);
  const lastSignIn = new Map(lastSessions.map((row) => [row.operatorId, row._max.createdAt]));
  return operators.map((operator) => ({
    ...toView(operator),
    disabled: operator.disabledAt !== null,
    createdAt: operator.createdAt,
    lastSignInAt: lastSignIn.get(operator.id) ?? null,
  }));
}

type Tx = Prisma.TransactionClient;

/**
 * The last-admin guard. Locks the rows of the enabled admins (FOR UPDATE) and refuses when `login`
 * is the only one. The lock is what makes it hold under concurrency: two admins disabling each
 * other at once queue here, and the second, re-reading after the first commits, finds itself alone.
 */
async function keepAnActiveAdmin(
  tx: Tx,
  login: string,
  reason: "LAST_ADMIN" | "LAST_ADMIN_DEMOTION",
  refusal: string,
): Promise<void> {
  const admins = await tx.$queryRaw<{ login: string }[]>`
    SELECT login FROM "Operator" WHERE role = 'ADMIN' AND "disabledAt" IS NULL ORDER BY id FOR UPDATE`;
  if (admins.length === 1 && admins[0]?.login === login)
    throw new DomainError("CONFLICT", reason, refusal);
}

const LAST_ADMIN_DISABLE =
  "The last active administrator cannot be disabled; make another operator an administrator first";
const LAST_ADMIN_DEMOTE =
  "The last active administrator cannot lose the admin role; make another operator an administrator first";

// Ends every open session of the operator (disable, enable, new password): nothing signed in before survives.
const endSessions = (tx: Tx, operatorId: bigint) =>
  tx.operatorSession.updateMany({
    where: { operatorId, revokedAt: null },
    data: { revokedAt: new Date() },
  });

async function findOperator(tx: Tx, login: string) {
  const operator = await tx.operator.findUnique({ where: { login: normalizeLogin(login) } });
  if (!operator)
    throw new DomainError(
      "NOT_FOUND",
      "OPERATOR_NOT_FOUND",
      `No operator "${normalizeLogin(login)}"`,
    );
  return operator;
}

/** Disables the operator: no new sign-in, and its open sessions end at once. Never the last active admin. */
export async function disableOperator(prisma: PrismaClient, login: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await keepAnActiveAdmin(tx, normalizeLogin(login), "LAST_ADMIN", LAST_ADMIN_DISABLE);
    const operator = await findOperator(tx, login);
    if (operator.disabledAt)
      throw new DomainError(
        "NOT_FOUND",
        "OPERATOR_DISABLED",
        `No active operator "${operator.login}"`,
      );
    await tx.operator.update({ where: { id: operator.id }, data: { disabledAt: new Date() } });
    await endSessions(tx, operator.id);
  });
}

/**
 * Lets a disabled operator sign in again. Sessions from before the disabling are ended, not revived
 * (older versions only marked the operator disabled, so an unexpired session could come back).
 */
export async function enableOperator(prisma: PrismaClient, login: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const operator = await findOperator(tx, login);
    if (!operator.disabledAt)
      throw new DomainError(
        "CONFLICT",
        "OPERATOR_NOT_DISABLED",
        `Operator "${operator.login}" is not disabled`,
      );
    await tx.operator.update({ where: { id: operator.id }, data: { disabledAt: null } });
    await endSessions(tx, operator.id);
  });
}

/** Changes the role; open sessions carry the new role from their next request (every request reads it). */
export async function setOperatorRole(
  prisma: PrismaClient,
  login: string,
  role: OperatorRoleName,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    if (role !== "admin")
      await keepAnActiveAdmin(tx, normalizeLogin(login), "LAST_ADMIN_DEMOTION", LAST_ADMIN_DEMOTE);
    const operator = await findOperator(tx, login);
    await tx.operator.update({ where: { id: operator.id }, data: { role: ROLE[role] } });
  });
}

/** Sets a new password (checked as at creation) and ends the operator's open sessions. */
export async function resetOperatorPassword(
  prisma: PrismaClient,
  login: string,
  password: string,
): Promise<void> {
  checkPassword(password);
  // Hashed before the transaction: ~250 ms of scrypt should not hold a transaction open.
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    const operator = await findOperator(tx, login);
    await tx.operator.update({ where: { id: operator.id }, data: { passwordHash } });
    await endSessions(tx, operator.id);
  });
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export type SignedIn = { token: string; expiresAt: Date; operator: OperatorView };

/** A new session for a correct login and password of an enabled operator; null otherwise (never why). */
export async function signIn(
  prisma: PrismaClient,
  login: string,
  password: string,
): Promise<SignedIn | null> {
  const operator =
    password.length <= PASSWORD_MAX_LENGTH && login.length <= LOGIN_MAX_LENGTH
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
  await prisma.operatorSession.create({
    data: { tokenHash: hashToken(token), operatorId: operator.id, expiresAt },
  });
  return { token, expiresAt, operator: toView(operator) };
}

const looksLikeToken = (token: string) => token.startsWith(SESSION_PREFIX) && token.length <= 100;

/** The operator of a live session, or null (unknown, expired, signed out, or operator disabled). */
export async function operatorOfSession(
  prisma: PrismaClient,
  token: string,
): Promise<OperatorView | null> {
  if (!looksLikeToken(token)) return null;
  const session = await prisma.operatorSession.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { operator: true },
  });
  if (
    !session ||
    session.revokedAt ||
    session.expiresAt <= new Date() ||
    session.operator.disabledAt
  )
    return null;
  return toView(session.operator);
}

/** The actor a session cookie stands for, or null. */
export async function authenticateSession(
  prisma: PrismaClient,
  token: string,
): Promise<Actor | null> {
  const operator = await operatorOfSession(prisma, token);
  return operator
    ? { kind: "operator", operatorId: operator.id, login: operator.login, role: operator.role }
    : null;
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
