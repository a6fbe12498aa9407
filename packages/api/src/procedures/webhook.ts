// webhook.*: partners' webhook endpoints (core webhook-endpoints.ts). Admins make and change them
// (tRPC, the UI; the CLI calls core directly). A partner reads its own endpoints and their delivery
// logs, tests them and resends a past delivery over REST; another partner's endpoint is a 404.
// Signing secrets are answered only by create and rotate, once.

import {
  createWebhookEndpoint,
  DEFAULT_ROTATION_OVERLAP_HOURS,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  MAX_PAGE_SIZE,
  resendWebhookDelivery,
  rotateWebhookSecret,
  testWebhookEndpoint,
  updateWebhookEndpoint,
  webhookSettings,
} from "@leadcore/core";
import {
  idSchema,
  webhookAttemptSchema,
  webhookDeliverySchema,
  webhookEndpointInputSchema,
  webhookEndpointSchema,
  webhookEndpointWithSecretSchema,
} from "@leadcore/schema";
import { z } from "zod";
import { logger } from "../logger.ts";
import { adminProcedure, authedProcedure, router } from "../trpc.ts";
import { restRoutes } from "./rest-route.ts";

// The WEBHOOK_* settings, read once per process (the server checks them at start: apps/web
// lib/settings.ts).
const deliverySettings = webhookSettings;

const rest = restRoutes("webhooks", [400, 401, 403, 404, 409, 413, 415, 429, 500, 503]);

const byId = z.strictObject({ id: idSchema });

export const webhookRouter = router({
  list: authedProcedure
    .meta(
      rest(
        "GET",
        "/webhooks",
        "Your webhook endpoints",
        "The endpoints the lender set up for you: URL, events, whether enabled (and why not), the start of the signing secret.",
      ),
    )
    .input(z.object({ partnerId: idSchema.optional() }))
    .output(z.array(webhookEndpointSchema).max(1000))
    .query(({ ctx, input }) => listWebhookEndpoints(ctx.db.prisma, ctx.actor, input)),

  get: authedProcedure
    .meta(
      rest("GET", "/webhooks/{id}", "One of your webhook endpoints", "Another partner's is a 404."),
    )
    .input(byId)
    .output(webhookEndpointSchema)
    .query(({ ctx, input }) => getWebhookEndpoint(ctx.db.prisma, ctx.actor, input.id)),

  deliveries: authedProcedure
    .meta(
      rest(
        "GET",
        "/webhooks/{id}/deliveries",
        "An endpoint's delivery log",
        "Newest first, each with every attempt (time, HTTP status or error, duration). Page with `before` = the last id seen.",
      ),
    )
    .input(
      z.object({
        id: idSchema,
        before: idSchema.optional(),
        limit: z
          .int()
          .min(1)
          .max(MAX_PAGE_SIZE)
          .meta({ format: "int32", description: "Page size, 20 when absent" })
          .optional(),
      }),
    )
    .output(z.array(webhookDeliverySchema).max(MAX_PAGE_SIZE))
    .query(({ ctx, input }) =>
      listWebhookDeliveries(ctx.db.prisma, ctx.actor, input.id, {
        limit: input.limit ?? 20,
        before: input.before,
      }),
    ),

  test: authedProcedure
    .meta(
      rest(
        "POST",
        "/webhooks/{id}/test",
        "Send a test message to an endpoint",
        "A signed `webhook.test` message, sent at once; the answer says what the endpoint replied. It is logged with the deliveries.",
      ),
    )
    .input(byId)
    .output(
      webhookAttemptSchema
        .pick({ ok: true, statusCode: true, error: true, durationMs: true })
        .extend({ deliveryId: idSchema }),
    )
    .mutation(({ ctx, input }) =>
      testWebhookEndpoint(ctx.db.prisma, ctx.actor, input.id, deliverySettings()),
    ),

  resend: authedProcedure
    .meta(
      rest(
        "POST",
        "/webhooks/{id}/deliveries/{deliveryId}/resend",
        "Send a past delivery again",
        "One more attempt at once, with the same webhook-id (so a receiver that has it drops it). " +
          "A delivery whose next attempt is on its way is a 409 WEBHOOK_DELIVERY_PENDING.",
      ),
    )
    .input(z.strictObject({ id: idSchema, deliveryId: idSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await resendWebhookDelivery(ctx.db.prisma, ctx.actor, input.id, input.deliveryId);
      return { ok: true as const };
    }),

  create: adminProcedure
    .input(webhookEndpointInputSchema.extend({ partnerId: idSchema }))
    .output(webhookEndpointWithSecretSchema)
    .mutation(async ({ ctx, input }) => {
      const made = await createWebhookEndpoint(ctx.db.prisma, ctx.actor, input, deliverySettings());
      logger.info(
        { event: "webhook.create", endpointId: made.endpoint.id, partnerId: input.partnerId },
        "webhook endpoint created",
      );
      return made;
    }),

  update: adminProcedure
    .input(
      webhookEndpointInputSchema
        .partial()
        .extend({ id: idSchema, enabled: z.boolean().optional() }),
    )
    .output(webhookEndpointSchema)
    .mutation(({ ctx, input: { id, ...change } }) =>
      updateWebhookEndpoint(ctx.db.prisma, ctx.actor, id, change, deliverySettings()),
    ),

  rotate: adminProcedure
    .input(
      z.strictObject({
        id: idSchema,
        overlapHours: z.int().min(0).max(168).optional(),
      }),
    )
    .output(webhookEndpointWithSecretSchema)
    .mutation(async ({ ctx, input }) => {
      const rotated = await rotateWebhookSecret(
        ctx.db.prisma,
        ctx.actor,
        input.id,
        input.overlapHours ?? DEFAULT_ROTATION_OVERLAP_HOURS,
      );
      logger.info({ event: "webhook.rotate", endpointId: input.id }, "webhook secret rotated");
      return rotated;
    }),
});
