// The whole API as one router: what the tRPC endpoint, the REST adapter (rest.ts) and the server
// components serve, and the types typed callers infer from it.

import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { z } from "zod";
import { authRouter } from "./procedures/auth.ts";
import { clientRouter } from "./procedures/client.ts";
import { dashboardRouter } from "./procedures/dashboard.ts";
import { dataDestructionRouter } from "./procedures/data-destruction.ts";
import { dataRequestRouter } from "./procedures/data-request.ts";
import { denialReasonRouter } from "./procedures/denial-reason.ts";
import { duplicateRouter } from "./procedures/duplicate.ts";
import { leadRouter } from "./procedures/lead.ts";
import { operatorRouter } from "./procedures/operator.ts";
import { partnerRouter } from "./procedures/partner.ts";
import { personalDataRouter } from "./procedures/personal-data.ts";
import { referenceListRouter } from "./procedures/reference-list.ts";
import { stopListRouter } from "./procedures/stop-list.ts";
import { webhookRouter } from "./procedures/webhook.ts";
import { publicProcedure, router } from "./trpc.ts";

export const appRouter = router({
  // The one health check: the database answers a query. Unreachable, it fails as every call does
  // then (503); /api/health asks this, for a load balancer.
  health: publicProcedure.output(z.object({ ok: z.literal(true) })).query(async ({ ctx }) => {
    await ctx.db.prisma.$queryRaw`SELECT 1`;
    return { ok: true as const };
  }),
  auth: authRouter,
  lead: leadRouter,
  client: clientRouter,
  duplicate: duplicateRouter,
  dashboard: dashboardRouter,
  dataDestruction: dataDestructionRouter,
  dataRequest: dataRequestRouter,
  denialReason: denialReasonRouter,
  referenceList: referenceListRouter,
  operator: operatorRouter,
  partner: partnerRouter,
  personalData: personalDataRouter,
  stopList: stopListRouter,
  webhook: webhookRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
