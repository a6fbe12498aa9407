// The API's settings, read from the environment once per process and validated with zod. The web
// server checks them when it starts (apps/web/lib/settings.ts, from instrumentation.ts), so a bad
// value stops the start with a message naming the setting, not a 500 on the first request.
//
//   LEADCORE_RATE_LIMIT                "<calls>/<seconds>", default "600/60"; "off" disables it (rate-limit.ts)
//   REDIS_URL                          redis://[user:password@]host:port[/db]; unset: in-process buckets
//   LEADCORE_RATE_LIMIT_PREFIX         the Redis key prefix; unset: "leadcore"
//   LEADCORE_SIGNIN_CONCURRENCY        password hashes at once, 1-64, default 2 (sign-in-guard.ts)
//   LEADCORE_SIGNIN_LIMIT_PER_ADDRESS  sign-in attempts per client address, default "20/60"
//   LEADCORE_SIGNIN_LIMIT              sign-in attempts in all, default "120/60"
//   LEADCORE_FAILED_KEY_LIMIT          unknown API keys per client address, default "20/60"
//   LOG_LEVEL                          pino's level, default "info" (logger.ts)
//   LEADCORE_REQUIRE_PD_CONSENT        "on": a partner's new lead needs the personal-data consent (422 PD_CONSENT_REQUIRED); default off
//   LEADCORE_EMBEDDED_CONCURRENCY      API requests served at once on the embedded database, 1-64, default 4 (admission.ts)
//
// An empty value counts as unset. A message never repeats REDIS_URL's value (it may hold a password).
import { isUrlOf, SettingError } from "@leadcore/db";
import { z } from "zod";

export type RateLimitConfig = { limit: number; windowSeconds: number };

export const DEFAULT_RATE_LIMIT: RateLimitConfig = { limit: 600, windowSeconds: 60 };

/**
 * The longest window a limit may have. A refused call waits at most one window, so this is also
 * the largest Retry-After ever sent, as the OpenAPI document states.
 */
export const MAX_WINDOW_SECONDS = 86_400;

/** Parses LEADCORE_RATE_LIMIT (or another setting `name`): "<calls>/<seconds>", "off", or empty for the default. */
export function parseRateLimit(
  value: string | undefined,
  name = "LEADCORE_RATE_LIMIT",
): RateLimitConfig | null {
  const text = value?.trim() ?? "";
  if (text === "") return DEFAULT_RATE_LIMIT;
  if (/^(off|none|0)$/i.test(text)) return null;
  const match = /^(\d+)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(text);
  const limit = match ? Number(match[1]) : NaN;
  const windowSeconds = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(limit) || limit < 1 || !(windowSeconds > 0)) {
    throw new SettingError(
      `${name} must look like "600/60" (calls per seconds) or "off"; got "${text}"`,
    );
  }
  if (windowSeconds > MAX_WINDOW_SECONDS) {
    throw new SettingError(
      `${name}: the window must be at most ${MAX_WINDOW_SECONDS} seconds (a day); got "${text}"`,
    );
  }
  return { limit, windowSeconds };
}

export type ApiSettings = {
  /** null: the rate limit is off. */
  rateLimit: RateLimitConfig | null;
  redisUrl: string | undefined;
  rateLimitPrefix: string | undefined;
  signIn: {
    concurrency: number;
    perAddress: RateLimitConfig;
    global: RateLimitConfig;
    failedKeysPerAddress: RateLimitConfig;
  };
  logLevel: LogLevel;
  /** A partner's new lead must carry the borrower's personal-data consent (core consent-records.ts). */
  requirePersonalDataConsent: boolean;
  /** API requests the embedded database serves at once; the rest wait in arrival order (admission.ts). */
  embeddedConcurrency: number;
};

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A setting's text: trimmed, and undefined when unset or empty. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** A "<calls>/<seconds>" limit (rate-limit.ts parseRateLimit), `fallback` when unset. */
function limitSetting(name: string, fallback: RateLimitConfig | null, canBeOff: boolean) {
  return optionalText.transform((value, ctx) => {
    if (value === undefined) return fallback;
    try {
      const parsed = parseRateLimit(value, name);
      if (parsed || canBeOff) return parsed;
      ctx.addIssue({ code: "custom", message: `${name} cannot be off` });
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
    }
    return z.NEVER;
  });
}

