import { z } from "zod";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { authRouter } from "./procedures/auth.ts";
import { clientRouter } from "./procedures/client.ts";
import { leadRouter } from "./procedures/lead.ts";
import { operatorRouter } from "./procedures/operator.ts";
import { publicProcedure, router } from "./trpc.ts";

export const appRouter = router({
  health: publicProcedure.output(z.object({ ok: z.literal(true) })).query(() => ({ ok: true as const })),
  auth: authRouter,
  lead: leadRouter,
  client: clientRouter,
  operator: operatorRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
