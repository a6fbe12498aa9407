// The rate limiter's arithmetic (a token bucket: a burst of `limit`, then one call per
// window/limit), its configuration, the Retry-After it produces, and which failures count as
// "the database is unavailable" (503) rather than an internal error (500).

import { isDatabaseUnavailable } from "@leadcore/db";
import { TRPCError } from "@trpc/server";
import { afterAll, describe, expect, it } from "vitest";
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  parseRateLimit,
  RateLimitedError,
  rateLimitResponseMeta,
} from "../src/rate-limit.ts";

describe("the in-process token bucket", () => {
  it("allows a burst of `limit` calls, then refuses with the exact wait, then refills one call per interval", async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter({ limit: 5, windowSeconds: 60 }, () => now); // one call per 12 s
    const burst = [];
    for (let i = 0; i < 5; i++) burst.push(await limiter.take("key:1"));
    expect(burst.map((d) => d.allowed)).toEqual([true, true, true, true, true]);
    expect(burst.map((d) => (d.allowed ? d.remaining : -1))).toEqual([4, 3, 2, 1, 0]);
    expect(await limiter.take("key:1")).toEqual({ allowed: false, retryAfterSeconds: 12 });

    now += 11_001;
    expect(await limiter.take("key:1")).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(await limiter.take("key:1")).toMatchObject({ allowed: true });
    expect(await limiter.take("key:1")).toMatchObject({ allowed: false });

    // Idle for a whole window: the bucket is full again, never fuller.
    now += 600_000;
    const again = [];
    for (let i = 0; i < 6; i++) again.push((await limiter.take("key:1")).allowed);
    expect(again).toEqual([true, true, true, true, true, false]);
  });

  it("keeps one bucket per subject", async () => {
    const limiter = createMemoryRateLimiter({ limit: 1, windowSeconds: 3600 }, () => 0);
    expect((await limiter.take("key:1")).allowed).toBe(true);
    expect((await limiter.take("key:1")).allowed).toBe(false);
    expect((await limiter.take("key:2")).allowed).toBe(true);
    expect((await limiter.take("operator:1")).allowed).toBe(true);
  });
});

describe("LEADCORE_RATE_LIMIT", () => {
  it('reads "<calls>/<seconds>", defaults to 600/60, turns off with "off", refuses anything else', () => {
    expect(parseRateLimit(undefined)).toEqual({ limit: 600, windowSeconds: 60 });
    expect(parseRateLimit(" 100 / 1 ")).toEqual({ limit: 100, windowSeconds: 1 });
    expect(parseRateLimit("off")).toBeNull();
    for (const bad of ["100", "x/60", "0/60", "10/0", "-1/60", "1.5/60"])
      expect(() => parseRateLimit(bad), bad).toThrow(/LEADCORE_RATE_LIMIT/);
    // The longest window is the largest Retry-After the OpenAPI document promises.
    expect(parseRateLimit("1000/86400")).toEqual({ limit: 1000, windowSeconds: 86_400 });
    expect(() => parseRateLimit("1000/86401")).toThrow(/at most 86400 seconds/);
  });
});

describe("Retry-After", () => {
  it("is the bucket's wait on a 429, 1 s on a 503, absent otherwise", () => {
    const limited = new TRPCError({ code: "TOO_MANY_REQUESTS", cause: new RateLimitedError(7) });
    expect(rateLimitResponseMeta({ errors: [limited] })).toEqual({
      headers: { "Retry-After": "7" },
    });
    expect(
      rateLimitResponseMeta({ errors: [new TRPCError({ code: "SERVICE_UNAVAILABLE" })] }),
    ).toEqual({ headers: { "Retry-After": "1" } });
    expect(rateLimitResponseMeta({ errors: [new TRPCError({ code: "NOT_FOUND" })] })).toEqual({});
    expect(rateLimitResponseMeta({ errors: [] })).toEqual({});
  });
});

describe("a Redis limiter whose Redis cannot be reached", () => {
  const messages: string[] = [];
  // Port 1 on loopback: nothing listens there, connections are refused at once.
  const limiter = createRedisRateLimiter(
    { limit: 2, windowSeconds: 3600 },
    { url: "redis://127.0.0.1:1", log: (message) => messages.push(message), firstConnectMs: 200 },
  );
  afterAll(() => limiter.close());

  it("answers from its local bucket (fail open to the local limit) and says so once", async () => {
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push((await limiter.take("key:1")).allowed);
    expect(decisions).toEqual([true, true, false, false]);
    expect(messages).toEqual([expect.stringMatching(/Redis is unavailable/)]);
  });
});

describe("database-unavailable failures (503) versus the rest (500)", () => {
  const withCause = (cause: unknown) =>
    new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: cause as Error });
  const pgError = (code: string, message: string) =>
    Object.assign(new Error(message), { code, severity: "FATAL" });
  const prismaError = (code: string) =>
    Object.assign(new Error("Prisma failed"), { name: "PrismaClientKnownRequestError", code });

  it.each([
    ["Prisma P1001 (cannot reach)", prismaError("P1001")],
    ["Prisma P1017 (server closed the connection)", prismaError("P1017")],
    ["Prisma P2024 (pool timeout)", prismaError("P2024")],
    [
      "ECONNREFUSED",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    ],
    ["pg: Connection terminated unexpectedly", new Error("Connection terminated unexpectedly")],
    [
      "57P01 admin shutdown",
      pgError("57P01", "terminating connection due to administrator command"),
    ],
    ["57P03 starting up", pgError("57P03", "the database system is starting up")],
    [
      "a driver adapter error of kind DatabaseNotReachable",
      { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } },
    ],
    ["a wrapped cause", withCause(new Error("x", { cause: prismaError("P1001") }))],
    [
      "the embedded database held by another process",
      Object.assign(new Error("busy"), { name: "EmbeddedDatabaseBusyError" }),
    ],
  ])("%s is unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", prismaError("P2002")],
    ["a syntax error", pgError("42601", "syntax error at or near")],
    ["a bug", new TypeError("Cannot read properties of undefined")],
    ["nothing", undefined],
    ["a string", "Connection terminated"],
  ])("%s is not", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
