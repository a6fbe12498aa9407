import {
  acceptContactProposal,
  getClient,
  listClients,
  MAX_PAGE_SIZE,
  mergeClients,
  mergePreview,
  recordAccess,
  rejectContactProposal,
} from "@leadcore/core";
import {
  calendarDateSchema,
  clientMergeInputSchema,
  clientMergePairSchema,
  clientMergePreviewSchema,
  clientPageSchema,
  clientViewSchema,
  idSchema,
  MAX_LIST_OFFSET,
  sortOrderSchema,
} from "@leadcore/schema";
import { z } from "zod";
import { authedProcedure, operatorProcedure, router } from "../trpc.ts";

// Deciding on a partner's proposed contact change is an operator's judgement (operatorProcedure):
// a partner key must not accept the change its own conversion proposed; a service key has no
// person behind it.
//
// Merging two clients is operator-only tRPC too, with no REST route: it is a person's judgement
// that two records are one human being, it cannot be undone, and it rewrites which client owns
// applications other systems refer to. A service key has no person to record as `mergedBy`, and
// partners never see clients at all; internal services that find likely duplicates queue them
// for an operator instead (the duplicate queue).
const calendarDate = calendarDateSchema();

/** A proposal is the contact changes one lead's conversion proposed for one client. */
const proposalSchema = z.object({ clientId: idSchema, leadId: idSchema });

export const clientRouter = router({
  get: authedProcedure
    .input(z.object({ id: idSchema }))
    .output(clientViewSchema)
    .query(async ({ ctx, input }) => {
      const client = await getClient(ctx.db.prisma, ctx.actor, input.id);
      // The client shown (a merged one answers with its client) is the one recorded as viewed.
      await recordAccess(ctx.db.prisma, ctx.actor, { kind: "VIEW_CLIENT", clientId: client.id });
      return client;
    }),

  list: authedProcedure
    .input(
      z.object({
        search: z.string().max(100).optional().meta({
          description: "Last name [first name], passport number (6 or 10 digits) or mobile phone",
        }),
        createdFrom: calendarDate.optional(),
        createdTo: calendarDate.optional(),
        sort: z.enum(["created", "name"]).optional(),
        order: sortOrderSchema.optional(),
        offset: z.int().min(0).max(MAX_LIST_OFFSET).optional(),
        limit: z.int().min(1).max(MAX_PAGE_SIZE).optional(),
      }),
    )
    .output(clientPageSchema)
    .query(({ ctx, input }) => listClients(ctx.db.prisma, ctx.actor, input)),

  acceptContactProposal: operatorProcedure
    .input(proposalSchema)
    .output(clientViewSchema)
    .mutation(({ ctx, input }) =>
      acceptContactProposal(ctx.db.prisma, ctx.actor, input.clientId, input.leadId),
    ),

  rejectContactProposal: operatorProcedure
    .input(proposalSchema)
    .output(clientViewSchema)
    .mutation(({ ctx, input }) =>
      rejectContactProposal(ctx.db.prisma, ctx.actor, input.clientId, input.leadId),
    ),

  /** Where two clients differ before a merge, with the default choice per field. */
  mergePreview: operatorProcedure
    .input(clientMergePairSchema)
    .output(clientMergePreviewSchema)
    .query(({ ctx, input }) =>
      mergePreview(ctx.db.prisma, ctx.actor, input.targetId, input.sourceId),
    ),

  /** Merges the source client into the target; the answer is the target as it is after. */
  merge: operatorProcedure
    .input(clientMergeInputSchema)
    .output(clientViewSchema)
    .mutation(({ ctx, input }) => mergeClients(ctx.db.prisma, ctx.actor, input)),
});
