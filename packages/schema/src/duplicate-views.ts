// What the duplicate procedures return (packages/api procedures/duplicate.ts): a client's suspects,
// the queue of pairs, a lead's repeat requests. Staff only: no partner key reaches them.
import { z } from "zod";
import {
  duplicatePairStatusSchema,
  duplicateReasonSchema,
  duplicateScoreSchema,
} from "./duplicates.ts";
import {
  clientSummarySchema,
  idSchema,
  leadStatusSchema,
  MAX_PAGE_SIZE,
  suspectSchema,
  timestamp,
} from "./views.ts";

export const suspectListSchema = z.array(suspectSchema).meta({ id: "DuplicateSuspects" });

export const duplicatePairSchema = z
  .object({
    id: idSchema,
    score: duplicateScoreSchema,
    reasons: z.array(duplicateReasonSchema),
    status: duplicatePairStatusSchema,
    createdAt: timestamp,
    decidedAt: timestamp.nullable(),
    /** The login of the operator who decided. */
    decidedBy: z.string().nullable(),
    /** The two clients, the earlier first. */
    clients: z.tuple([clientSummarySchema, clientSummarySchema]),
  })
  .meta({ id: "DuplicatePair" });

export const duplicatePairPageSchema = z
  .object({
    items: z.array(duplicatePairSchema).max(MAX_PAGE_SIZE),
    nextCursor: idSchema.nullable(),
    /** Pairs of this status in all. */
    total: z.int().min(0),
  })
  .meta({ id: "DuplicatePairPage" });

export const leadRepeatSchema = z
  .object({
    id: idSchema,
    status: leadStatusSchema,
    createdAt: timestamp,
    /** passport: the same series and number; phone: the same mobile phone, last and first name. */
    sameBy: z.enum(["passport", "phone"]),
  })
  .meta({ id: "LeadRepeat" });

export const leadRepeatsSchema = z.array(leadRepeatSchema).meta({ id: "LeadRepeats" });

export type DuplicatePairPage = z.infer<typeof duplicatePairPageSchema>;
export type LeadRepeat = z.infer<typeof leadRepeatSchema>;
export type Suspect = z.infer<typeof suspectSchema>;
