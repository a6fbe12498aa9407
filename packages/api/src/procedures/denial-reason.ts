// denialReason.*: the dictionary of why leads are denied. Everyone who may read leads reads it
// (partners over REST, to show their shopper the lender's answer); admins change it, tRPC only.

import {
  createDenialReason,
  deleteDenialReason,
  listDenialReasons,
  updateDenialReason,
} from "@leadcore/core";
import { denialReasonSchema, idSchema, LIMITS } from "@leadcore/schema";
import { z } from "zod";
import { adminProcedure, authedProcedure, router } from "../trpc.ts";

const reasonsSchema = z.array(denialReasonSchema).max(1000);
const titleSchema = z.string().min(1).max(LIMITS.title);

export const denialReasonRouter = router({
  list: authedProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/denial-reasons",
        summary: "The denial reasons a lead can carry",
        description:
          "Every reason, active first: a DENIED lead's `denial.reason` and `denialReasonId` name one of them. " +
          "`code` is stable; `title` is the lender's Russian wording. Inactive reasons are no longer used for new denials.",
        tags: ["denial reasons"],
        protect: true,
        errorResponses: [400, 401, 429, 500, 503],
      },
    })
    .input(z.object({}))
    .output(reasonsSchema)
    .query(({ ctx }) => listDenialReasons(ctx.db.prisma)),

  create: adminProcedure
    .input(z.strictObject({ code: z.string().min(1).max(40), title: titleSchema }))
    .output(denialReasonSchema)
    .mutation(({ ctx, input }) => createDenialReason(ctx.db.prisma, input)),

  update: adminProcedure
    .input(
      z.strictObject({
        id: idSchema,
        title: titleSchema.optional(),
        active: z.boolean().optional(),
      }),
    )
    .output(denialReasonSchema)
    .mutation(({ ctx, input: { id, ...change } }) => updateDenialReason(ctx.db.prisma, id, change)),

  delete: adminProcedure
    .input(z.strictObject({ id: idSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteDenialReason(ctx.db.prisma, input.id);
      return { ok: true as const };
    }),
});
