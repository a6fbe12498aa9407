// Per-key rate limit: each API key (and each operator) may make `limit` calls per `windowSeconds`,
// as a token bucket (GCRA): a full bucket allows a burst of `limit` calls, then it refills evenly,
// one call every windowSeconds/limit. A refused call answers 429 TOO_MANY_REQUESTS with
// `Retry-After` (whole seconds until the next call would pass).
//
// Where the buckets live:
// - in the process (default): right for one app instance;
// - in Redis when REDIS_URL is set: every app instance reads and updates the same bucket in one
//   atomic script that also takes the time from Redis, so N instances behind a load balancer
//   enforce one limit, not N.
//
// Redis unreachable: we FAIL OPEN TO THE LOCAL LIMIT. The limit protects capacity, not data: keys
// are still checked on every request and PostgreSQL still guards every invariant. Refusing all
// partner traffic because a cache is down would turn a Redis outage into a lost-leads outage,
// while letting everything through would leave no limit at all; so each instance falls back to
// its in-process bucket (a partner gets at most N x limit across N instances) until Redis answers
// again, and says so once in the log. Calls never wait on a dead Redis: no offline queue, short
// timeouts.
//
// Configuration (read and validated in settings.ts):
//   LEADCORE_RATE_LIMIT         "<calls>/<seconds>", default "600/60"; "off" disables the limit
//   REDIS_URL                   redis://[user:password@]host:port[/db]; unset: in-process buckets
//   LEADCORE_RATE_LIMIT_PREFIX  Redis key prefix, default "leadcore" (give separate LeadCore
//                               deployments sharing one Redis different prefixes)

import type { Actor } from "@leadcore/core";
import type { ErrorReason } from "@leadcore/schema";
import { Redis } from "ioredis";
import { type ApiSettings, apiSettings, type RateLimitConfig } from "./settings.ts";

// The setting's format is parsed with the other settings; re-exported for the callers that knew it here.
export {
  DEFAULT_RATE_LIMIT,
  MAX_WINDOW_SECONDS,
  parseRateLimit,
  type RateLimitConfig,
} from "./settings.ts";

export type RateDecision =
  | { allowed: true; remaining: number }
  | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Takes one call from the subject's bucket. */
  take(subject: string): Promise<RateDecision>;
  close(): Promise<void>;
}

/** The bucket a caller draws from: one per API key, one per operator. */
export function rateLimitSubject(actor: Actor): string {
  return actor.kind === "operator" ? `operator:${actor.operatorId}` : `key:${actor.apiKeyId}`;
}

const toRetrySeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** In-process token buckets (GCRA). `now` is injectable for tests. */
export function createMemoryRateLimiter(
  config: RateLimitConfig,
  now: () => number = Date.now,
): RateLimiter {
  const windowMs = config.windowSeconds * 1000;
  const intervalMs = windowMs / config.limit;
  // subject -> theoretical arrival time of the next call (ms); a bucket is full once it is past.
  const buckets = new Map<string, number>();
  let calls = 0;

  const sweep = (at: number) => {
    for (const [subject, tat] of buckets) if (tat <= at) buckets.delete(subject);
  };

  return {
    async take(subject) {
      const at = now();
      if (++calls % 10_000 === 0) sweep(at);
      const tat = Math.max(buckets.get(subject) ?? at, at);
      const next = tat + intervalMs;
      const allowAt = next - windowMs;
      if (allowAt > at) return { allowed: false, retryAfterSeconds: toRetrySeconds(allowAt - at) };
      buckets.set(subject, next);
      return { allowed: true, remaining: Math.floor((at + windowMs - next) / intervalMs) };
    },
    async close() {
      buckets.clear();
    },
  };
}

// The same algorithm, atomically in Redis, on Redis's clock (instances' clocks may disagree).
// KEYS[1] bucket; ARGV[1] interval ms; ARGV[2] window ms. Returns {allowed 0|1, ms to wait | remaining}.
const GCRA_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local nexttat = tat + interval
local allowat = nexttat - window
if allowat > now then
  return {0, math.ceil(allowat - now)}
