import { z } from "zod";
import { clientPageSchema, clientViewSchema, idSchema } from "@leadcore/schema";
import { getClient, listClients, MAX_PAGE_SIZE } from "@leadcore/core";
import { authedProcedure, router } from "../trpc.ts";

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
});
