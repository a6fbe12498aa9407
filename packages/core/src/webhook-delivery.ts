// Webhook delivery, at least once. A lead's move calls recordWebhookEvent inside its own
// transaction: one WebhookDelivery per enabled endpoint of the lead's partner that subscribes to
// the event, and the job of its first attempt, so a move that commits always has its deliveries
// and one that rolls back never does. The job engine (pg-boss, @leadcore/db job-engine.ts) runs
// attemptDelivery; each attempt is recorded, and a failed one schedules the next as a new job by
// the retry schedule below, with jitter. `webhook-id` (the delivery's messageId) never changes.
//
// An attempt is claimed by its number before it is sent (attemptCount moves from n-1 to n), so an
// attempt's job fetched twice (its process died and the job expired) sends again only when the
// first run recorded nothing: at least once, and never two runs of one attempt recorded.
import type { Prisma, PrismaClient, RawSql } from "@leadcore/db";
import { enqueueInTransaction } from "@leadcore/db";
import type { WebhookMessageType, WebhookPayload } from "@leadcore/schema";
import { toWireId } from "./ids.ts";
import { type AttemptResult, sendWebhook } from "./webhook-sender.ts";
import type { TargetPolicy } from "./webhook-target.ts";

type Tx = Prisma.TransactionClient;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Before each attempt: at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h; then the delivery failed. */
export const DEFAULT_RETRY_DELAYS_MS = [
  0,
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
];

export type DeliverySettings = TargetPolicy & {
  /** The delay before each attempt; its length is the number of attempts. */
  retryDelaysMs: number[];
  timeoutMs: number;
  /** An endpoint failing without a success for this long is disabled ("FAILING"). */
  disableAfterMs: number;
};

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  allowPrivateTargets: false,
  retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
  timeoutMs: 10 * SECOND,
  disableAfterMs: 5 * 24 * HOUR,
};

/** The delay before attempt `number` (1-based), ±20 % so that retries of many deliveries spread. */
export function retryDelay(
  settings: DeliverySettings,
  number: number,
  random = Math.random(),
): number | null {
  const base = settings.retryDelaysMs[number - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.8 + 0.4 * random));
}

/** A webhook job's data: which delivery, which attempt, and whether a failure is retried. */
export type AttemptJob = { deliveryId: string; attempt: number; retry: boolean };

/** The event of a lead's move, as the partner receives it: ids, states and codes only. */
export type LeadWebhookEvent = {
  type: Exclude<WebhookMessageType, "webhook.test">;
  leadId: bigint;
  partnerId: bigint | null;
  data?: Omit<WebhookPayload["data"], "leadId" | "endpointId" | "denialReason">;
  /** lead.denied: the reason, whose code the payload carries (read by the same statement). */
  denialReasonId?: bigint;
};

/**
 * The outbox write, inside the move's transaction: one statement when no endpoint subscribes
 * (it inserts nothing), plus one job per delivery. Leads of no partner (an operator's or a
 * service's) have nobody to tell.
 */
export async function recordWebhookEvent(tx: RawSql, event: LeadWebhookEvent): Promise<void> {
  if (event.partnerId === null) return;
  const payload: WebhookPayload = {
    type: event.type,
    timestamp: new Date().toISOString(),
    data: { leadId: toWireId(event.leadId), ...event.data },
  };
  // messageId: "msg_" and the 32 hex digits of a random UUID, unique and opaque to the receiver.
  const deliveries = await tx.$queryRaw<{ id: bigint; endpointId: bigint }[]>`
    INSERT INTO "WebhookDelivery" ("endpointId", "messageId", "eventType", "leadId", payload, "nextAttemptAt")
    SELECT e.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ${event.type}, ${event.leadId},
           CASE WHEN r.id IS NULL THEN ${JSON.stringify(payload)}::jsonb
                ELSE jsonb_set(${JSON.stringify(payload)}::jsonb, '{data,denialReason}',
                               jsonb_build_object('id', r.id, 'code', r.code)) END,
           now()
      FROM "WebhookEndpoint" e
      LEFT JOIN "DenialReason" r ON r.id = ${event.denialReasonId ?? null}::bigint
     WHERE e."partnerId" = ${event.partnerId} AND e.enabled AND ${event.type} = ANY(e.events)
    RETURNING id, "endpointId"`;
  for (const { id, endpointId } of deliveries)
    await enqueueAttempt(tx, endpointId, { deliveryId: String(id), attempt: 1, retry: true });
}

/** An attempt's job, in the group of its endpoint (the workers cap how many one endpoint holds). */
async function enqueueAttempt(
  tx: RawSql,
  endpointId: bigint,
  job: AttemptJob,
  startAfter?: Date,
): Promise<void> {
  await enqueueInTransaction(tx, "webhookAttempt", job, {
    group: String(endpointId),
    ...(startAfter ? { startAfter } : {}),
  });
}

type ClaimedDelivery = {
  id: bigint;
  messageId: string;
  payload: unknown;
  endpointId: bigint;
  url: string;
  enabled: boolean;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
};

/**
 * Runs one attempt of a delivery (the job's handler). Returns what happened, or null when the
 * attempt is not this job's to make (recorded already, or the delivery was resent since).
 */
