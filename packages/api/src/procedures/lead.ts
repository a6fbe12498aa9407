// lead.* procedures: each validates with the contract, calls one domain function, returns its view.

import {
  convertLead,
  createLead,
  getLead,
  leadHistory,
  listLeads,
  MAX_PAGE_SIZE,
  previewMatch,
  updateLead,
} from "@leadcore/core";
import {
  calendarDateSchema,
  channelSchema,
  conversionResultSchema,
  idSchema,
  leadBodySchema,
  leadHistorySchema,
  leadPageSchema,
  leadStatusSchema,
  matchPreviewSchema,
  storedLeadSchema,
} from "@leadcore/schema";
import { z } from "zod";
import { authedProcedure, router } from "../trpc.ts";

/** The lead contract with the lead's id at the top level (the REST body is the lead itself). */
export const leadWithIdSchema = leadBodySchema.extend({ id: idSchema });
const byIdSchema = z.object({ id: idSchema });
const calendarDate = calendarDateSchema();

// Filters only: these travel in the URL of GET /api/v1/leads, so they hold no personal data.
export const leadListInputSchema = z.object({
  status: leadStatusSchema.optional(),
  channel: channelSchema.optional(),
  createdFrom: calendarDate
    .optional()
    .meta({ description: "Created on or after this date (UTC), YYYY-MM-DD" }),
  createdTo: calendarDate
    .optional()
    .meta({ description: "Created on or before this date (UTC), YYYY-MM-DD" }),
  cursor: idSchema.optional().meta({ description: "nextCursor of the previous page" }),
  limit: z
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .meta({ format: "int32", description: "Page size, 50 when absent" })
    .optional(),
});

// A search by name, phone or passport number: tRPC only, sent as POST so it never lands in a URL.
export const leadSearchInputSchema = leadListInputSchema.extend({
  search: z
    .string()
    .max(100)
    .meta({ description: "Last name [first name [patronymic]], mobile phone or passport number" }),
});

// Every REST call can also meet a 500 (a fault of ours) and a 503 (the database is unreachable:
// retry after Retry-After); openapi.ts adds the headers the adapter cannot express.
const rest = (
  method: "GET" | "POST" | "PUT",
  path: `/${string}`,
  summary: string,
  description: string,
) => ({
  openapi: {
    method,
    path,
    summary,
    description,
    tags: ["leads"],
    protect: true,
    errorResponses: [400, 401, 404, 409, 413, 415, 422, 429, 500, 503],
  },
});

export const leadRouter = router({
  create: authedProcedure
    .meta({
      openapi: {
        ...rest(
          "POST",
          "/leads",
          "Create a lead",
          "Send an `Idempotency-Key` header to make retries safe: the same key with the same body returns " +
            "the first lead's id and creates nothing; the same key with another body is a 409.",
        ).openapi,
        requestHeaders: z.object({ "Idempotency-Key": z.string().min(1).max(200).optional() }),
      },
    })
    .input(leadBodySchema)
    .output(idSchema)
    .mutation(({ ctx, input }) =>
      createLead(ctx.db.prisma, ctx.actor, input, { idempotencyKey: ctx.idempotencyKey }),
    ),

  update: authedProcedure
    .meta(
      rest(
        "PUT",
        "/leads/{id}",
        "Edit an existing lead (the body replaces the lead)",
        "The body replaces the lead: fields left out become empty. A body `id` must be absent or equal to the path's. " +
          "A converted lead is no longer edited (409).",
      ),
    )
    .input(leadWithIdSchema)
    .output(idSchema)
    .mutation(({ ctx, input: { id, ...body } }) => updateLead(ctx.db.prisma, ctx.actor, id, body)),

  convert: authedProcedure
    .meta(
      rest(
        "POST",
        "/leads/{id}/convert",
        "Create a client from a lead, or add the application to the matching client",
        "The body is the lead, as for an edit, and is written with the conversion. The answer is the client's id: " +
          "an existing client's when the person is already known, a new one's otherwise. " +
          "A lead missing what a client needs is a 422 whose issues say which fields.",
      ),
    )
    .input(leadWithIdSchema)
    .output(idSchema)
    .mutation(
      async ({ ctx, input: { id, ...body } }) =>
        (await convertLead(ctx.db.prisma, ctx.actor, id, body)).clientId,
    ),

  // tRPC only: the same conversion, answering all of it (the client, the new application, whether
  // the lead joined a client or made one) for typed callers and the operator UI, where REST's
  // convert answers the client id alone, as the seed demands.
  convertWithOutcome: authedProcedure
    .input(leadWithIdSchema)
    .output(conversionResultSchema)
    .mutation(({ ctx, input: { id, ...body } }) => convertLead(ctx.db.prisma, ctx.actor, id, body)),

  get: authedProcedure
    .meta(
      rest(
        "GET",
        "/leads/{id}",
        "Read a lead",
        "The lead as written, with its status, conversion and identifier warnings. The card CVC is never stored; " +
          "the card number comes back masked. Another partner's lead answers 404, exactly like a missing one.",
      ),
    )
    .input(byIdSchema)
    .output(storedLeadSchema)
    .query(({ ctx, input }) => getLead(ctx.db.prisma, ctx.actor, input.id)),

  list: authedProcedure
    .meta(
      rest(
        "GET",
        "/leads",
        "List leads, newest first",
        "A partner sees only its own leads. Pass a page's `nextCursor` as `cursor` for the next page; it is null on the last.",
      ),
    )
    .input(leadListInputSchema)
    .output(leadPageSchema)
    .query(({ ctx, input }) => listLeads(ctx.db.prisma, ctx.actor, input)),

  search: authedProcedure
    .input(leadSearchInputSchema)
    .output(leadPageSchema)
    .query(({ ctx, input }) => listLeads(ctx.db.prisma, ctx.actor, input)),

  history: authedProcedure
    .meta(
      rest(
        "GET",
        "/leads/{id}/history",
        "Who changed the lead, when, and which fields (personal values masked)",
        "Oldest first: the creation, every edit with the leaf fields it changed, and the conversion.",
      ),
    )
    .input(byIdSchema)
    .output(leadHistorySchema)
    .query(({ ctx, input }) => leadHistory(ctx.db.prisma, ctx.actor, input.id)),

  matchPreview: authedProcedure
    .input(byIdSchema)
    .output(matchPreviewSchema)
    .query(({ ctx, input }) => previewMatch(ctx.db.prisma, ctx.actor, input.id)),
});
