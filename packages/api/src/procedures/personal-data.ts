// personalData.*: who looked at a person's data (core personal-data-access.ts), and the one masked
// value an admin may reveal, recorded as it is read. Admins only, tRPC only: a revealed value
// goes in a POST answer, never in a URL.
import { accessesOf, revealLeadPhone } from "@leadcore/core";
import { idSchema, personalDataAccessSchema } from "@leadcore/schema";
import { z } from "zod";
import { adminProcedure, router } from "../trpc.ts";

export const personalDataRouter = router({
  accessesOf: adminProcedure
    .input(z.union([z.strictObject({ leadId: idSchema }), z.strictObject({ clientId: idSchema })]))
    .output(z.array(personalDataAccessSchema).max(100))
    .query(({ ctx, input }) => accessesOf(ctx.db.prisma, input)),

  revealLeadPhone: adminProcedure
    .input(z.strictObject({ id: idSchema }))
    .output(z.object({ mobilePhone: z.string().nullable() }))
    .mutation(async ({ ctx, input }) => ({
      mobilePhone: await revealLeadPhone(ctx.db.prisma, ctx.actor, input.id),
    })),
});
