// Partner webhooks: what an endpoint subscribes to, what it receives, and how the delivery log
// reads. The payloads carry ids, states, codes and timestamps only: never personal data (a partner
// that needs the lead reads it with its key). README "Webhooks" shows a receiver.
import { z } from "zod";
import { conversionOutcomeSchema, idSchema } from "./views.ts";

/** The events a partner can subscribe to; `lead.created` only when the endpoint asks for it. */
export const WEBHOOK_EVENT_TYPES = [
  "lead.created",
  "lead.converted",
  "lead.denied",
  "lead.withdrawn",
  "lead.reopened",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What a delivery can be: an event of a lead, or the endpoint's test message. */
export const WEBHOOK_MESSAGE_TYPES = [...WEBHOOK_EVENT_TYPES, "webhook.test"] as const;
export type WebhookMessageType = (typeof WEBHOOK_MESSAGE_TYPES)[number];

/** Why an attempt got no HTTP answer, as the delivery log records it (the UI translates them). */
export const WEBHOOK_ATTEMPT_ERRORS = [
  "timeout",
  "connection refused",
  "connection reset",
  "host not found",
  "TLS error",
  "connection error",
  "blocked address",
] as const;
export type WebhookAttemptError = (typeof WEBHOOK_ATTEMPT_ERRORS)[number];

const timestamp = z.iso.datetime().max(30).meta({ description: "ISO 8601, UTC" });

/** The longest URL an endpoint may have (browsers and proxies agree on about 2 000). */
export const MAX_WEBHOOK_URL = 2000;

export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES).meta({ id: "WebhookEventType" });

export const webhookEndpointInputSchema = z.strictObject({
  url: z.string().min(1).max(MAX_WEBHOOK_URL).meta({
    description: "https:// only; never a loopback, private, link-local or metadata address",
  }),
  events: z.array(webhookEventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES.length),
  description: z.string().max(300).nullish(),
});
export type WebhookEndpointInput = z.infer<typeof webhookEndpointInputSchema>;

export const webhookEndpointSchema = z
  .object({
    id: idSchema,
    partnerId: idSchema,
    partnerName: z.string().max(200),
    url: z.string().max(MAX_WEBHOOK_URL),
    events: z.array(webhookEventTypeSchema).max(WEBHOOK_EVENT_TYPES.length),
    description: z.string().max(300).nullable(),
    enabled: z.boolean(),
    disabledReason: z
      .enum(["ADMIN", "FAILING"])
      .nullable()
      .meta({ description: "ADMIN: by an administrator; FAILING: it failed for days" }),
    disabledAt: timestamp.nullable(),
    failingSince: timestamp
      .nullable()
      .meta({ description: "The first failed attempt since the last delivered one" }),
    secretPrefix: z
      .string()
      .max(20)
      .meta({ description: "The start of the signing secret, to tell secrets apart" }),
    previousSecretExpiresAt: timestamp
      .nullable()
      .meta({ description: "Until then the previous secret signs too (a rotation's overlap)" }),
    createdAt: timestamp,
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

/** An endpoint with its signing secret, shown once: when it is made and when it is rotated. */
export const webhookEndpointWithSecretSchema = z.object({
  endpoint: webhookEndpointSchema,
  secret: z.string().max(100).meta({ description: "whsec_...: keep it; it is not shown again" }),
});

export const webhookAttemptSchema = z
  .object({
    number: z.int().min(1).max(1000).meta({ format: "int32" }),
    startedAt: timestamp,
    durationMs: z.int().min(0).max(3_600_000).meta({ format: "int32" }),
    statusCode: z.int().min(100).max(599).meta({ format: "int32" }).nullable(),
    error: z.enum(WEBHOOK_ATTEMPT_ERRORS).nullable(),
    ok: z.boolean(),
  })
  .meta({ id: "WebhookAttempt" });
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

export const webhookDeliverySchema = z
  .object({
    id: idSchema,
    messageId: z.string().max(60).meta({ description: "The webhook-id header of every attempt" }),
    eventType: z.enum(WEBHOOK_MESSAGE_TYPES),
    leadId: idSchema.nullable(),
    status: z.enum(["PENDING", "DELIVERED", "FAILED"]),
    attemptCount: z.int().min(0).max(1000).meta({ format: "int32" }),
    nextAttemptAt: timestamp.nullable(),
    deliveredAt: timestamp.nullable(),
    createdAt: timestamp,
    attempts: z.array(webhookAttemptSchema).max(1000),
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

/** The body of every delivery (Standard Webhooks: type, timestamp, data). */
export const webhookPayloadSchema = z
  .object({
    type: z.enum(WEBHOOK_MESSAGE_TYPES),
    timestamp: timestamp.meta({ description: "When the event happened" }),
    data: z.object({
      leadId: idSchema.optional(),
      endpointId: idSchema.optional().meta({ description: "webhook.test only" }),
      status: z.enum(["NEW", "CONVERTED", "DENIED", "WITHDRAWN"]).optional(),
      outcome: conversionOutcomeSchema.optional().meta({ description: "lead.converted" }),
      applicationId: idSchema.optional().meta({ description: "lead.converted" }),
      denialReason: z
        .object({ id: idSchema, code: z.string().max(40) })
        .optional()
        .meta({ description: "lead.denied" }),
    }),
  })
  .meta({ description: "The body of every webhook delivery" });
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
