// dashboard.get: the admins' dashboard (core dashboard.ts), over the last 7, 30 or 90 days.
// Admins only, tRPC only: it is the lender's own picture of its intake.
import { DASHBOARD_PERIODS, dashboard } from "@leadcore/core";
import { idSchema, LIMITS } from "@leadcore/schema";
import { z } from "zod";
import { adminProcedure, router } from "../trpc.ts";

const counts = z.array(z.int().min(0)).max(90);

export const dashboardRouter = router({
  get: adminProcedure
    .input(z.strictObject({ days: z.union(DASHBOARD_PERIODS.map((d) => z.literal(d))) }))
    .output(
      z.object({
        days: z.int(),
        dates: z.array(z.string().max(10)).max(90),
        byChannel: z.array(z.object({ channel: z.string().max(40).nullable(), counts })).max(20),
        byPartner: z
          .array(
            z.object({
              partnerId: idSchema.nullable(),
              name: z.string().max(LIMITS.title).nullable(),
              other: z.boolean(),
              counts,
            }),
          )
          .max(10),
        outcomes: z.object({
          NEW: z.int().min(0),
          CONVERTED: z.int().min(0),
          DENIED: z.int().min(0),
          WITHDRAWN: z.int().min(0),
        }),
        topDenialReasons: z
          .array(
            z.object({
              code: z.string().max(40),
              title: z.string().max(LIMITS.title),
              count: z.int(),
            }),
          )
          .max(5),
        queues: z.object({
          newLeads: z.int().min(0),
          unassigned: z.int().min(0),
          openSuspicions: z.int().min(0),
        }),
      }),
    )
    .query(({ ctx, input }) => dashboard(ctx.db.prisma, ctx.actor, input.days)),
});
