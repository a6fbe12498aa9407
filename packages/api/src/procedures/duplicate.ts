// duplicate.*: duplicate suspicion for the lender's staff (issue 13). Reads are for operators and
// service keys; a partner key gets "not found" from the domain functions, since it never sees
// another client, not even a name. The verdict "not the same person" is an operator's judgement.
// No REST routes: partners have no use for them, and internal services call tRPC.
import {
  clientSuspects,
  leadRepeats,
  listDuplicatePairs,
  MAX_PAGE_SIZE,
  markNotSamePerson,
} from "@leadcore/core";
import {
  duplicatePairPageSchema,
  duplicatePairStatusSchema,
  idSchema,
  leadRepeatsSchema,
  suspectListSchema,
} from "@leadcore/schema";
import { z } from "zod";
import { authedProcedure, operatorProcedure, router } from "../trpc.ts";

export const duplicateRouter = router({
  /** A client's possible duplicates, best first. */
  ofClient: authedProcedure
    .input(z.strictObject({ id: idSchema }))
    .output(suspectListSchema)
    .query(({ ctx, input }) => clientSuspects(ctx.db.prisma, ctx.actor, input.id)),

  /** The queue of pairs of one status (OPEN by default), the most likely first. */
  list: authedProcedure
    .input(
      z.strictObject({
        status: duplicatePairStatusSchema.optional(),
        cursor: idSchema.optional(),
        limit: z.int().min(1).max(MAX_PAGE_SIZE).optional(),
      }),
    )
    .output(duplicatePairPageSchema)
    .query(({ ctx, input }) => listDuplicatePairs(ctx.db.prisma, ctx.actor, input)),

  notSamePerson: operatorProcedure
    .input(z.strictObject({ clientId: idSchema, otherClientId: idSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await markNotSamePerson(ctx.db.prisma, ctx.actor, input.clientId, input.otherClientId);
      return { ok: true as const };
    }),

  /** Other leads of the same person that make this one a repeat request. */
  repeatsOfLead: authedProcedure
    .input(z.strictObject({ id: idSchema }))
    .output(leadRepeatsSchema)
    .query(({ ctx, input }) => leadRepeats(ctx.db.prisma, ctx.actor, input.id)),
});
