// A partner's webhook endpoints: admins make, change, rotate and disable them (UI, CLI); a partner
// reads its own, their delivery logs, and tests them (REST). Another partner's endpoint is not
// found, never forbidden, as with leads.
import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "@leadcore/db";
import type {
  WebhookAttemptError,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEventType,
  WebhookMessageType,
} from "@leadcore/schema";
import { WEBHOOK_EVENT_TYPES } from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { DomainError, type FieldIssue } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import { attemptDelivery, type DeliverySettings, enqueueResend } from "./webhook-delivery.ts";
import type { AttemptResult } from "./webhook-sender.ts";
import { checkWebhookUrl, type TargetPolicy } from "./webhook-target.ts";

const endpointNotFound = () =>
  new DomainError("NOT_FOUND", "WEBHOOK_NOT_FOUND", "Webhook endpoint not found");
const deliveryNotFound = () =>
  new DomainError("NOT_FOUND", "WEBHOOK_DELIVERY_NOT_FOUND", "Webhook delivery not found");

/** A new signing secret: whsec_ and 32 random bytes in base64, as Standard Webhooks has them. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** How long the previous secret keeps signing after a rotation, unless the admin says otherwise. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;

type EndpointRow = Prisma.WebhookEndpointGetPayload<{
  include: { partner: { select: { name: true } } };
}>;

function endpointView(row: EndpointRow): WebhookEndpoint {
  return {
    id: toWireId(row.id),
    partnerId: toWireId(row.partnerId),
    partnerName: row.partner.name,
    url: row.url,
    events: row.events as WebhookEventType[],
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabledReason as WebhookEndpoint["disabledReason"],
    disabledAt: row.disabledAt?.toISOString() ?? null,
    failingSince: row.failingSince?.toISOString() ?? null,
    secretPrefix: row.secret.slice(0, 12),
    previousSecretExpiresAt:
      row.previousSecret && row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt.toISOString()
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}

const withPartner = { partner: { select: { name: true } } } as const;

function requireAdmin(actor: Actor): void {
  if (actor.kind !== "operator" || actor.role !== "admin") {
    throw new DomainError("FORBIDDEN", "ADMIN_ONLY", "Only an administrator may do this");
  }
}

/** The endpoint, if the actor may see it: an admin or a service any, a partner its own. */
async function visibleEndpoint(
  prisma: PrismaClient | Prisma.TransactionClient,
  actor: Actor,
  id: number,
) {
  // An operator's refusal comes before the lookup: whether an id exists is an admin's business.
  if (actor.kind === "operator" && actor.role !== "admin") {
    throw new DomainError("FORBIDDEN", "ADMIN_ONLY", "Only an administrator may do this");
  }
  const row = await prisma.webhookEndpoint.findUnique({
    where: { id: toDbId(id) },
    include: withPartner,
  });
  if (!row || (actor.kind === "partner" && row.partnerId !== actor.partnerId))
    throw endpointNotFound();
  return row;
}

/** The events as given, checked (the CLI passes them unchecked by a schema). */
function checkedEvents(events: readonly string[]): WebhookEventType[] {
  const known: readonly string[] = WEBHOOK_EVENT_TYPES;
  const issues: FieldIssue[] = events.flatMap((event, index) =>
    known.includes(event)
      ? []
      : [{ path: `events.${index}`, code: "INVALID_ENUM" as const, message: "Not an event type" }],
  );
  if (events.length === 0) {
    issues.push({
      path: "events",
      code: "TOO_FEW",
      params: { minimum: 1 },
      message: "Name an event",
    });
  }
  if (issues.length > 0) {
    throw new DomainError(
      "INVALID",
      "INVALID_WEBHOOK",
      "The webhook's events cannot be used",
      issues,
    );
  }
  return [...new Set(events)] as WebhookEventType[];
}

function normalizedInput(input: WebhookEndpointInput, policy: TargetPolicy) {
  return {
    url: checkWebhookUrl(input.url, policy).href,
    events: checkedEvents(input.events),
    description: input.description?.trim() || null,
  };
}

export async function createWebhookEndpoint(
  prisma: PrismaClient,
  actor: Actor,
  input: WebhookEndpointInput & { partnerId: number },
  policy: TargetPolicy,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  requireAdmin(actor);
  const fields = normalizedInput(input, policy);
  const partner = await prisma.partner.findUnique({ where: { id: toDbId(input.partnerId) } });
  if (!partner) throw new DomainError("NOT_FOUND", "PARTNER_NOT_FOUND", "Partner not found");
  const secret = newWebhookSecret();
  const row = await prisma.webhookEndpoint.create({
    data: { ...fields, partnerId: partner.id, secret },
    include: withPartner,
  });
  return { endpoint: endpointView(row), secret };
}

export async function updateWebhookEndpoint(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  change: Partial<WebhookEndpointInput> & { enabled?: boolean | undefined },
  policy: TargetPolicy,
): Promise<WebhookEndpoint> {
  requireAdmin(actor);
  await visibleEndpoint(prisma, actor, id);
  const data: Prisma.WebhookEndpointUpdateInput = {};
  if (change.url !== undefined) data.url = checkWebhookUrl(change.url, policy).href;
  if (change.events !== undefined) data.events = checkedEvents(change.events);
  if (change.description !== undefined) data.description = change.description?.trim() || null;
  if (change.enabled === true) {
    Object.assign(data, {
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
    });
  } else if (change.enabled === false) {
    Object.assign(data, { enabled: false, disabledReason: "ADMIN", disabledAt: new Date() });
  }
  const row = await prisma.webhookEndpoint.update({
    where: { id: toDbId(id) },
    data,
    include: withPartner,
  });
  return endpointView(row);
}

