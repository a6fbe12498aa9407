// referenceList.*: the lender's own lists a lead's ids point into (core reference-lists.ts).
// Every signed-in operator reads them (the lead editor's pickers, the lead view's names); only
// admins change them. tRPC only: partners send ids, and LeadCore takes any id they send.

import { createReferenceEntry, listReferenceEntries, updateReferenceEntry } from "@leadcore/core";
import {
  lenderListSchema,
  referenceEntryCreateSchema,
  referenceEntrySchema,
  referenceEntryUpdateSchema,
} from "@leadcore/schema";
import { z } from "zod";
import { adminProcedure, operatorProcedure, router } from "../trpc.ts";

export const referenceListRouter = router({
  list: operatorProcedure
    .input(z.strictObject({ list: lenderListSchema.optional() }))
    .output(z.array(referenceEntrySchema).max(60_000))
    .query(({ ctx, input }) => listReferenceEntries(ctx.db.prisma, input)),

  create: adminProcedure
    .input(referenceEntryCreateSchema)
    .output(referenceEntrySchema)
    .mutation(({ ctx, input }) => createReferenceEntry(ctx.db.prisma, input)),

  update: adminProcedure
    .input(referenceEntryUpdateSchema)
    .output(referenceEntrySchema)
    .mutation(({ ctx, input: { list, id, ...change } }) =>
      updateReferenceEntry(ctx.db.prisma, { list, id }, change),
    ),
});
