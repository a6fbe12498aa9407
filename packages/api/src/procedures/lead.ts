// lead.* procedures: each validates with the contract, calls one domain function, returns its view.
import { z } from "zod";
import {
  channelSchema,
  idSchema,
  leadBodySchema,
  leadPageSchema,
  leadStatusSchema,
  matchPreviewSchema,
  storedLeadSchema,
} from "@leadcore/schema";
import { convertLead, createLead, getLead, listLeads, MAX_PAGE_SIZE, previewMatch, updateLead } from "@leadcore/core";
import { authedProcedure, router } from "../trpc.ts";

/** The lead contract with the lead's id at the top level (the REST body is the lead itself). */
export const leadWithIdSchema = leadBodySchema.extend({ id: idSchema });
const byIdSchema = z.object({ id: idSchema });
const calendarDate = z.iso.date();

export const leadListInputSchema = z.object({
  status: leadStatusSchema.optional(),
  channel: channelSchema.optional(),
  createdFrom: calendarDate.optional().meta({ description: "Created on or after this date (UTC), YYYY-MM-DD" }),
  createdTo: calendarDate.optional().meta({ description: "Created on or before this date (UTC), YYYY-MM-DD" }),
  search: z.string().max(100).optional().meta({ description: "Last name [first name [patronymic]], mobile phone or passport number" }),
  cursor: idSchema.optional().meta({ description: "nextCursor of the previous page" }),
  limit: z.int().min(1).max(MAX_PAGE_SIZE).optional(),
});

export const leadRouter = router({
  create: authedProcedure
    .input(leadBodySchema)
    .output(idSchema)
    .mutation(({ ctx, input }) => createLead(ctx.db.prisma, ctx.actor, input)),

  update: authedProcedure
    .input(leadWithIdSchema)
    .output(idSchema)
    .mutation(({ ctx, input: { id, ...body } }) => updateLead(ctx.db.prisma, ctx.actor, id, body)),

  convert: authedProcedure
    .input(leadWithIdSchema)
    .output(idSchema)
    .mutation(async ({ ctx, input: { id, ...body } }) => (await convertLead(ctx.db.prisma, ctx.actor, id, body)).clientId),

  get: authedProcedure
    .input(byIdSchema)
    .output(storedLeadSchema)
    .query(({ ctx, input }) => getLead(ctx.db.prisma, ctx.actor, input.id)),

  list: authedProcedure
    .input(leadListInputSchema)
    .output(leadPageSchema)
    .query(({ ctx, input }) => listLeads(ctx.db.prisma, ctx.actor, input)),

  matchPreview: authedProcedure
    .input(byIdSchema)
    .output(matchPreviewSchema)
    .query(({ ctx, input }) => previewMatch(ctx.db.prisma, ctx.actor, input.id)),
});
