// Webhook delivery under faults, against real production servers on PostgreSQL and a real
// receiver on 127.0.0.1 (`pnpm test:faults`):
// 1. The server is SIGKILLed after conversions committed: one delivery in flight (its receiver
//    holds the request open), others not yet attempted. After a restart every event is delivered
//    with its one webhook-id, and the receiver saw no more requests than attempts were made (plus
//    the one cut off by the kill).
// 2. Two app instances on one PostgreSQL: 200 conversions through both; each event delivered
//    exactly once (the receiver answers 200 at once, so no attempt is ever repeated), none by two
//    instances at the same time.
import { createWebhookEndpoint } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Receiver,
  startReceiver,
} from "../../../packages/core/test/support/webhook-receiver.ts";
import {
  call,
  idOf,
  leadOf,
  makeKeys,
  openServerDatabase,
  person,
  pool,
} from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

if (!process.env.TEST_DATABASE_URL) {
  throw new Error(
    "The fault tests run on PostgreSQL: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test).",
  );
}

const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
  WEBHOOK_RETRY_DELAYS_MS: "0,200,200,200,200",
  WEBHOOK_POLL_SECONDS: "0.5",
  LEADCORE_RATE_LIMIT: "off",
};

/** Subscribes the partner's endpoint to conversions, through the domain, on the server's database. */
async function subscribe(env: Record<string, string>, partnerName: string, url: string) {
  const db: Database = await openServerDatabase(env);
  try {
    const partner = await db.prisma.partner.findUniqueOrThrow({ where: { name: partnerName } });
    await createWebhookEndpoint(
      db.prisma,
      { kind: "operator", operatorId: 0n, login: "faults", role: "admin" },
      { partnerId: Number(partner.id), url, events: ["lead.converted"] },
      { allowPrivateTargets: true },
    );
  } finally {
    await db.close();
  }
}

type DeliveryRow = { messageId: string; status: string; attemptCount: number; attempts: number };

async function deliveries(env: Record<string, string>): Promise<DeliveryRow[]> {
  const db = await openServerDatabase(env);
  try {
    return await db.prisma.$queryRaw<DeliveryRow[]>`
      SELECT d."messageId", d.status::text AS status, d."attemptCount",
             (SELECT count(*)::int FROM "WebhookAttempt" a WHERE a."deliveryId" = d.id) AS attempts
        FROM "WebhookDelivery" d ORDER BY d.id`;
  } finally {
    await db.close();
  }
}

async function convertOne(url: string, key: string, n: number): Promise<number> {
  const body = leadOf(person(n));
  const created = await call(url, "POST", "/api/v1/leads", { key, body });
  expect(created.status).toBe(200);
  const id = idOf(created);
  const converted = await call(url, "POST", `/api/v1/leads/${id}/convert`, { key, body });
  expect(converted.status).toBe(200);
  return id;
}

const requestsBy = (receiver: Receiver) => {
  const counts = new Map<string, number>();
  for (const r of receiver.received) {
    const id = String(r.headers["webhook-id"]);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
};

async function waitUntil(check: () => Promise<boolean>, what: string, tries = 600): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`gave up waiting: ${what}`);
}

describe("webhook delivery across a SIGKILL of the server", () => {
  let database: ServerDatabase;
  let receiver: Receiver;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    database = await createServerDatabase("postgresql");
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await database?.dispose();
  });

  it("delivers every committed event after the restart, with one webhook-id each, once per attempt", async () => {
    const env = { ...database.env, ...WEBHOOK_ENV };
    const keys = await makeKeys(env, ["Вебхук-магазин"]);
    const key = keys.partner["Вебхук-магазин"]!;
    await subscribe(env, "Вебхук-магазин", receiver.url);
    // The first delivery's request is held open: it is in flight when the server dies.
    receiver.script(["hang"], 200);
    server = await startServer({ env });
    await convertOne(server.url, key, 0);
    await receiver.waitFor(1);
    // More conversions commit; the server dies before (or while) their attempts are made.
    for (let n = 1; n <= 5; n++) await convertOne(server.url, key, n);
    await server.kill();
    receiver.release(503); // the cut-off request's answer reaches nobody

    server = await startServer({ env });
    await waitUntil(
      async () => (await deliveries(env)).every((d) => d.status === "DELIVERED"),
      "every delivery DELIVERED",
    );
    const rows = await deliveries(env);
    expect(rows).toHaveLength(6);
    const seen = requestsBy(receiver);
    expect(new Set(seen.keys())).toEqual(new Set(rows.map((d) => d.messageId)));
    for (const row of rows) {
      // Each recorded attempt reached the receiver once; the one cut off by the kill was never
      // recorded, so a delivery may show one request more than its attempts.
      const requests = seen.get(row.messageId) ?? 0;
      expect(requests, row.messageId).toBeGreaterThanOrEqual(row.attempts);
      expect(requests, row.messageId).toBeLessThanOrEqual(row.attempts + 1);
    }
  });
});

describe("two app instances on one PostgreSQL, delivering the same partner's webhooks", () => {
  let database: ServerDatabase;
  let receiver: Receiver;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    database = await createServerDatabase("postgresql");
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await receiver?.close();
    await database?.dispose();
  });

  it("200 conversions through both: each event delivered once, no attempt made twice", async () => {
    const env = { ...database.env, ...WEBHOOK_ENV };
    const keys = await makeKeys(env, ["Два-экземпляра"]);
    const key = keys.partner["Два-экземпляра"]!;
    await subscribe(env, "Два-экземпляра", receiver.url);
    servers.push(...(await Promise.all([startServer({ env }), startServer({ env })])));
    const COUNT = 200;
    await pool(
      Array.from({ length: COUNT }, (_, n) => n),
      8,
      async (n) => {
        await convertOne(servers[n % 2]!.url, key, 1000 + n);
      },
    );
    await receiver.waitFor(COUNT, 120_000);
    await waitUntil(
      async () => (await deliveries(env)).every((d) => d.status === "DELIVERED"),
      "every delivery DELIVERED",
    );
    const rows = await deliveries(env);
    expect(rows).toHaveLength(COUNT);
    expect(rows.every((d) => d.attempts === 1 && d.attemptCount === 1)).toBe(true);
    const seen = requestsBy(receiver);
    expect(seen.size).toBe(COUNT);
    expect([...seen.values()].every((count) => count === 1)).toBe(true);
    expect(receiver.received).toHaveLength(COUNT);
  });
});
