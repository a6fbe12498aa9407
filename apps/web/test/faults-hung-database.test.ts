// A hung database, against the real production server on PostgreSQL (`pnpm test:faults`). The
// server reaches PostgreSQL through a TCP proxy this test controls (@leadcore/db/testing
// startFreezableProxy): frozen, it forwards no byte and closes no socket, as a proxy under SIGSTOP.
// Before the database timeouts (packages/db/src/timeouts.ts) every call hung past 60 s and a create
// could commit after its client had given up. Now:
// 1. While frozen, REST, tRPC, sign-in and the health check answer 503 (the API with Retry-After)
//    instead of hanging; after the thaw the same server process serves again.
// 2. A create whose COMMIT reached PostgreSQL but whose answer never came back is a 503 to its
//    client; its retry with the same Idempotency-Key returns that lead: one lead, never two.
// The server runs with small timeouts so the run stays short; the only bound asserted is the
// client's own abort (a hang is a failure), never a measured duration.

import { type FreezableProxy, startFreezableProxy } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  call,
  idOf,
  leadOf,
  makeKeys,
  type NoAnswer,
  person,
  query,
  tryCall,
} from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

if (!process.env.TEST_DATABASE_URL) {
  throw new Error(
    "The fault tests run on PostgreSQL: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test).",
  );
}

const SERVER_TIMEOUTS = {
  DATABASE_CONNECT_TIMEOUT_MS: "1000",
  DATABASE_STATEMENT_TIMEOUT_MS: "1000",
  DATABASE_QUERY_TIMEOUT_MS: "1500",
};
/** A call still unanswered after this is hung: the test fails (fetch aborts). */
const HANG_BOUND_MS = 20_000;
const ADMIN_PASSWORD = "hung-database-Passw0rd";
const UNAVAILABLE = {
  code: "SERVICE_UNAVAILABLE",
  reason: "DATABASE_UNAVAILABLE",
  message: "The database is unavailable; retry shortly",
  issues: [],
};
// Nothing of the failure may reach the caller: no host, port, driver message or SQL.
const LEAKS =
  /127\.0\.0\.1|5432|ECONN|P10\d\d|P20\d\d|postgres|terminat|timeout|prisma|select|insert|commit/i;

/** A tRPC call over HTTP, as faults-support's trpc() sends it, bounded by HANG_BOUND_MS. */
function trpc(
  baseUrl: string,
  key: string,
  procedure: string,
  input: unknown,
  kind: "query" | "mutation" = "query",
) {
  return call(baseUrl, "POST", `/api/trpc/${procedure}`, {
    key,
    body: input,
    headers: kind === "query" ? { "x-trpc-method-override": "query" } : {},
    timeoutMs: HANG_BOUND_MS,
  });
}

/** Repeats a call until it is not a 503 or a dropped connection; bounded by attempts. */
async function untilServed(
  send: () => Promise<Answer | NoAnswer>,
  attempts = 100,
): Promise<Answer> {
  for (let tries = 1; tries <= attempts; tries++) {
    const answer = await send();
    if (answer.status !== 0 && answer.status !== 503) return answer as Answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`still unavailable after ${attempts} attempts`);
}