/** A limit that cannot be off: one of the sign-in guard's. */
const guardLimit = (name: string, fallback: RateLimitConfig) =>
  limitSetting(name, fallback, false).transform((value) => value as RateLimitConfig);

/** A whole number from 1 to 64, `fallback` when unset. */
const countSetting = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      const count = Number(value?.trim() || String(fallback));
      if (Number.isInteger(count) && count >= 1 && count <= 64) return count;
      ctx.addIssue({
        code: "custom",
        message: `${name} must be a whole number from 1 to 64; got "${value}"`,
      });
      return z.NEVER;
    });

const schema = z.object({
  LEADCORE_RATE_LIMIT: limitSetting("LEADCORE_RATE_LIMIT", DEFAULT_RATE_LIMIT, true),
  REDIS_URL: optionalText.refine(
    (value) => value === undefined || isUrlOf(value, ["redis:", "rediss:"]),
    {
      message:
        "REDIS_URL must be a redis:// or rediss:// URL, such as redis://host:6379 (its value is not shown; unset it for in-process buckets)",
    },
  ),
  LEADCORE_RATE_LIMIT_PREFIX: optionalText,
  LEADCORE_SIGNIN_CONCURRENCY: countSetting("LEADCORE_SIGNIN_CONCURRENCY", 2),
  LEADCORE_EMBEDDED_CONCURRENCY: countSetting("LEADCORE_EMBEDDED_CONCURRENCY", 4),
  LEADCORE_SIGNIN_LIMIT_PER_ADDRESS: guardLimit("LEADCORE_SIGNIN_LIMIT_PER_ADDRESS", {
    limit: 20,
    windowSeconds: 60,
  }),
  LEADCORE_SIGNIN_LIMIT: guardLimit("LEADCORE_SIGNIN_LIMIT", { limit: 120, windowSeconds: 60 }),
  LEADCORE_FAILED_KEY_LIMIT: guardLimit("LEADCORE_FAILED_KEY_LIMIT", {
    limit: 20,
    windowSeconds: 60,
  }),
  LEADCORE_REQUIRE_PD_CONSENT: optionalText.transform((value, ctx) => {
    if (value === undefined || /^(off|false|0|no)$/i.test(value)) return false;
    if (/^(on|true|1|yes)$/i.test(value)) return true;
    ctx.addIssue({
      code: "custom",
      message: `LEADCORE_REQUIRE_PD_CONSENT must be "on" or "off"; got "${value}"`,
    });
    return z.NEVER;
  }),
  LOG_LEVEL: optionalText.transform((value, ctx) => {
    if (value === undefined) return "info";
    if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
    ctx.addIssue({
      code: "custom",
      message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}; got "${value}"`,
    });
    return z.NEVER;
  }),
});

/** The settings an environment asks for; throws SettingError naming the first bad setting. */
export function readApiSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ApiSettings {
  const result = schema.safeParse(env);
  if (!result.success) throw new SettingError(result.error.issues[0]?.message ?? "bad setting");
  const s = result.data;
  return {
    rateLimit: s.LEADCORE_RATE_LIMIT,
    redisUrl: s.REDIS_URL,
    rateLimitPrefix: s.LEADCORE_RATE_LIMIT_PREFIX,
    signIn: {
      concurrency: s.LEADCORE_SIGNIN_CONCURRENCY,
      perAddress: s.LEADCORE_SIGNIN_LIMIT_PER_ADDRESS,
      global: s.LEADCORE_SIGNIN_LIMIT,
      failedKeysPerAddress: s.LEADCORE_FAILED_KEY_LIMIT,
    },
    logLevel: s.LOG_LEVEL,
    requirePersonalDataConsent: s.LEADCORE_REQUIRE_PD_CONSENT,
    embeddedConcurrency: s.LEADCORE_EMBEDDED_CONCURRENCY,
  };
}

// One reading per process (Next.js may evaluate this module more than once).
const processWide = globalThis as { __leadcoreApiSettings?: ApiSettings };

/** This process's settings, read from the environment the first time they are needed. */
export function apiSettings(): ApiSettings {
  processWide.__leadcoreApiSettings ??= readApiSettings();
  return processWide.__leadcoreApiSettings;
}
