// dataRequest.*: a data subject's request to erase their personal data (152-FZ; core
// data-subject-requests.ts). Admins only, tRPC only: the person is named by passport or phone, so
// both calls that carry them are mutations (a POST body), never a query whose input would sit in
// a URL. Each recorded request writes one log line with its id and counts, never an identifier.
import {
  type Actor,
  getDataRequest,
  listDataRequests,
  previewHoldings,
  recordDataRequest,
} from "@leadcore/core";
import {
  dataHoldingsSchema,
  dataRequestInputSchema,
  dataRequestSummarySchema,
  dataRequestViewSchema,
  dataSubjectSchema,
  idSchema,
} from "@leadcore/schema";
import { z } from "zod";
import { logger } from "../logger.ts";
import { adminProcedure, router } from "../trpc.ts";

const loginOf = (actor: Actor) => (actor.kind === "operator" ? actor.login : actor.kind);

export const dataRequestRouter = router({
  /** What is held about the person, and what recording the request would do with each record. */
  preview: adminProcedure
    .input(z.strictObject({ subject: dataSubjectSchema }))
    .output(dataHoldingsSchema)
    .mutation(({ ctx, input }) => previewHoldings(ctx.db.prisma, ctx.actor, input.subject)),

  /** Records the request and carries it out in one transaction. */
  record: adminProcedure
    .input(dataRequestInputSchema)
    .output(dataRequestViewSchema)
    .mutation(async ({ ctx, input }) => {
      const request = await recordDataRequest(ctx.db.prisma, ctx.actor, input);
      logger.info(
        {
          event: "dataRequest.recorded",
          by: loginOf(ctx.actor),
          requestId: request.id,
          erased: request.erased,
          kept: request.kept,
        },
        "data subject's request carried out",
      );
      return request;
    }),

  list: adminProcedure
    .input(z.strictObject({ limit: z.int().min(1).max(1000).optional() }).optional())
    .output(z.array(dataRequestSummarySchema).max(1000))
    .query(({ ctx, input }) => listDataRequests(ctx.db.prisma, ctx.actor, { limit: input?.limit })),

  get: adminProcedure
    .input(z.strictObject({ id: idSchema }))
    .output(dataRequestViewSchema)
    .query(({ ctx, input }) => getDataRequest(ctx.db.prisma, ctx.actor, input.id)),
});
