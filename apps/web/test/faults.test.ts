// Faults, against the real production server on PostgreSQL (`pnpm test:faults`, never beside other
// suites: it restarts the shared PostgreSQL):
// 1. A concurrent load of creates, updates and conversions; the server is SIGKILLed in the middle
//    and started again; every client retries what got no answer (creates with their
//    Idempotency-Key). Then the database must hold every acknowledged write, nothing half-written,
//    one client per identity, and no duplicate from the retries.
// 2. PostgreSQL stops and restarts under the running server: calls fail cleanly with 503 (no
//    detail of the failure in the answer), never 500, never hang, and succeed again afterwards
//    without restarting the app.
import { execFile, execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Answer,
  call,
  idOf,
  leadOf,
  makeKeys,
  type NoAnswer,
  type Person,
  person,
  pool,
  query,
  spelledDifferently,
  trpc,
  tryCall,
} from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

if (!process.env.TEST_DATABASE_URL) {
  throw new Error(
    "The fault tests run on PostgreSQL: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test).",
  );
}

const PG_CLUSTER = readdirSync("/etc/postgresql")[0]!;
const pgctl = (...args: string[]) =>
  execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", PG_CLUSTER, "main", ...args], {
    stdio: "pipe",
  });
// Asynchronous, so the test's own clients keep sending while PostgreSQL restarts.
const pgctlAsync = (...args: string[]) =>
  promisify(execFile)("pg_ctlcluster", ["--skip-systemctl-redirect", PG_CLUSTER, "main", ...args]);
const pgIsUp = () => {
  try {
    execFileSync("pg_isready", ["-h", "127.0.0.1", "-p", "5432", "-q"]);
    return true;
  } catch {
    return false;
  }
};
async function waitForPostgres(): Promise<void> {
  for (let attempt = 0; attempt < 300 && !pgIsUp(); attempt++) await sleep(100);
  expect(pgIsUp()).toBe(true);
}

// Answers that mean "the outcome is unknown or the service is away; try again".
const retryable = (answer: Answer | NoAnswer) => answer.status === 0 || answer.status === 503;

/** Repeats a call until it gets an answer that is not retryable; bounded by attempts, not time. */
async function untilAnswered(
  send: () => Promise<Answer | NoAnswer>,
  attempts = 600,
): Promise<{ answer: Answer; tries: number }> {
  for (let tries = 1; tries <= attempts; tries++) {
    const answer = await send();
    if (!retryable(answer)) return { answer: answer as Answer, tries };
    await sleep(Math.min(50 * tries, 250));
  }
  throw new Error(`no answer after ${attempts} attempts`);
}

// Nothing of the failure may reach the caller: no host, port, driver code or SQL.
const LEAKS = /127\.0\.0\.1|5432|ECONN|P10\d\d|postgres|terminat|prisma|select|insert/i;

