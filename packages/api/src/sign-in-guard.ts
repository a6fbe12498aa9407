// What stands between a caller and the slow password hash (scrypt, ~250 ms of a core), and between
// a stream of made-up API keys and the database. Counting is rate-limiter-flexible's, in
// its PostgreSQL store over LeadCore's own database (table rate_limit_counter), so every app
// instance counts the same attempts, on the embedded database too.
//
// A sign-in passes, in this order, before its password is hashed:
// 1. a free hashing slot: at most LEADCORE_SIGNIN_CONCURRENCY hashes run at once in this process
//    (scrypt runs on libuv's 4 threads; two at a time leave the API's own work room on 2 cores).
//    No free slot: 429 at once, nothing counted;
// 2. the caller's address budget (LEADCORE_SIGNIN_LIMIT_PER_ADDRESS, default 20 a minute);
// 3. the global budget (LEADCORE_SIGNIN_LIMIT, default 120 a minute, about half a core of
//    scrypt): a flood from many addresses cannot stall the API either. While it is spent, nobody
//    can sign in for the rest of the minute; signed-in operators and API keys are not affected;
// 4. the login's own count: 5 attempts, then the login is locked for a minute. A correct
//    password clears the count.
// Each step takes its point atomically in one statement *before* the hash, so 40 parallel guesses
// (or a batch of them) get 5 hashes between them, not 40. A refusal is a 429 with Retry-After.
//
// Failed API keys: an address whose keys were refused LEADCORE_FAILED_KEY_LIMIT times (default
// 20 a minute) is refused with 429 before any lookup for the rest of the minute. Those counters
// are in this process's memory: a database write per good request would tax the hot path, and
// what they protect (the database from a key-guessing flood) each instance protects for itself.

import type { Database } from "@leadcore/db";
import type { ErrorReason } from "@leadcore/schema";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { type RateLimitConfig, RateLimitedError } from "./rate-limit.ts";
import { type ApiSettings, apiSettings } from "./settings.ts";

/** The LEADCORE_SIGNIN_* and LEADCORE_FAILED_KEY_LIMIT settings (settings.ts). */
export type SignInGuardConfig = ApiSettings["signIn"];

export const LOGIN_ATTEMPTS = 5;
export const LOGIN_LOCK_SECONDS = 60;

/** A refused attempt: the caller waits `retryAfterSeconds`; `reason` is its stable code, the message safe to show. */
export class AttemptRefused extends RateLimitedError {
  constructor(retryAfterSeconds: number, reason: ErrorReason, message: string) {
    super(retryAfterSeconds, reason);
    this.message = message;
  }
}

export type SignInGuard = {
  /**
   * Runs `check` (the password hash) if the attempt is within every limit, else throws
   * AttemptRefused. `check` answers whether the password was right.
   */
  attempt<T>(
    who: { login: string; address: string },
    check: () => Promise<T | null>,
  ): Promise<T | null>;
  /** Before looking an API key up: throws AttemptRefused while the address is throttled. */
  checkKeyAddress(address: string): Promise<void>;
  /** After a key was not found (or revoked). */
  keyRefused(address: string): Promise<void>;
};

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

// rate-limiter-flexible's PostgreSQL store speaks to a `pg`-like client ({ text, values } in,
// { rows } out). This one sends its statements through Prisma's driver adapter, so the counters
// share the database's connection, its timeouts and its embedded or PostgreSQL choice.
function storeClientOf(db: Database) {
  return {
    query: async ({ text, values }: { text: string; values?: unknown[] }) => {
      const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
        text,
        ...(values ?? []),
      );
      // BIGINT comes back as bigint; the library computes with numbers.
      return {
        rows: rows.map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v]),
          ),
        ),
      };
    },
  };
}

export function createSignInGuard(db: Database, config: SignInGuardConfig): SignInGuard {
  const storeClient = storeClientOf(db);
  const store = (keyPrefix: string, { limit, windowSeconds }: RateLimitConfig, blockSeconds = 0) =>
    new RateLimiterPostgres({
      storeClient,
      storeType: "client",
      tableName: "rate_limit_counter", // created by the migrations
      tableCreated: true,
      keyPrefix,
      points: limit,
      duration: windowSeconds,
      blockDuration: blockSeconds,
      // Once a key is over its limit, further attempts are refused from memory: a flood does not
      // turn into a flood of statements.
      inMemoryBlockOnConsumed: limit + 1,
      inMemoryBlockDuration: windowSeconds,
    });
  const perAddress = store("signin-address", config.perAddress);
  const global = store("signin-all", config.global);
  const perLogin = store(
    "signin-login",
    { limit: LOGIN_ATTEMPTS, windowSeconds: LOGIN_LOCK_SECONDS },
    LOGIN_LOCK_SECONDS,
  );
  const failedKeys = new RateLimiterMemory({
    keyPrefix: "failed-key",
    points: config.failedKeysPerAddress.limit,
    duration: config.failedKeysPerAddress.windowSeconds,
  });
  let hashing = 0;

  const take = async (
    limiter: RateLimiterPostgres,
    key: string,
    reason: ErrorReason,
    message: string,
  ) => {
    try {
      await limiter.consume(key);
    } catch (result) {
      // A RateLimiterRes is a refusal; anything else is the database failing (a 503 upstream).
      if (result instanceof RateLimiterRes)
        throw new AttemptRefused(seconds(result.msBeforeNext), reason, message);
      throw result;
    }
  };

  return {
    async attempt({ login, address }, check) {
      if (hashing >= config.concurrency) {
        throw new AttemptRefused(1, "SIGNIN_BUSY", "Too many sign-ins at once; retry in a second");
      }
      hashing += 1;
      try {
        await take(
          perAddress,
          address,
          "SIGNIN_ADDRESS_BUDGET_SPENT",
          "Too many sign-in attempts from this address; try again later",
        );
        await take(
          global,
          "all",
          "SIGNIN_BUDGET_SPENT",
          "Too many sign-in attempts; try again later",
        );
        await take(
          perLogin,
          login,
          "LOGIN_LOCKED",
          "Too many wrong passwords; try again in a minute",
        );
        const result = await check();
        if (result !== null) await perLogin.delete(login);
        return result;
      } finally {
        hashing -= 1;
      }
    },
    async checkKeyAddress(address) {
      const state = await failedKeys.get(address);
      if (state && state.consumedPoints >= config.failedKeysPerAddress.limit) {
        throw new AttemptRefused(
          seconds(state.msBeforeNext),
          "INVALID_API_KEY_THROTTLED",
          "Too many invalid API keys from this address; try again later",
        );
      }
    },
    async keyRefused(address) {
      await failedKeys.consume(address).catch(() => undefined); // over the limit already: nothing to add
    },
  };
}

// One guard per database (per process: the server has one; tests open several).
const guards = new WeakMap<Database, SignInGuard>();
export function signInGuardOf(db: Database): SignInGuard {
  let guard = guards.get(db);
  if (!guard) {
    guard = createSignInGuard(db, apiSettings().signIn);
    guards.set(db, guard);
  }
  return guard;
}
