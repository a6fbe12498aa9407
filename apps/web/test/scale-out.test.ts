// Scale-out: LeadCore grows past one machine as stateless app instances behind a load balancer,
// with PostgreSQL as the one source of truth and Redis holding the shared rate-limit buckets.
// Two production servers (two ports) on one PostgreSQL database:
// - conversions of the same people, spread across both instances at the same moment, still end
//   with exactly one client per identity, and each lead with exactly one application;
// - a key's rate limit is one limit across both instances (through Redis), not one per instance.
import { randomUUID } from "node:crypto";
import { createMemoryRateLimiter, createRedisRateLimiter } from "@leadcore/api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, idOf, leadOf, makeKeys, person, spelledDifferently } from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

const REDIS_URL = process.env.TEST_REDIS_URL;
if (!process.env.TEST_DATABASE_URL || !REDIS_URL) {
  throw new Error(
    "The scale-out tests need PostgreSQL and Redis: set TEST_DATABASE_URL (postgresql://postgres@127.0.0.1:5432/test) " +
      "and TEST_REDIS_URL (redis://127.0.0.1:6379).",
  );
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("two app instances on one PostgreSQL, converting the same people at once", () => {
  let database: ServerDatabase;
  const servers: RunningServer[] = [];
  let keys: Awaited<ReturnType<typeof makeKeys>>;

  const PEOPLE = 10;
  const LEADS_PER_PERSON = 6;

  beforeAll(async () => {
    database = await createServerDatabase("postgresql");
    keys = await makeKeys(database.env, ["Масштаб"]);
    const env = { ...database.env, LEADCORE_RATE_LIMIT: "off", REDIS_URL: REDIS_URL! };
    servers.push(...(await Promise.all([startServer({ env }), startServer({ env })])));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.dispose();
  });

  it("ends with exactly one client per identity, one application per lead, the same client for every lead of a person", async () => {
    const instance = (i: number) => servers[i % 2]!.url;
    const leads = Array.from({ length: PEOPLE * LEADS_PER_PERSON }, (_, i) => {
      const personIndex = i % PEOPLE;
      return {
        i,
        personIndex,
        body: leadOf(spelledDifferently(person(personIndex), Math.floor(i / PEOPLE))),
      };
    });
    const ids = await Promise.all(
      leads.map(async (lead) => {
        const created = await call(instance(lead.i), "POST", "/api/v1/leads", {
          key: keys.service,
          body: lead.body,
        });
        expect(created.status).toBe(200);
        return idOf(created);
      }),
    );

    // All conversions at once, alternating instances; every sixth lead is converted on both
    // instances at the same moment as well.
    const conversions = leads.flatMap((lead, n) => {
      const send = (i: number) =>
        call(instance(i), "POST", `/api/v1/leads/${ids[n]}/convert`, {
          key: keys.service,
          body: lead.body,
        }).then((answer) => ({ lead, answer }));
      return lead.i % 6 === 0 ? [send(lead.i), send(lead.i + 1)] : [send(lead.i)];
    });
    const answers = await Promise.all(conversions);
    const clientOf = new Map<number, Set<number>>();
    const clientOfLead = new Map<number, Set<number>>();
    for (const { lead, answer } of answers) {
      expect(answer.status, answer.text).toBe(200);
      clientOf.set(
        lead.personIndex,
        (clientOf.get(lead.personIndex) ?? new Set()).add(idOf(answer)),
      );
      clientOfLead.set(lead.i, (clientOfLead.get(lead.i) ?? new Set()).add(idOf(answer)));
    }
    expect(clientOf.size).toBe(PEOPLE);
    for (const [personIndex, clients] of clientOf)
      expect(clients.size, `clients of person ${personIndex}`).toBe(1);
    for (const clients of clientOfLead.values()) expect(clients.size).toBe(1);

    const url = database.env.DATABASE_URL!;
    const [counts] = await query<{
      clients: number;
      identities: number;
      applications: number;
      converted: number;
    }>(
      url,
      `SELECT (SELECT count(*)::int FROM "Client") AS clients,
              (SELECT count(DISTINCT ("keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber"))::int
                 FROM "Client") AS identities,
              (SELECT count(*)::int FROM "Application") AS applications,
              (SELECT count(*)::int FROM "Lead" WHERE status = 'CONVERTED') AS converted`,
    );
    expect(counts).toEqual({
      clients: PEOPLE,
      identities: PEOPLE,
      applications: leads.length,
      converted: leads.length,
    });
    const perClient = await query<{ n: number }>(
      url,
      `SELECT count(*)::int AS n FROM "Application" GROUP BY "clientId"`,
    );
    expect(perClient.map((row) => row.n)).toEqual(Array(PEOPLE).fill(LEADS_PER_PERSON));
  });
});

describe("the rate limit, shared through Redis by two app instances", () => {
  let database: ServerDatabase;
  const servers: RunningServer[] = [];
  let keys: Awaited<ReturnType<typeof makeKeys>>;
  const LIMIT = 10;
  const WINDOW = 600; // one call back every 60 s: none comes back while the test runs

  beforeAll(async () => {
    database = await createServerDatabase("postgresql");
    keys = await makeKeys(database.env, ["Общий лимит 1", "Общий лимит 2", "Общий лимит 3"]);
    const env = {
      ...database.env,
      LEADCORE_RATE_LIMIT: `${LIMIT}/${WINDOW}`,
      REDIS_URL: REDIS_URL!,
      // A prefix of its own: these buckets never meet another run's (key ids restart at 1 per database).
      LEADCORE_RATE_LIMIT_PREFIX: `leadcore-test-${randomUUID()}`,
    };
    servers.push(...(await Promise.all([startServer({ env }), startServer({ env })])));
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.dispose();
  });

  it(`allows ${LIMIT} calls of a key in total across both instances (not ${LIMIT} each), then 429 with Retry-After on either`, async () => {
    const key = keys.partner["Общий лимит 1"]!;
    const answers = [];
    for (let i = 0; i < LIMIT + 4; i++)
      answers.push(await call(servers[i % 2]!.url, "GET", "/api/v1/leads?limit=1", { key }));
    expect(answers.map((answer) => answer.status)).toEqual([
      ...Array(LIMIT).fill(200),
      429,
      429,
      429,
      429,
    ]);
    for (const refused of answers.slice(LIMIT)) {
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(refused.body).toMatchObject({ code: "TOO_MANY_REQUESTS", issues: [] });
    }
  });

  it("holds under concurrent calls on both instances at once: exactly the limit passes", async () => {
    const key = keys.partner["Общий лимит 2"]!;
    const answers = await Promise.all(
      Array.from({ length: 2 * LIMIT }, (_, i) =>
        call(servers[i % 2]!.url, "GET", "/api/v1/leads?limit=1", { key }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(LIMIT);
  });

  it("keeps another key's bucket apart", async () => {
    const key = keys.partner["Общий лимит 3"]!;
    expect((await call(servers[1]!.url, "GET", "/api/v1/leads?limit=1", { key })).status).toBe(200);
  });
});

describe("the Redis bucket itself", () => {
  it("does the same arithmetic as the in-process one, on Redis's clock", async () => {
    const config = { limit: 3, windowSeconds: 300 };
    const shared = createRedisRateLimiter(config, {
      url: REDIS_URL!,
      prefix: `leadcore-test-${randomUUID()}`,
      log: () => {},
    });
    const other = createRedisRateLimiter(config, {
      url: REDIS_URL!,
      prefix: `leadcore-test-${randomUUID()}`,
      log: () => {},
    });
    const local = createMemoryRateLimiter(config);
    try {
      const fromRedis = [];
      const fromMemory = [];
      for (let i = 0; i < 5; i++) {
        fromRedis.push(await shared.take("key:1"));
        fromMemory.push(await local.take("key:1"));
      }
      expect(fromRedis.map((d) => d.allowed)).toEqual(fromMemory.map((d) => d.allowed));
      expect(fromRedis.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
      expect(fromRedis.slice(0, 3)).toEqual([
        { allowed: true, remaining: 2 },
        { allowed: true, remaining: 1 },
        { allowed: true, remaining: 0 },
      ]);
      for (const refused of fromRedis.slice(3)) {
        // One call comes back every 100 s.
        expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: expect.any(Number) });
        if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
        if (!refused.allowed) expect(refused.retryAfterSeconds).toBeLessThanOrEqual(100);
      }
      // Another prefix (another deployment) has its own buckets.
      expect((await other.take("key:1")).allowed).toBe(true);
    } finally {
      await Promise.all([shared.close(), other.close(), local.close()]);
    }
  });
});
