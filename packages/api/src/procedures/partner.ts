// partner.*: the partners (shops, lead generators) the lender works with, for the admin pages that
// pick one (the webhooks page). Partners and their keys are made by the CLI (`pnpm cli partner
// create`); tRPC only, no REST: a partner has no use for the list of the others.

import { listPartners } from "@leadcore/core";
import { idSchema } from "@leadcore/schema";
import { z } from "zod";
import { adminProcedure, router } from "../trpc.ts";

export const partnerRouter = router({
  list: adminProcedure
    .input(z.object({}))
    .output(z.array(z.object({ id: idSchema, name: z.string().max(200) })).max(1000))
    .query(({ ctx }) => listPartners(ctx.db.prisma)),
});
