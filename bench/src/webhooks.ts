// The webhook phase's parts: a receiver on 127.0.0.1 that answers 204 to every delivery (and
// counts them), the bench partner's one endpoint subscribed to lead.converted (enabled for the
// "with" runs, disabled for the "without" ones: a disabled endpoint gets no outbox rows), and the
// delivery figures of a run read back from WebhookDelivery.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { type Actor, createWebhookEndpoint } from "@leadcore/core";
import type { PrismaClient } from "@leadcore/db";

export type Receiver = { url: string; received: () => number; close(): Promise<void> };

export async function startReceiver(): Promise<Receiver> {
  let received = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received++;
      response.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/leadcore-webhooks`,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const BENCH_ADMIN: Actor = { kind: "operator", operatorId: 0n, login: "bench", role: "admin" };

/** The partner's endpoint, made once (disabled until a "with" run enables it). */
export async function makeEndpoint(
  prisma: PrismaClient,
  partnerId: bigint,
  url: string,
): Promise<bigint> {
  const { endpoint } = await createWebhookEndpoint(
    prisma,
    BENCH_ADMIN,
    { partnerId: Number(partnerId), url, events: ["lead.converted"] },
    { allowPrivateTargets: true },
  );
  await setSubscribed(prisma, BigInt(endpoint.id), false);
  return BigInt(endpoint.id);
}

export async function setSubscribed(prisma: PrismaClient, id: bigint, on: boolean): Promise<void> {
  await prisma.webhookEndpoint.update({
    where: { id },
    data: on
      ? { enabled: true, disabledReason: null, disabledAt: null, failingSince: null }
      : { enabled: false, disabledReason: "ADMIN", disabledAt: new Date() },
  });
}

export type DeliveryFigures = {
  events: number;
  delivered: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  drainSeconds: number;
};

/**
 * Waits (bounded) until the deliveries of the events written since `since` are all made, then
 * reads their figures: rate from the first event to the last delivery, event-to-delivery latency.
 */
export async function deliveryFigures(
  prisma: PrismaClient,
  since: Date,
  loadEnded: Date,
): Promise<DeliveryFigures> {
  for (let i = 0; i < 600; i++) {
    const [pending] = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "WebhookDelivery" WHERE "createdAt" >= ${since} AND status = 'PENDING'`;
    if ((pending?.n ?? 0) === 0) break;
    await sleep(250);
  }
  const [row] = await prisma.$queryRaw<
    {
      events: number;
      delivered: number;
      first: Date | null;
      last: Date | null;
      p50: number | null;
      p99: number | null;
    }[]
  >`
    SELECT count(*)::int AS events,
           count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered,
           min("createdAt") AS first, max("deliveredAt") AS last,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "deliveredAt" - "createdAt") * 1000) AS p50,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM "deliveredAt" - "createdAt") * 1000) AS p99
      FROM "WebhookDelivery" WHERE "createdAt" >= ${since}`;
  const span = row?.first && row.last ? (row.last.getTime() - row.first.getTime()) / 1000 : NaN;
  return {
    events: row?.events ?? 0,
    delivered: row?.delivered ?? 0,
    perSecond: span > 0 ? (row?.delivered ?? 0) / span : NaN,
    p50Ms: Number(row?.p50 ?? NaN),
    p99Ms: Number(row?.p99 ?? NaN),
    drainSeconds: row?.last ? Math.max(0, (row.last.getTime() - loadEnded.getTime()) / 1000) : NaN,
  };
}