/** A new secret; the previous one keeps signing for `overlapHours` (0: stops at once). */
export async function rotateWebhookSecret(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  overlapHours = DEFAULT_ROTATION_OVERLAP_HOURS,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  requireAdmin(actor);
  const current = await visibleEndpoint(prisma, actor, id);
  const secret = newWebhookSecret();
  const row = await prisma.webhookEndpoint.update({
    where: { id: current.id },
    data: {
      secret,
      previousSecret: overlapHours > 0 ? current.secret : null,
      previousSecretExpiresAt:
        overlapHours > 0 ? new Date(Date.now() + overlapHours * 3_600_000) : null,
    },
    include: withPartner,
  });
  return { endpoint: endpointView(row), secret };
}

export async function listWebhookEndpoints(
  prisma: PrismaClient,
  actor: Actor,
  filter: { partnerId?: number | undefined } = {},
): Promise<WebhookEndpoint[]> {
  if (actor.kind === "operator") requireAdmin(actor);
  const partnerId =
    actor.kind === "partner"
      ? actor.partnerId
      : filter.partnerId === undefined
        ? undefined
        : toDbId(filter.partnerId);
  const rows = await prisma.webhookEndpoint.findMany({
    where: partnerId === undefined ? {} : { partnerId },
    include: withPartner,
    orderBy: { id: "asc" },
    take: 1000,
  });
  return rows.map(endpointView);
}

export async function getWebhookEndpoint(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
): Promise<WebhookEndpoint> {
  return endpointView(await visibleEndpoint(prisma, actor, id));
}

/** An endpoint's delivery log, newest first, each with every attempt. */
export async function listWebhookDeliveries(
  prisma: PrismaClient,
  actor: Actor,
  endpointId: number,
  page: { limit: number; before?: number | undefined },
): Promise<WebhookDelivery[]> {
  const endpoint = await visibleEndpoint(prisma, actor, endpointId);
  const rows = await prisma.webhookDelivery.findMany({
    where: { endpointId: endpoint.id, ...(page.before ? { id: { lt: toDbId(page.before) } } : {}) },
    include: { attempts: { orderBy: { number: "asc" } } },
    orderBy: { id: "desc" },
    take: page.limit,
  });
  return rows.map((row) => ({
    id: toWireId(row.id),
    messageId: row.messageId,
    eventType: row.eventType as WebhookMessageType,
    leadId: row.leadId === null ? null : toWireId(row.leadId),
    status: row.status,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    attempts: row.attempts.map((a) => ({
      number: a.number,
      startedAt: a.startedAt.toISOString(),
      durationMs: a.durationMs,
      statusCode: a.statusCode,
      error: a.error as WebhookAttemptError | null, // written by webhook-sender.ts only
      ok: a.ok,
    })),
  }));
}

/** Sends a past delivery again (not one still pending: its next attempt is on its way). */
export async function resendWebhookDelivery(
  prisma: PrismaClient,
  actor: Actor,
  endpointId: number,
  deliveryId: number,
): Promise<void> {
  const endpoint = await visibleEndpoint(prisma, actor, endpointId);
  if (!endpoint.enabled) throw disabled();
  await prisma.$transaction(async (tx) => {
    const [delivery] = await tx.$queryRaw<
      { id: bigint; attemptCount: number; status: string; endpointId: bigint }[]
    >`
      SELECT id, "attemptCount", status::text AS status, "endpointId" FROM "WebhookDelivery"
       WHERE id = ${toDbId(deliveryId)} AND "endpointId" = ${endpoint.id} FOR UPDATE`;
    if (!delivery) throw deliveryNotFound();
    if (delivery.status === "PENDING") {
      throw new DomainError(
        "CONFLICT",
        "WEBHOOK_DELIVERY_PENDING",
        "The delivery's next attempt is on its way",
      );
    }
    await enqueueResend(tx, delivery);
  });
}

const disabled = () =>
  new DomainError("CONFLICT", "WEBHOOK_DISABLED", "The endpoint is disabled: enable it first");

/**
 * A signed `webhook.test` message, sent at once (not queued) so the caller sees the answer; it is
 * logged with the endpoint's deliveries like any other.
 */
export async function testWebhookEndpoint(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  settings: DeliverySettings,
): Promise<AttemptResult & { deliveryId: number }> {
  const endpoint = await visibleEndpoint(prisma, actor, id);
  if (!endpoint.enabled) throw disabled();
  const payload = {
    type: "webhook.test",
    timestamp: new Date().toISOString(),
    data: { endpointId: toWireId(endpoint.id) },
  };
  const [delivery] = await prisma.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "WebhookDelivery" ("endpointId", "messageId", "eventType", "leadId", payload)
    VALUES (${endpoint.id}, 'msg_' || replace(gen_random_uuid()::text, '-', ''), 'webhook.test', NULL,
            ${JSON.stringify(payload)}::jsonb)
    RETURNING id`;
  if (!delivery) throw new Error("The test delivery was not written");
  const result = await attemptDelivery(
    prisma,
    { deliveryId: String(delivery.id), attempt: 1, retry: false },
    settings,
  );
  if (!result) throw new Error("The test delivery was claimed by another run");
  return { ...result, deliveryId: toWireId(delivery.id) };
}
