// Limits, through the real production server: the per-key rate limit (429 + Retry-After + the
// JSON envelope, on REST and tRPC alike, in-process by default), what happens when the Redis that
// should share the limit is unreachable (fail open to the instance's own limit), the body size
// limit (413) and the list page size cap (100).
import { createServer } from "node:net";
import { warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, leadOf, makeKeys, person, pool, trpc } from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

warnIfPostgresUntested();

// Rate limits do not depend on the database: one kind is enough, PostgreSQL when configured.
const kind = process.env.TEST_DATABASE_URL ? "postgresql" : "embedded";

type Setup = {
  database: ServerDatabase;
  server: RunningServer;
  keys: Awaited<ReturnType<typeof makeKeys>>;
};

async function setUp(env: Record<string, string>, partners: string[]): Promise<Setup> {
  const database = await createServerDatabase(kind);
  const keys = await makeKeys(database.env, partners);
  const server = await startServer({ env: { ...database.env, ...env } });
  return { database, server, keys };
}

async function tearDown(setup: Setup | undefined): Promise<void> {
  await setup?.server.stop();
  await setup?.database.dispose();
}

/** A port on which nothing listens (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}

function expectRateLimited(
  answer: Awaited<ReturnType<typeof call>>,
  windowSeconds: number,
): number {
  expect(answer.status).toBe(429);
  const retryAfter = Number(answer.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  return retryAfter;
}

describe(`the per-key rate limit, in-process (no REDIS_URL), on ${kind}`, () => {
  let setup: Setup | undefined;
  const LIMIT = 6;
  const WINDOW = 3600;

  beforeAll(async () => {
    setup = await setUp({ LEADCORE_RATE_LIMIT: `${LIMIT}/${WINDOW}`, REDIS_URL: "" }, [
      "Лимит А",
      "Лимит Б",
    ]);
  });
  afterAll(() => tearDown(setup));

  it(`lets a key make ${LIMIT} calls, then answers 429 with Retry-After and the REST envelope; another key is unaffected`, async () => {
    const { server, keys } = setup!;
    const a = keys.partner["Лимит А"]!;
    for (let i = 0; i < LIMIT; i++) {
      expect((await call(server.url, "GET", "/api/v1/leads?limit=1", { key: a })).status).toBe(200);
    }
    const refused = await call(server.url, "GET", "/api/v1/leads?limit=1", { key: a });
    expectRateLimited(refused, WINDOW);
    expect(refused.body).toEqual({
      code: "TOO_MANY_REQUESTS",
      reason: "RATE_LIMITED",
      message: expect.any(String),
      issues: [],
    });
    // Writes are limited the same way, and a refused write writes nothing.
    const write = await call(server.url, "POST", "/api/v1/leads", {
      key: a,
      body: leadOf(person(1)),
    });
    expectRateLimited(write, WINDOW);

    const b = keys.partner["Лимит Б"]!;
    expect((await call(server.url, "GET", "/api/v1/leads?limit=1", { key: b })).status).toBe(200);
  });

  it("counts tRPC and REST calls of one key in one bucket: tRPC answers 429 with Retry-After too", async () => {
    const { server, keys } = setup!;
    const a = keys.partner["Лимит А"]!;
    const refused = await trpc(server.url, a, "lead.list", { limit: 1 });
    expectRateLimited(refused, WINDOW);
    expect(refused.body.error).toMatchObject({
      message: expect.any(String),
      data: { code: "TOO_MANY_REQUESTS", httpStatus: 429, issues: [] },
    });
    expect(refused.body.error.data.retryAfterSeconds).toBe(
      Number(refused.headers.get("retry-after")),
    );
  });

  it("does not count calls without a valid key: they stay 401", async () => {
    const { server } = setup!;
    for (let i = 0; i < LIMIT + 2; i++) {
      const answer = await call(server.url, "GET", "/api/v1/leads", { key: "lck_not-a-key" });
      expect(answer.status).toBe(401);
    }
  });

  it("the refused write left nothing behind: the key's own list is still empty", async () => {
    const { server, keys } = setup!;
    const b = keys.partner["Лимит Б"]!;
    expect((await call(server.url, "GET", "/api/v1/leads", { key: b })).body.items).toEqual([]);
  });
});

describe(`REDIS_URL set but Redis unreachable, on ${kind}`, () => {
  let setup: Setup | undefined;
  const LIMIT = 4;

  beforeAll(async () => {
    const port = await closedPort();
    setup = await setUp(
      { LEADCORE_RATE_LIMIT: `${LIMIT}/3600`, REDIS_URL: `redis://127.0.0.1:${port}` },
      ["Без Redis"],
    );
  });
  afterAll(() => tearDown(setup));

  it("fails open to the instance's own limit: calls are served, the limit still holds, the log says why", async () => {
    const { server, keys } = setup!;
    const key = keys.partner["Без Redis"]!;
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++)
      statuses.push((await call(server.url, "GET", "/api/v1/leads?limit=1", { key })).status);
    expect(statuses).toEqual([...Array(LIMIT).fill(200), 429, 429]);
    expect(server.logs()).toMatch(
      /Redis is unavailable; each instance enforces the limit on its own/,
    );
    // Said once per outage, not once per call.
    expect(server.logs().match(/Redis is unavailable/g)).toHaveLength(1);
  });
});

describe(`body size and page size limits, on ${kind}`, () => {
  let setup: Setup | undefined;
  const LEADS = 105;

  beforeAll(async () => {
    setup = await setUp({ LEADCORE_RATE_LIMIT: "off" }, ["Страницы"]);
    const { server, keys } = setup;
    await pool(
      Array.from({ length: LEADS }, (_, i) => i),
      6,
      async (i) => {
        const answer = await call(server.url, "POST", "/api/v1/leads", {
          key: keys.partner["Страницы"]!,
          body: leadOf(person(i)),
        });
        expect(answer.status).toBe(200);
      },
    );
  });
  afterAll(() => tearDown(setup));

  it("caps a list page at 100 leads and pages through the rest with the cursor", async () => {
    const { server, keys } = setup!;
    const key = keys.partner["Страницы"]!;
    const first = await call(server.url, "GET", "/api/v1/leads?limit=100", { key });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(100);
    expect(first.body.nextCursor).toEqual(expect.any(Number));
    const rest = await call(
      server.url,
      "GET",
      `/api/v1/leads?limit=100&cursor=${first.body.nextCursor}`,
      { key },
    );
    expect(rest.body.items).toHaveLength(LEADS - 100);
    expect(rest.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...rest.body.items].map((lead: { id: number }) => lead.id);
    expect(new Set(ids).size).toBe(LEADS);
    // Without a limit: the default page of 50.
    expect((await call(server.url, "GET", "/api/v1/leads", { key })).body.items).toHaveLength(50);
  });

  it("refuses a page size above 100 (or below 1, or not an integer) with a 400 naming `limit`, on REST and tRPC", async () => {
    const { server, keys } = setup!;
    const key = keys.partner["Страницы"]!;
    for (const limit of ["101", "1000", "100000000", "0", "-1", "1.5", "1e3", "abc"]) {
      const answer = await call(server.url, "GET", `/api/v1/leads?limit=${limit}`, { key });
      expect(answer.status, limit).toBe(400);
      expect(answer.body).toMatchObject({
        code: "BAD_REQUEST",
        issues: [expect.objectContaining({ path: "limit" })],
      });
    }
    for (const procedure of ["lead.list", "lead.search", "client.list"]) {
      const input = procedure === "lead.search" ? { search: "Иванов", limit: 101 } : { limit: 101 };
      const answer = await trpc(server.url, keys.service, procedure, input);
      expect(answer.status, procedure).toBe(400);
      expect(answer.body.error.data).toMatchObject({
        code: "BAD_REQUEST",
        issues: [expect.objectContaining({ path: "limit" })],
      });
    }
    expect(
      (await trpc(server.url, keys.service, "lead.list", { limit: 100 })).body.result.data.items,
    ).toHaveLength(100);
  });

  it("answers 413 with the envelope to a body over 256 KiB, declared or streamed without a length, and keeps serving", async () => {
    const { server, keys } = setup!;
    const key = keys.partner["Страницы"]!;
    const huge = JSON.stringify({ ...leadOf(person(1)), comments: "ж".repeat(140 * 1024) }); // ~280 KiB in UTF-8
    const declared = await call(server.url, "POST", "/api/v1/leads", {
      key,
      rawBody: huge,
      headers: { "content-type": "application/json" },
    });
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual({
      code: "PAYLOAD_TOO_LARGE",
      reason: "BODY_TOO_LARGE",
      message: expect.any(String),
      issues: [],
    });

    const chunks = [huge.slice(0, 100_000), huge.slice(100_000)];
    const streamed = await fetch(`${server.url}/api/v1/leads`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: new ReadableStream({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(chunk));
        },
      }),
      duplex: "half",
      signal: AbortSignal.timeout(30_000),
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });

    expect((await call(server.url, "GET", "/api/health")).status).toBe(200);
  });
});
