// dataDestruction.*: the act of destroyed personal data (152-FZ asks a lender to record each
// destruction): which lead, under which policy, when. Admins only, tRPC only; it holds ids, never
// a personal value.
import { listDataDestructions } from "@leadcore/core";
import { timestamp } from "@leadcore/schema";
import { z } from "zod";
import { adminProcedure, router } from "../trpc.ts";

const destructionSchema = z.object({
  id: z.number().int(),
  leadId: z.number().int(),
  policy: z.enum(["RETENTION", "CONSENT_WITHDRAWN", "REQUEST"]),
  at: timestamp,
});

export const dataDestructionRouter = router({
  list: adminProcedure
    .input(z.strictObject({ limit: z.number().int().min(1).max(10_000).optional() }).optional())
    .output(z.array(destructionSchema).max(10_000))
    .query(async ({ ctx, input }) =>
      (await listDataDestructions(ctx.db.prisma, { limit: input?.limit })).map((record) => ({
        ...record,
        at: record.at.toISOString(),
      })),
    ),
});
