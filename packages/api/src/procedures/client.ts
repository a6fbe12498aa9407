import {
  acceptContactProposal,
  getClient,
  listClients,
  MAX_PAGE_SIZE,
  rejectContactProposal,
} from "@leadcore/core";
import { clientPageSchema, clientViewSchema, idSchema } from "@leadcore/schema";
import { z } from "zod";
import { authedProcedure, operatorProcedure, router } from "../trpc.ts";

// Deciding on a partner's proposed contact change is an operator's judgement (operatorProcedure):
// a partner key must not accept the change its own conversion proposed; a service key has no
// person behind it.
/** A proposal is the contact changes one lead's conversion proposed for one client. */
const proposalSchema = z.object({ clientId: idSchema, leadId: idSchema });

export const clientRouter = router({
  get: authedProcedure
    .input(z.object({ id: idSchema }))
    .output(clientViewSchema)
    .query(({ ctx, input }) => getClient(ctx.db.prisma, ctx.actor, input.id)),

  list: authedProcedure
    .input(
      z.object({
        search: z.string().max(100).optional(),
        cursor: idSchema.optional(),
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
});