end
redis.call('SET', KEYS[1], tostring(nexttat), 'PX', math.max(1, math.ceil(nexttat - now)))
return {1, math.floor((now + window - nexttat) / interval)}
`;

type RedisLimiterOptions = {
  url: string;
  prefix?: string;
  /** Where calls go while Redis cannot answer (default: an in-process limiter of the same config). */
  fallback?: RateLimiter;
  /** Told once when Redis stops answering and once when it answers again. */
  log?: (message: string) => void;
  /** How long the first call waits for the very first connection (ms); later calls never wait. */
  firstConnectMs?: number;
};

type GcraRedis = Redis & {
  leadcoreGcra(key: string, intervalMs: number, windowMs: number): Promise<[number, number]>;
};

/** Shared token buckets in Redis, falling back to `fallback` whenever Redis cannot answer. */
export function createRedisRateLimiter(
  config: RateLimitConfig,
  options: RedisLimiterOptions,
): RateLimiter {
  const windowMs = config.windowSeconds * 1000;
  const intervalMs = windowMs / config.limit;
  const prefix = `${options.prefix ?? "leadcore"}:rate-limit:`;
  const fallback = options.fallback ?? createMemoryRateLimiter(config);
  const log = options.log ?? ((message: string) => console.warn(message));

  const redis = new Redis(options.url, {
    // Never queue or retry a call while Redis is away: the caller falls back at once instead.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    // Keep trying to reconnect in the background, at most every 2 s.
    retryStrategy: (attempt) => Math.min(100 * attempt, 2_000),
  }) as GcraRedis;
  redis.defineCommand("leadcoreGcra", { numberOfKeys: 1, lua: GCRA_SCRIPT });
  // ioredis reports connection failures as events; without a listener they would be printed raw.
  redis.on("error", () => {});

  // Calls made while the first connection is being set up wait for it (briefly, once): without
  // this, an instance's first calls would all count locally. Later calls never wait.
  const firstConnection = Promise.race([
    new Promise<void>((resolve) => redis.once("ready", () => resolve())),
    new Promise<void>((resolve) => setTimeout(resolve, options.firstConnectMs ?? 2_000).unref()),
  ]);
  let degraded = false;

  return {
    async take(subject) {
      await firstConnection;
      try {
        const [allowed, value] = await redis.leadcoreGcra(prefix + subject, intervalMs, windowMs);
        if (degraded) {
          degraded = false;
          log("Rate limit: Redis answers again; limits are shared across instances again.");
        }
        return allowed === 1
          ? { allowed: true, remaining: Number(value) }
          : { allowed: false, retryAfterSeconds: toRetrySeconds(Number(value)) };
      } catch {
        if (!degraded) {
          degraded = true;
          log(
            "Rate limit: Redis is unavailable; each instance enforces the limit on its own until it is back.",
          );
        }
        return fallback.take(subject);
      }
    },
    async close() {
      redis.disconnect();
      await fallback.close();
    },
  };
}

/** The limiter the settings ask for (settings.ts), or null when the limit is off. */
export function rateLimiterFrom(settings: ApiSettings): RateLimiter | null {
  const config = settings.rateLimit;
  if (!config) return null;
  const url = settings.redisUrl;
  if (!url) return createMemoryRateLimiter(config);
  return createRedisRateLimiter(config, { url, prefix: settings.rateLimitPrefix });
}

// One limiter per process (Next.js may evaluate this module more than once).
const processWide = globalThis as { __leadcoreRateLimiter?: RateLimiter | null };

export function processRateLimiter(): RateLimiter | null {
  if (processWide.__leadcoreRateLimiter === undefined)
    processWide.__leadcoreRateLimiter = rateLimiterFrom(apiSettings());
  return processWide.__leadcoreRateLimiter;
}

/** Replaces the process's limiter (tests); `undefined` makes the next call build it from the settings again. */
export async function setProcessRateLimiter(
  limiter: RateLimiter | null | undefined,
): Promise<void> {
  const previous = processWide.__leadcoreRateLimiter;
  processWide.__leadcoreRateLimiter = limiter;
  if (previous && previous !== limiter) await previous.close();
}

/** Why a call was refused; the cause of the TOO_MANY_REQUESTS error. */
/** A call refused for a limit; `reason` is its stable code (error-codes.ts in @leadcore/schema). */
export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly reason: ErrorReason = "RATE_LIMITED",
  ) {
    super("Rate limit exceeded");
    this.name = "RateLimitedError";
  }
}

/** What a 503 (the database is unavailable) suggests as Retry-After. */
export const SERVICE_UNAVAILABLE_RETRY_SECONDS = 1;

type ErrorLike = { code?: string; cause?: unknown };

/**
 * `responseMeta` for both adapters (tRPC's fetchRequestHandler and trpc-to-openapi): adds
 * `Retry-After` to a 429 (the bucket's wait) and to a 503 (the database is away: retry soon).
 */
export function rateLimitResponseMeta(opts: { errors: readonly ErrorLike[] }): {
  headers?: Record<string, string>;
} {
  let retryAfter = 0;
  for (const error of opts.errors) {
    const wait = (error.cause as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (error.code === "TOO_MANY_REQUESTS" && typeof wait === "number") {
      retryAfter = Math.max(retryAfter, wait);
    } else if (error.code === "SERVICE_UNAVAILABLE") {
      retryAfter = Math.max(retryAfter, SERVICE_UNAVAILABLE_RETRY_SECONDS);
    }
  }
  return retryAfter > 0 ? { headers: { "Retry-After": String(retryAfter) } } : {};
}
