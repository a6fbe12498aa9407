// The API's settings (src/settings.ts): read once, with today's defaults, and a bad value refused
// with a message that names the setting and never repeats a secret.
import { SettingError } from "@leadcore/db";
import { describe, expect, it } from "vitest";
import { readApiSettings } from "../src/settings.ts";

const per = (limit: number, windowSeconds: number) => ({ limit, windowSeconds });

// What the README's configuration table says each setting defaults to.
const DEFAULTS = {
  rateLimit: { limit: 600, windowSeconds: 60 },
  redisUrl: undefined,
  rateLimitPrefix: undefined,
  signIn: {
    concurrency: 2,
    perAddress: { limit: 20, windowSeconds: 60 },
    global: { limit: 120, windowSeconds: 60 },
    failedKeysPerAddress: { limit: 20, windowSeconds: 60 },
  },
  logLevel: "info",
  requirePersonalDataConsent: false,
  embeddedConcurrency: 4,
};

describe("the API's settings", () => {
  it("default to the README's values when unset or empty", () => {
    expect(readApiSettings({})).toEqual(DEFAULTS);
    expect(
      readApiSettings({
        LEADCORE_RATE_LIMIT: "",
        REDIS_URL: " ",
        LEADCORE_SIGNIN_CONCURRENCY: "",
        LEADCORE_SIGNIN_LIMIT: "",
        LOG_LEVEL: "",
      }),
    ).toEqual(DEFAULTS);
  });

  it("take each setting from the environment", () => {
    expect(
      readApiSettings({
        LEADCORE_RATE_LIMIT: "off",
        REDIS_URL: "redis://127.0.0.1:6379",
        LEADCORE_RATE_LIMIT_PREFIX: " staging ",
        LEADCORE_SIGNIN_CONCURRENCY: "4",
        LEADCORE_SIGNIN_LIMIT_PER_ADDRESS: "5/60",
        LEADCORE_SIGNIN_LIMIT: "50/30",
        LEADCORE_FAILED_KEY_LIMIT: "3/10",
        LOG_LEVEL: "warn",
        LEADCORE_REQUIRE_PD_CONSENT: "on",
        LEADCORE_EMBEDDED_CONCURRENCY: "3",
      }),
    ).toEqual({
      ...DEFAULTS,
      rateLimit: null,
      redisUrl: "redis://127.0.0.1:6379",
      rateLimitPrefix: "staging",
      signIn: {
        concurrency: 4,
        perAddress: per(5, 60),
        global: per(50, 30),
        failedKeysPerAddress: per(3, 10),
      },
      logLevel: "warn",
      requirePersonalDataConsent: true,
      embeddedConcurrency: 3,
    });
  });

  it("refuse a LEADCORE_REQUIRE_PD_CONSENT that is neither on nor off, naming it", () => {
    expect(readApiSettings({ LEADCORE_REQUIRE_PD_CONSENT: "off" }).requirePersonalDataConsent).toBe(
      false,
    );
    const refusal = () => readApiSettings({ LEADCORE_REQUIRE_PD_CONSENT: "sometimes" });
    expect(refusal).toThrow(SettingError);
    expect(refusal).toThrow(/LEADCORE_REQUIRE_PD_CONSENT must be "on" or "off"/);
  });

  it("refuse a non-numeric rate limit with a message naming the setting", () => {
    const refusal = () => readApiSettings({ LEADCORE_RATE_LIMIT: "many" });
    expect(refusal).toThrow(SettingError);
    expect(refusal).toThrow(
      'LEADCORE_RATE_LIMIT must look like "600/60" (calls per seconds) or "off"; got "many"',
    );
  });

  it("refuse every other bad value, naming its setting", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ LEADCORE_RATE_LIMIT: "10/0" }, /^LEADCORE_RATE_LIMIT must look like/],
      [{ LEADCORE_SIGNIN_CONCURRENCY: "0" }, /^LEADCORE_SIGNIN_CONCURRENCY must be a whole number/],
      [{ LEADCORE_SIGNIN_CONCURRENCY: "two" }, /^LEADCORE_SIGNIN_CONCURRENCY must be a whole/],
      [{ LEADCORE_EMBEDDED_CONCURRENCY: "65" }, /^LEADCORE_EMBEDDED_CONCURRENCY must be a whole/],
      [{ LEADCORE_SIGNIN_LIMIT: "off" }, /^LEADCORE_SIGNIN_LIMIT cannot be off$/],
      [{ LEADCORE_SIGNIN_LIMIT_PER_ADDRESS: "x" }, /^LEADCORE_SIGNIN_LIMIT_PER_ADDRESS must look/],
      [{ LEADCORE_FAILED_KEY_LIMIT: "5/100000" }, /^LEADCORE_FAILED_KEY_LIMIT: the window/],
      [{ LOG_LEVEL: "verbose" }, /^LOG_LEVEL must be one of fatal, error, warn, info/],
    ];
    for (const [env, message] of cases) {
      expect(() => readApiSettings(env), JSON.stringify(env)).toThrow(message);
    }
  });

  it("refuse a REDIS_URL that is not a Redis URL without repeating it (it may hold a password)", () => {
    let error: unknown;
    try {
      readApiSettings({ REDIS_URL: "http://user:s3cret-pass@cache:6379" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingError);
    expect((error as Error).message).toMatch(/^REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect((error as Error).message).not.toContain("s3cret");
  });
});
