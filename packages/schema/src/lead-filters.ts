// The leads list's filter, as lead.list (REST), lead.search (the operator UI) and lead.exportStart
// take it: one definition, so an export selects exactly the leads the list shows.

import { z } from "zod";
import { calendarDateSchema, channelSchema } from "./lead-contract.ts";
import {
  idSchema,
  leadSortSchema,
  leadStatusSchema,
  MAX_LIST_OFFSET,
  MAX_PAGE_SIZE,
  sortOrderSchema,
} from "./views.ts";

const calendarDate = calendarDateSchema();

// Filters only: these travel in the URL of GET /api/v1/leads, so they hold no personal data.
export const leadListInputSchema = z.object({
  status: leadStatusSchema.optional(),
  channel: channelSchema.optional(),
  createdFrom: calendarDate
    .optional()
    .meta({ description: "Created on or after this date (UTC), YYYY-MM-DD" }),
  createdTo: calendarDate
    .optional()
    .meta({ description: "Created on or before this date (UTC), YYYY-MM-DD" }),
  cursor: idSchema.optional().meta({ description: "nextCursor of the previous page" }),
  limit: z
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .meta({ format: "int32", description: "Page size, 50 when absent" })
    .optional(),
});

/** The longest search text the list (and an export of it) takes. */
export const LEAD_SEARCH_MAX_LENGTH = 100;

// The operator UI's list: the REST filters, a search by name, phone or passport number, who
// works the leads, the order, and numbered pages (an offset) where REST pages by cursor. tRPC
// only, sent as POST so a search never lands in a URL.
export const leadSearchInputSchema = leadListInputSchema.omit({ cursor: true }).extend({
  search: z
    .string()
    .max(LEAD_SEARCH_MAX_LENGTH)
    .optional()
    .meta({ description: "Last name [first name [patronymic]], mobile phone or passport number" }),
  assignee: z
    .enum(["me", "none"])
    .optional()
    .meta({ description: "me: the signed-in operator's leads; none: leads nobody works" }),
  managerId: idSchema.optional().meta({ description: "The leads of this operator" }),
  sort: leadSortSchema.optional().meta({ description: "The order, by creation when absent" }),
  order: sortOrderSchema
    .optional()
    .meta({ description: "desc (newest, largest first) when absent" }),
  offset: z
    .int()
    .min(0)
    .max(MAX_LIST_OFFSET)
    .optional()
    .meta({ description: "Rows to skip: (page - 1) * limit" }),
});
export type LeadSearchInput = z.infer<typeof leadSearchInputSchema>;

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * The most rows one export writes: a filter that matches more is refused (EXPORT_TOO_LARGE).
 * XLSX holds 1 048 576 rows a sheet, the header included; a million is also about 150 MB of CSV.
 */
export const MAX_EXPORT_ROWS = 1_000_000;

// An export of the list as it is filtered: the list's filter without its page (an export is all
// of it) and without its order (an export is newest first, by lead number, so it can be read in
// batches by id). Strict: a misspelt filter would export more than the admin meant.
export const leadExportInputSchema = z.strictObject({
  ...leadSearchInputSchema.omit({ offset: true, limit: true, sort: true, order: true }).shape,
  format: z.enum(EXPORT_FORMATS),
});
export type LeadExportInput = z.infer<typeof leadExportInputSchema>;

/** What exportStart answers: the export to download (POST /api/exports/{exportId}) and its rows. */
export const leadExportStartedSchema = z.object({
  exportId: idSchema,
  total: z.int().min(0).max(MAX_EXPORT_ROWS),
});

/** The body of the download request: the search again, which LeadCore never stores. */
export const leadExportDownloadSchema = z.strictObject({
  search: z.string().max(LEAD_SEARCH_MAX_LENGTH).optional(),
});

/** How far a download is: rows handed to the connection so far, of the rows counted at the start. */
export const leadExportProgressSchema = z.object({
  total: z.int().min(0).max(MAX_EXPORT_ROWS),
  rowsWritten: z.int().min(0).max(MAX_EXPORT_ROWS),
  finished: z.boolean(),
});
