// stopList.*: admins manage the stop-list from the web UI (the CLI imports files from a shell).
// tRPC only, no REST route: a partner must never learn what is listed, nor which entry a lead hit;
// every procedure answers 403 to anyone but a signed-in admin.
//
// Each change writes one log line saying which admin did what to which entry, by id and kind:
// entries are personal data and never reach a log.

import {
  type Actor,
  addStopListEntry,
  importStopList,
  listStopListEntries,
  MAX_PAGE_SIZE,
  removeStopListEntry,
  stopListEntryHistory,
} from "@leadcore/core";
import {
  idSchema,
  STOP_LIST_LIMITS,
  STOP_LIST_STATUSES,
  stopListEntrySchema,
  stopListEntryViewSchema,
  stopListHistorySchema,
  stopListImportReportSchema,
  stopListKindSchema,
  stopListPageSchema,
} from "@leadcore/schema";
import { z } from "zod";
import { logger } from "../logger.ts";
import { adminProcedure, router } from "../trpc.ts";

// adminProcedure guarantees an operator; the narrowing is for the types.
const loginOf = (actor: Actor) => (actor.kind === "operator" ? actor.login : actor.kind);

function logChange(actor: Actor, action: string, details: Record<string, string | number>): void {
  logger.info({ event: `stopList.${action}`, by: loginOf(actor), ...details }, "stop-list changed");
}

export const stopListRouter = router({
  list: adminProcedure
    .input(
      z.object({
        kind: stopListKindSchema.optional(),
        search: z.string().max(STOP_LIST_LIMITS.search).optional(),
        status: z.enum(STOP_LIST_STATUSES).optional(),
        cursor: idSchema.optional(),
        limit: z.int().min(1).max(MAX_PAGE_SIZE).optional(),
      }),
    )
    .output(stopListPageSchema)
    .query(({ ctx, input }) => listStopListEntries(ctx.db.prisma, input)),

  add: adminProcedure
    .input(stopListEntrySchema)
    .output(z.object({ entry: stopListEntryViewSchema, outcome: z.enum(["ADDED", "READDED"]) }))
    .mutation(async ({ ctx, input }) => {
      const added = await addStopListEntry(ctx.db.prisma, input, loginOf(ctx.actor));
      logChange(ctx.actor, "add", { entryId: added.entry.id, kind: added.entry.kind });
      return added;
    }),

  remove: adminProcedure
    .input(z.object({ id: idSchema, comment: z.string().max(STOP_LIST_LIMITS.reason).optional() }))
    .output(stopListEntryViewSchema)
    .mutation(async ({ ctx, input }) => {
      const removed = await removeStopListEntry(
        ctx.db.prisma,
        input.id,
        loginOf(ctx.actor),
        input.comment,
      );
      logChange(ctx.actor, "remove", { entryId: removed.id, kind: removed.kind });
      return removed;
    }),

  history: adminProcedure
    .input(z.object({ id: idSchema }))
    .output(stopListHistorySchema)
    .query(({ ctx, input }) => stopListEntryHistory(ctx.db.prisma, input.id)),

  // One call takes a file of at most STOP_LIST_LIMITS.importChars characters (and the 256 KiB
  // body limit of every call); the page sends a bigger one in parts (splitStopListCsv), each
  // with the lineOffset that keeps its line numbers those of the whole file.
  import: adminProcedure
    .input(
      z.object({
        csv: z.string().max(STOP_LIST_LIMITS.importChars),
        lineOffset: z.int().min(0).max(100_000_000).optional(),
      }),
    )
    .output(stopListImportReportSchema)
    .mutation(async ({ ctx, input }) => {
      const report = await importStopList(ctx.db.prisma, input.csv, loginOf(ctx.actor), {
        lineOffset: input.lineOffset,
      });
      logChange(ctx.actor, "import", {
        rows: report.rows,
        imported: report.imported,
        alreadyListed: report.alreadyListed,
        badRows: report.badRows.length,
      });
      return report;
    }),
});