export async function attemptDelivery(
  prisma: PrismaClient,
  job: AttemptJob,
  settings: DeliverySettings,
): Promise<AttemptResult | null> {
  const deliveryId = BigInt(job.deliveryId);
  const [claimed] = await prisma.$queryRaw<ClaimedDelivery[]>`
    UPDATE "WebhookDelivery" d
       SET "attemptCount" = ${job.attempt}, "lastAttemptAt" = now()
      FROM "WebhookEndpoint" e
     WHERE d.id = ${deliveryId} AND e.id = d."endpointId" AND d.status = 'PENDING'
       AND d."attemptCount" IN (${job.attempt - 1}, ${job.attempt})
       AND NOT EXISTS (SELECT 1 FROM "WebhookAttempt" a WHERE a."deliveryId" = d.id AND a.number = ${job.attempt})
    RETURNING d.id, d."messageId", d.payload, e.id AS "endpointId", e.url, e.enabled, e.secret,
              e."previousSecret", e."previousSecretExpiresAt"`;
  if (!claimed) return null;
  if (!claimed.enabled) {
    // Nothing is sent to a disabled endpoint; the delivery stays in the log, failed, to resend.
    await prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "FAILED", nextAttemptAt: null, attemptCount: job.attempt - 1 },
    });
    return null;
  }
  const secrets = [claimed.secret];
  if (
    claimed.previousSecret &&
    claimed.previousSecretExpiresAt &&
    claimed.previousSecretExpiresAt > new Date()
  ) {
    secrets.push(claimed.previousSecret);
  }
  const startedAt = new Date();
  const result = await sendWebhook(
    claimed.url,
    { messageId: claimed.messageId, body: JSON.stringify(claimed.payload), secrets },
    settings,
  );
  await recordAttempt(prisma, claimed, job, startedAt, result, settings);
  return result;
}

async function recordAttempt(
  prisma: PrismaClient,
  delivery: ClaimedDelivery,
  job: AttemptJob,
  startedAt: Date,
  result: AttemptResult,
  settings: DeliverySettings,
): Promise<void> {
  if (result.ok) {
    // The common case in one statement (atomic by itself): the attempt, the delivery delivered,
    // the endpoint no longer failing.
    await prisma.$executeRaw`
      WITH attempt AS (
        INSERT INTO "WebhookAttempt" ("deliveryId", number, "startedAt", "durationMs", "statusCode", ok)
        VALUES (${delivery.id}, ${job.attempt}, ${startedAt}, ${result.durationMs}, ${result.statusCode}, true)
      ), delivered AS (
        UPDATE "WebhookDelivery" SET status = 'DELIVERED', "deliveredAt" = now(), "nextAttemptAt" = NULL
         WHERE id = ${delivery.id}
      )
      UPDATE "WebhookEndpoint" SET "failingSince" = NULL
       WHERE id = ${delivery.endpointId} AND "failingSince" IS NOT NULL`;
    return;
  }
  const delay = job.retry ? retryDelay(settings, job.attempt + 1) : null;
  const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
  await prisma.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        number: job.attempt,
        startedAt,
        durationMs: result.durationMs,
        statusCode: result.statusCode,
        error: result.error,
        ok: false,
      },
    });
    await tx.webhookDelivery.update({
      where: { id: delivery.id },
      data: { status: nextAttemptAt ? "PENDING" : "FAILED", nextAttemptAt },
    });
    if (nextAttemptAt) {
      await enqueueAttempt(
        tx,
        delivery.endpointId,
        { deliveryId: job.deliveryId, attempt: job.attempt + 1, retry: true },
        nextAttemptAt,
      );
    }
    await noteFailure(tx, delivery.endpointId, settings);
  });
}

/** A failed attempt: the endpoint is failing since now (or since earlier), disabled after days. */
async function noteFailure(tx: Tx, endpointId: bigint, settings: DeliverySettings): Promise<void> {
  await tx.$executeRaw`
    UPDATE "WebhookEndpoint"
       SET "failingSince" = COALESCE("failingSince", now()),
           enabled = CASE WHEN "failingSince" < now() - make_interval(secs => ${settings.disableAfterMs / 1000})
                          THEN false ELSE enabled END,
           "disabledReason" = CASE WHEN "failingSince" < now() - make_interval(secs => ${settings.disableAfterMs / 1000})
                                   THEN 'FAILING' ELSE "disabledReason" END,
           "disabledAt" = CASE WHEN "failingSince" < now() - make_interval(secs => ${settings.disableAfterMs / 1000})
                               THEN now() ELSE "disabledAt" END,
           "updatedAt" = now()
     WHERE id = ${endpointId}`;
}

/**
 * Sends a delivery again (a failed one, or any past one), with its messageId: one more attempt at
 * once, not retried, so a receiver that is still down does not start the schedule over.
 */
export async function enqueueResend(
  tx: Tx,
  delivery: { id: bigint; attemptCount: number; endpointId: bigint },
): Promise<void> {
  await tx.webhookDelivery.update({
    where: { id: delivery.id },
    data: { status: "PENDING", nextAttemptAt: new Date() },
  });
  await enqueueAttempt(tx, delivery.endpointId, {
    deliveryId: String(delivery.id),
    attempt: delivery.attemptCount + 1,
    retry: false,
  });
}
