// The record of who looked at a person's data (core personal-data-access.ts): ids and kinds only.
import { z } from "zod";
import { idSchema, timestamp } from "./views.ts";

export const personalDataAccessKindSchema = z.enum([
  "VIEW_LEAD",
  "VIEW_CLIENT",
  "REVEAL",
  "EXPORT",
]);

export const personalDataAccessSchema = z
  .object({
    at: timestamp,
    kind: personalDataAccessKindSchema,
    operator: z.object({ id: idSchema, login: z.string() }),
    field: z.string().optional().meta({ description: "The revealed field's contract path" }),
    exportId: idSchema.optional().meta({ description: "The export file the lead went into" }),
  })
  .meta({ id: "PersonalDataAccess" });

export type PersonalDataAccessView = z.infer<typeof personalDataAccessSchema>;