describe("SIGKILL in the middle of a concurrent load, then a restart", () => {
  let database: ServerDatabase;
  let server: RunningServer | undefined;
  let keys: Awaited<ReturnType<typeof makeKeys>>;

  const SCRIPTS = 60; // each: create -> update -> convert (every 5th stays unconverted): ~170 calls
  const PEOPLE = 12; // so several leads of one person convert at the same moment
  const CONCURRENCY = 8;
  const runId = Date.now().toString(36);

  type Script = {
    index: number;
    key: string;
    who: Person;
    personIndex: number;
    convert: boolean;
    idempotencyKey: string;
    leadId?: number;
    createBody?: Record<string, unknown>;
    ackedAmount?: number;
    clientId?: number;
  };
  const scripts: Script[] = [];
  const stats = { calls: 0, noAnswer: 0, unavailable: 0, retriedCreates: 0, acknowledged: 0 };

  beforeAll(async () => {
    database = await createServerDatabase("postgresql");
    keys = await makeKeys(database.env, ["Сбой А", "Сбой Б"]);
    server = await startServer({ env: { ...database.env, LEADCORE_RATE_LIMIT: "off" } });
    for (let index = 0; index < SCRIPTS; index++) {
      const personIndex = index % PEOPLE;
      scripts.push({
        index,
        key: index % 2 === 0 ? keys.partner["Сбой А"]! : keys.service,
        who: spelledDifferently(person(personIndex), index),
        personIndex,
        convert: index % 5 !== 4,
        idempotencyKey: `fault-${runId}-${index}`,
      });
    }
  });

  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it("keeps every acknowledged write, nothing half-written, one client per identity, no duplicate from retries", async () => {
    const plannedCalls = scripts.reduce((n, s) => n + (s.convert ? 3 : 2), 0);
    let killed: Promise<void> | undefined;
    let baseUrl = server!.url;
    const port = Number(new URL(baseUrl).port);

    // SIGKILL once a third of the calls are answered (others are in flight), then start again on
    // the same port while the clients keep retrying.
    const maybeKill = () => {
      if (killed || stats.acknowledged < plannedCalls / 3) return;
      killed = (async () => {
        await server!.kill();
        server = await startServer({ env: { ...database.env, LEADCORE_RATE_LIMIT: "off" }, port });
        baseUrl = server.url;
      })();
    };

    const send = async (
      method: string,
      path: string,
      key: string,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      const { answer, tries } = await untilAnswered(async () => {
        stats.calls++;
        const answer = await tryCall(baseUrl, method, path, { key, body, headers });
        if (answer.status === 0) stats.noAnswer++;
        if (answer.status === 503) stats.unavailable++;
        return answer;
      });
      stats.acknowledged++;
      maybeKill();
      return { answer, tries };
    };

    await pool(scripts, CONCURRENCY, async (script) => {
      const body = leadOf(script.who, { amount: 10_000 + script.index });
      script.createBody = body;
      const created = await send("POST", "/api/v1/leads", script.key, body, {
        "Idempotency-Key": script.idempotencyKey,
      });
      expect(created.answer.status, `create ${script.index}: ${created.answer.text}`).toBe(200);
      if (created.tries > 1) stats.retriedCreates++;
      script.leadId = idOf(created.answer);

      const updated = { ...body, amount: 20_000 + script.index };
      const put = await send("PUT", `/api/v1/leads/${script.leadId}`, script.key, updated);
      expect(put.answer.status, `update ${script.index}: ${put.answer.text}`).toBe(200);
      script.ackedAmount = updated.amount;

      if (script.convert) {
        const converted = await send(
          "POST",
          `/api/v1/leads/${script.leadId}/convert`,
          script.key,
          updated,
        );
        expect(converted.answer.status, `convert ${script.index}: ${converted.answer.text}`).toBe(
          200,
        );
        script.clientId = idOf(converted.answer);
      }
    });
    await killed;
    console.log(
      `SIGKILL run: ${stats.calls} calls sent for ${plannedCalls} operations; ${stats.noAnswer} got no answer ` +
        `(killed in flight or refused while restarting), ${stats.unavailable} got 503, ${stats.retriedCreates} creates were retried`,
    );

    // The kill really happened in the middle: some calls were cut off and retried.
    expect(killed).toBeDefined();
    expect(stats.noAnswer).toBeGreaterThan(0);

    // Every create sent once more with its Idempotency-Key, as clients whose answers were all lost
    // would: each gets its own lead's id back, and nothing new is written (checked below).
    await pool(scripts, CONCURRENCY, async (script) => {
      const again = await call(baseUrl, "POST", "/api/v1/leads", {
        key: script.key,
        body: script.createBody,
        headers: { "Idempotency-Key": script.idempotencyKey },
      });
      expect(again.status).toBe(200);
      expect(again.body).toBe(script.leadId);
    });

    await server!.stop();
    server = undefined;
    const url = database.env.DATABASE_URL!;

    // Every acknowledged create is there, once: retried creates (same Idempotency-Key) made no duplicates.
    const leads = await query<{
      id: string;
      status: string;
      clientId: string | null;
      amount: number;
      lastName: string;
    }>(
      url,
      `SELECT id::text, status::text, "clientId"::text, amount, "lastName" FROM "Lead" ORDER BY id`,
    );
    expect(leads).toHaveLength(SCRIPTS);
    const byId = new Map(leads.map((lead) => [Number(lead.id), lead]));
    const idempotency = await query<{ key: string; leadId: string }>(
      url,
      `SELECT key, "leadId"::text FROM "IdempotencyKey"`,
    );
    expect(idempotency).toHaveLength(SCRIPTS);
    for (const script of scripts) {
      const lead = byId.get(script.leadId!);
      expect(lead, `lead of script ${script.index}`).toBeDefined();
      expect(idempotency.find((row) => row.key === script.idempotencyKey)?.leadId).toBe(
        String(script.leadId),
      );
      // The last acknowledged write is what the database holds.
      expect(lead!.amount).toBe(script.ackedAmount);
      expect(lead!.status).toBe(script.convert ? "CONVERTED" : "NEW");
      expect(lead!.clientId).toBe(script.convert ? String(script.clientId) : null);
    }

    // Nothing half-written: a converted lead has its client and exactly its application; no
    // application without a converted lead; no client without an application.
    const halfWritten = await query<{ problem: string; n: number }>(
      url,
      `SELECT 'converted lead without its client and application' AS problem, count(*)::int AS n
         FROM "Lead" l WHERE l.status = 'CONVERTED' AND (l."clientId" IS NULL OR NOT EXISTS (
           SELECT 1 FROM "Application" a WHERE a."leadId" = l.id AND a."clientId" = l."clientId"))
       UNION ALL
       SELECT 'application of a lead that is not converted', count(*)::int
         FROM "Application" a JOIN "Lead" l ON l.id = a."leadId" WHERE l.status <> 'CONVERTED' OR l."clientId" IS DISTINCT FROM a."clientId"
       UNION ALL
       SELECT 'new lead with a client', count(*)::int FROM "Lead" WHERE status = 'NEW' AND "clientId" IS NOT NULL
       UNION ALL
       SELECT 'client without an application', count(*)::int
         FROM "Client" c WHERE NOT EXISTS (SELECT 1 FROM "Application" a WHERE a."clientId" = c.id)
       UNION ALL
       SELECT 'lead without exactly one CREATED event', count(*)::int
         FROM "Lead" l WHERE (SELECT count(*) FROM "LeadEvent" e WHERE e."leadId" = l.id AND e.kind = 'CREATED') <> 1
       UNION ALL
       SELECT 'CONVERTED events not matching the status', count(*)::int
         FROM "Lead" l WHERE (SELECT count(*) FROM "LeadEvent" e WHERE e."leadId" = l.id AND e.kind = 'CONVERTED')
                             <> CASE WHEN l.status = 'CONVERTED' THEN 1 ELSE 0 END`,
    );
    expect(halfWritten.filter((row) => row.n > 0)).toEqual([]);
    const applications = await query<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM "Application"`,
    );
    expect(applications[0]!.n).toBe(scripts.filter((s) => s.convert).length);

    // One client per identity key, and every converted lead of one person went to that client.
    const duplicates = await query(
      url,
      `SELECT "keyLastName", count(*) FROM "Client"
        GROUP BY "keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber" HAVING count(*) > 1`,
    );
    expect(duplicates).toEqual([]);
    const converted = scripts.filter((s) => s.convert);
    const clientsByPerson = new Map<number, Set<number>>();
    for (const script of converted) {
      clientsByPerson.set(
        script.personIndex,
        (clientsByPerson.get(script.personIndex) ?? new Set()).add(script.clientId!),
      );
    }
    for (const [personIndex, clients] of clientsByPerson)
      expect(clients.size, `person ${personIndex}`).toBe(1);
    const clients = await query<{ n: number }>(url, `SELECT count(*)::int AS n FROM "Client"`);
    expect(clients[0]!.n).toBe(clientsByPerson.size);
  });
});

describe("PostgreSQL stops and restarts under the running server", () => {
  let database: ServerDatabase;
  let server: RunningServer | undefined;
  let keys: Awaited<ReturnType<typeof makeKeys>>;
  const runId = Date.now().toString(36);

  beforeAll(async () => {
    await waitForPostgres();
    database = await createServerDatabase("postgresql");
    keys = await makeKeys(database.env, ["Рестарт"]);
    server = await startServer({ env: { ...database.env, LEADCORE_RATE_LIMIT: "off" } });
  });

  afterAll(async () => {
    // Leave PostgreSQL up whatever happened above.
    if (!pgIsUp()) pgctl("start");
    await waitForPostgres();
    await server?.stop();
    await database?.dispose();
  });

  // A retry sends the very same body with the same key, as a client that lost the answer would.
  const bodies = new Map<string, Record<string, unknown>>();
  const create = (n: number, idempotencyKey: string) => {
    if (!bodies.has(idempotencyKey))
      bodies.set(idempotencyKey, leadOf(person(n), { amount: 50_000 + n }));
    return tryCall(server!.url, "POST", "/api/v1/leads", {
      key: keys.partner["Рестарт"]!,
      body: bodies.get(idempotencyKey),
      headers: { "Idempotency-Key": idempotencyKey },
    });
  };

  it("answers 503 with no detail while PostgreSQL is down, on REST and tRPC, and works again once it is back", async () => {
    const key = keys.partner["Рестарт"]!;
    expect((await create(0, `${runId}-before`)).status).toBe(200);
    const existing = (await call(server!.url, "GET", "/api/v1/leads", { key })).body.items[0]!.id;

    pgctl("stop", "-m", "fast");
    try {
      const answers: Array<Answer | NoAnswer> = [];
      for (let i = 1; i <= 5; i++) answers.push(await create(i, `${runId}-down-${i}`));
      answers.push(await tryCall(server!.url, "GET", `/api/v1/leads/${existing}`, { key }));
      answers.push(await tryCall(server!.url, "GET", "/api/v1/leads?limit=5", { key }));
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        const { body, text, headers } = answer as Answer;
        expect(headers.get("retry-after")).toBe("1");
        expect(body).toEqual({
          code: "SERVICE_UNAVAILABLE",
          reason: "DATABASE_UNAVAILABLE",
          message: "The database is unavailable; retry shortly",
          issues: [],
        });
        expect(text).not.toMatch(LEAKS);
      }
      const viaTrpc = await trpc(server!.url, key, "lead.list", { limit: 5 });
      expect(viaTrpc.status).toBe(503);
      expect(viaTrpc.headers.get("retry-after")).toBe("1");
      expect(viaTrpc.body.error).toMatchObject({
        message: "The database is unavailable; retry shortly",
        data: { code: "SERVICE_UNAVAILABLE", reason: "DATABASE_UNAVAILABLE", httpStatus: 503 },
      });
      expect(viaTrpc.text).not.toMatch(LEAKS);
      // A wrong key is still refused... but as unavailable: the key cannot be checked without the database.
      expect(
        (await tryCall(server!.url, "GET", "/api/v1/leads", { key: "lck_unknown" })).status,
      ).toBe(503);
      // The health check tells a load balancer so.
      const health = await fetch(`${server!.url}/api/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, database: "postgresql" });
    } finally {
      pgctl("start");
    }
    await waitForPostgres();
    expect(
      (await untilAnswered(() => tryCall(server!.url, "GET", "/api/health", {}))).answer.status,
    ).toBe(200);

    // The same server process, with no restart: retries succeed, and the creates refused while
    // the database was down, retried with their Idempotency-Key, exist once each.
    for (let i = 1; i <= 5; i++) {
      const { answer } = await untilAnswered(() => create(i, `${runId}-down-${i}`));
      expect(answer.status).toBe(200);
      expect((await create(i, `${runId}-down-${i}`)).status).toBe(200); // a second retry: the same lead
    }
    const stored = await query<{ key: string; n: number }>(
      database.env.DATABASE_URL!,
      `SELECT key, count(*)::int AS n FROM "IdempotencyKey" GROUP BY key`,
    );
    expect(stored.map((row) => row.n)).toEqual(stored.map(() => 1));
    expect(stored).toHaveLength(6);
    expect(
      (await call(server!.url, "GET", "/api/v1/leads?limit=10", { key })).body.items,
    ).toHaveLength(6);
    expect((await trpc(server!.url, key, "lead.list", { limit: 10 })).status).toBe(200);
  });

  it("a restart in the middle of a concurrent load: every answer is 2xx or 503 (never 500, never a hang), then all succeed", async () => {
    const statuses = new Map<number, number>();
    let completed = 0;
    let restarted: Promise<void> | undefined;
    const CALLS = 80;
    await pool(
      Array.from({ length: CALLS }, (_, i) => i),
      6,
      async (i) => {
        const answer = await create(100 + i, `${runId}-load-${i}`);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        completed++;
        if (completed === 10) restarted = pgctlAsync("restart", "-m", "fast").then(() => undefined);
        if (retryable(answer)) {
          const { answer: final } = await untilAnswered(() =>
            create(100 + i, `${runId}-load-${i}`),
          );
          expect(final.status).toBe(200);
        } else expect(answer.status).toBe(200);
      },
    );
    await restarted;
    await waitForPostgres();
    console.log(
      `PostgreSQL restart under load: first answers by status ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect([...statuses.keys()].every((status) => status === 200 || status === 503)).toBe(true);

    const stored = await query<{ n: number; distinct: number }>(
      database.env.DATABASE_URL!,
      `SELECT count(*)::int AS n, count(DISTINCT "leadId")::int AS distinct FROM "IdempotencyKey" WHERE key LIKE $1`,
      [`${runId}-load-%`],
    );
    expect(stored[0]).toEqual({ n: CALLS, distinct: CALLS });
    const leads = await query<{ n: number }>(
      database.env.DATABASE_URL!,
      `SELECT count(*)::int AS n FROM "Lead"`,
    );
    expect(leads[0]!.n).toBe(6 + CALLS);
    // Still the same server, serving.
    expect((await call(server!.url, "GET", "/api/health")).status).toBe(200);
  });
});