describe("PostgreSQL behind a frozen network path, under the running server", () => {
  let database: ServerDatabase;
  let proxy: FreezableProxy;
  let server: RunningServer | undefined;
  let key: string;
  let url: string; // PostgreSQL itself, not through the proxy
  const runId = Date.now().toString(36);
  const bodies = new Map<string, Record<string, unknown>>();

  // A retry sends the very same body with the same key, as a client that lost the answer would.
  const create = (n: number, idempotencyKey: string) => {
    if (!bodies.has(idempotencyKey))
      bodies.set(idempotencyKey, leadOf(person(n), { amount: 70_000 + n }));
    return call(server!.url, "POST", "/api/v1/leads", {
      key,
      body: bodies.get(idempotencyKey),
      headers: { "Idempotency-Key": idempotencyKey },
      timeoutMs: HANG_BOUND_MS,
    });
  };
  const signIn = () =>
    trpc(server!.url, "", "auth.signIn", { login: "admin", password: ADMIN_PASSWORD }, "mutation");
  const leadsWithKey = async (idempotencyKey: string) =>
    query<{ leadId: string }>(url, `SELECT "leadId"::text FROM "IdempotencyKey" WHERE key = $1`, [
      idempotencyKey,
    ]);

  beforeAll(async () => {
    database = await createServerDatabase("postgresql");
    url = database.env.DATABASE_URL!;
    key = (await makeKeys(database.env, ["Зависание"])).partner["Зависание"]!;
    const target = new URL(url);
    proxy = await startFreezableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    server = await startServer({
      env: {
        ...database.env,
        DATABASE_URL: proxy.urlFor(url),
        LEADCORE_RATE_LIMIT: "off",
        LEADCORE_ADMIN_PASSWORD: ADMIN_PASSWORD,
        ...SERVER_TIMEOUTS,
      },
    });
  });

  afterAll(async () => {
    proxy?.thaw();
    await server?.stop();
    await proxy?.close();
    await database?.dispose();
  });

  it("while frozen, REST, tRPC, sign-in and /api/health answer 503 instead of hanging; after the thaw the same server serves again", async () => {
    const existing = idOf(await create(0, `${runId}-before`));
    expect(typeof existing).toBe("number");
    expect((await signIn()).status).toBe(200);

    proxy.freeze();
    let answers: Record<string, Answer>;
    try {
      // All at once, as a load balancer keeps sending: more calls than the server's pool holds.
      const pending = {
        "REST GET": call(server!.url, "GET", `/api/v1/leads/${existing}`, {
          key,
          timeoutMs: HANG_BOUND_MS,
        }),
        "REST list": call(server!.url, "GET", "/api/v1/leads?limit=5", {
          key,
          timeoutMs: HANG_BOUND_MS,
        }),
        "REST create": create(1, `${runId}-frozen`),
        "tRPC query": trpc(server!.url, key, "lead.list", { limit: 5 }),
        "tRPC mutation": trpc(server!.url, key, "lead.create", leadOf(person(2)), "mutation"),
        "tRPC sign-in": signIn(),
        health: call(server!.url, "GET", "/api/health", { timeoutMs: HANG_BOUND_MS }),
      };
      answers = Object.fromEntries(
        await Promise.all(
          Object.entries(pending).map(async ([name, answer]) => [name, await answer] as const),
        ),
      );
    } finally {
      proxy.thaw();
    }

    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.status, `${name}: ${answer.text}`).toBe(503);
      if (name === "health") continue; // it names the kind of database on purpose: checked below
      expect(answer.text, name).not.toMatch(LEAKS);
      expect(answer.headers.get("retry-after"), name).toBe("1");
    }
    for (const name of ["REST GET", "REST list", "REST create"])
      expect(answers[name]!.body, name).toEqual(UNAVAILABLE);
    for (const name of ["tRPC query", "tRPC mutation", "tRPC sign-in"]) {
      expect(answers[name]!.body.error, name).toMatchObject({
        message: UNAVAILABLE.message,
        data: { code: "SERVICE_UNAVAILABLE", reason: "DATABASE_UNAVAILABLE", httpStatus: 503 },
      });
    }
    expect(answers.health!.body).toMatchObject({ ok: false, database: "postgresql" });
    expect(answers.health!.body.error).not.toMatch(LEAKS);

    // The same server process, no restart: the health check, then every call, succeed again.
    expect((await untilServed(() => tryCall(server!.url, "GET", "/api/health"))).status).toBe(200);
    expect((await call(server!.url, "GET", `/api/v1/leads/${existing}`, { key })).status).toBe(200);
    expect((await trpc(server!.url, key, "lead.list", { limit: 5 })).status).toBe(200);
    expect(
      (await trpc(server!.url, key, "lead.create", leadOf(person(3)), "mutation")).status,
    ).toBe(200);
    expect((await signIn()).status).toBe(200);

    // The create refused during the freeze, retried with its key: one lead, the same on every retry.
    const retried = await untilServed(() => create(1, `${runId}-frozen`));
    expect(retried.status).toBe(200);
    expect((await create(1, `${runId}-frozen`)).body).toBe(retried.body);
    expect(await leadsWithKey(`${runId}-frozen`)).toEqual([{ leadId: String(retried.body) }]);
  });

  it("a create whose COMMIT reached PostgreSQL but whose answer was lost is a 503, and its retry yields that one lead", async () => {
    const idempotencyKey = `${runId}-answer-lost`;
    const leadsBefore = (
      await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "Lead"`)
    )[0]!.n;

    const frozen = proxy.freezeAfterClientSends("COMMIT");
    const answer = create(4, idempotencyKey);
    let lost: Answer;
    try {
      await frozen;
      lost = await answer;
      // PostgreSQL committed it, while the server could not know: what the retry must cope with.
      expect(await leadsWithKey(idempotencyKey)).toHaveLength(1);
    } finally {
      proxy.thaw();
    }
    expect(lost.status, lost.text).toBe(503);
    expect(lost.body).toEqual(UNAVAILABLE);
    expect(lost.headers.get("retry-after")).toBe("1");

    const retried = await untilServed(() => create(4, idempotencyKey));
    expect(retried.status).toBe(200);
    expect(await leadsWithKey(idempotencyKey)).toEqual([{ leadId: String(retried.body) }]);
    expect((await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "Lead"`))[0]!.n).toBe(
      leadsBefore + 1,
    );
  });
});
