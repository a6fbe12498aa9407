// lead.* procedures: each validates with the contract, calls one domain function, returns its view.

import {
  type Actor,
  assignLead,
  commentLead,
  convertLead,
  createLead,
  denyLead,
  forEachLead,
  getLead,
  type LeadSearch,
  leadExportProgress,
  leadHistory,
  listLeads,
  MAX_BULK_LEADS,
  previewMatch,
  recordAccess,
  reopenLead,
  searchLeads,
  startLeadExport,
  takeLead,
  updateLead,
  withdrawConsent,
  withdrawLead,
} from "@leadcore/core";
import {
  type BulkOutcomeView,
  bulkOutcomeSchema,
  consentWithdrawalInputSchema,
  consentWithdrawalSchema,
  conversionResultSchema,
  idSchema,
  type LeadSearchInput,
  LOGIN_MAX_LENGTH,
  leadBodySchema,
  leadExportInputSchema,
  leadExportProgressSchema,
  leadExportStartedSchema,
  leadHistorySchema,
  leadListInputSchema,
  leadPageSchema,
  leadSearchInputSchema,
  leadSearchPageSchema,
  matchPreviewSchema,
  storedLeadSchema,
  TRANSITION_TEXT_MAX,
} from "@leadcore/schema";
import { z } from "zod";
import { apiSettings } from "../settings.ts";
import { adminProcedure, authedProcedure, operatorProcedure, router } from "../trpc.ts";
import { restRoutes } from "./rest-route.ts";

/** The lead contract with the lead's id at the top level (the REST body is the lead itself). */
export const leadWithIdSchema = leadBodySchema.extend({ id: idSchema });
const byIdSchema = z.object({ id: idSchema });
/** The list filter of a search: "me" is the signed-in operator (nobody, for an API key). */
function assigneeFilter(actor: Actor, input: Omit<LeadSearchInput, "limit">): LeadSearch {
  const { assignee, managerId, ...rest } = input;
  if (assignee === "none") return { ...rest, unassigned: true };
  if (assignee === "me") {
    return { ...rest, managerId: actor.kind === "operator" ? Number(actor.operatorId) : -1 };
  }
  return { ...rest, managerId };
}

// A move's input is strict, like the lead's body: a misspelt field is an error, never dropped.
const moveOf = <Shape extends z.ZodRawShape>(shape: Shape) =>
  z.strictObject({ id: idSchema, ...shape });
const commentSchema = z.string().max(TRANSITION_TEXT_MAX);
const idsSchema = z.array(idSchema).min(1).max(MAX_BULK_LEADS);
const loginOrNobody = z
  .string()
  .min(1)
  .max(LOGIN_MAX_LENGTH)
  .nullable()
  .meta({ description: "The operator's login; null unassigns" });

/** A bulk action's outcome per lead, with the refusal's reason and message where it failed. */
const bulkView = (outcomes: Awaited<ReturnType<typeof forEachLead>>): BulkOutcomeView =>
  outcomes.map((outcome) =>
    outcome.ok
      ? { id: outcome.id, ok: true }
      : {
          id: outcome.id,
          ok: false,
          reason: outcome.error.reason,
          message: outcome.error.message,
        },
  );

// Every REST call can also meet a 500 (a fault of ours) and a 503 (the database is unreachable:
// retry after Retry-After); openapi.ts adds the headers the adapter cannot express.
const rest = restRoutes("leads", [400, 401, 404, 409, 413, 415, 422, 429, 500, 503]);

export const leadRouter = router({
  create: authedProcedure
    .meta({
      openapi: {
        ...rest(
          "POST",
          "/leads",
          "Create a lead",
          "Send an `Idempotency-Key` header to make retries safe: the same key with the same body returns " +
            "the first lead's id and creates nothing; the same key with another body is a 409.",
        ).openapi,
        requestHeaders: z.object({ "Idempotency-Key": z.string().min(1).max(200).optional() }),
      },
    })
    .input(leadBodySchema)
    .output(idSchema)
    .mutation(({ ctx, input }) =>
      createLead(ctx.db.prisma, ctx.actor, input, {
        idempotencyKey: ctx.idempotencyKey,
        requirePersonalDataConsent: apiSettings().requirePersonalDataConsent,
      }),
    ),

  update: authedProcedure
    .meta(
      rest(
        "PUT",
        "/leads/{id}",
        "Edit an existing lead (the body replaces the lead)",
        "The body replaces the lead: fields left out become empty. A body `id` must be absent or equal to the path's. " +
          "A converted lead is no longer edited (409).",
      ),
    )
    .input(leadWithIdSchema)
    .output(idSchema)
    .mutation(({ ctx, input: { id, ...body } }) =>
      updateLead(ctx.db.prisma, ctx.actor, id, body, ctx.db.sql),
    ),

  convert: authedProcedure
    .meta(
      rest(
        "POST",
        "/leads/{id}/convert",
        "Create a client from a lead, or add the application to the matching client",
        "The body is the lead, as for an edit, and is written with the conversion. The answer is the client's id: " +
          "an existing client's when the person is already known, a new one's otherwise. " +
          "A lead missing what a client needs is a 422 whose issues say which fields.",
      ),
    )
    .input(leadWithIdSchema)
    .output(idSchema)
    .mutation(
      async ({ ctx, input: { id, ...body } }) =>
        (await convertLead(ctx.db.prisma, ctx.actor, id, body, ctx.db.sql)).clientId,
    ),

  // tRPC only: the same conversion, answering all of it (the client, the new application, whether
  // the lead joined a client or made one) for typed callers and the operator UI, where REST's
  // convert answers the client id alone, as the seed demands.
  convertWithOutcome: authedProcedure
    .input(leadWithIdSchema)
    .output(conversionResultSchema)
    .mutation(({ ctx, input: { id, ...body } }) =>
      convertLead(ctx.db.prisma, ctx.actor, id, body, ctx.db.sql),
    ),

  get: authedProcedure
    .meta(
      rest(
        "GET",
        "/leads/{id}",
        "Read a lead",
        "The lead as written, with its status, conversion and identifier warnings. The card CVC is never stored; " +
          "the card number comes back masked. Another partner's lead answers 404, exactly like a missing one.",
      ),
    )
    .input(byIdSchema)
    .output(storedLeadSchema)
    .query(async ({ ctx, input }) => {
      const lead = await getLead(ctx.db.prisma, ctx.actor, input.id);
      // An operator's look at the lead's data is recorded (who looked: personal-data-access.ts).
      await recordAccess(ctx.db.prisma, ctx.actor, { kind: "VIEW_LEAD", leadId: input.id });
      return lead;
    }),

  list: authedProcedure
    .meta(
      rest(
        "GET",
        "/leads",
        "List leads, newest first",
        "A partner sees only its own leads. Pass a page's `nextCursor` as `cursor` for the next page; it is null on the last.",
      ),
    )
    .input(leadListInputSchema)
    .output(leadPageSchema)
    .query(({ ctx, input }) => listLeads(ctx.db.prisma, ctx.actor, input)),

  search: authedProcedure
    .input(leadSearchInputSchema)
    .output(leadSearchPageSchema)
    .query(({ ctx, input }) =>
      searchLeads(ctx.db.prisma, ctx.actor, assigneeFilter(ctx.actor, input)),
    ),

  // An admin's export of the list as filtered (core lead-export.ts): this counts and records it;
  // the file itself streams from POST /api/exports/{exportId} (export-http.ts), once.
  exportStart: adminProcedure
    .input(leadExportInputSchema)
    .output(leadExportStartedSchema)
    .mutation(({ ctx, input: { format, ...filter } }) => {
      const { sort: _sort, order: _order, ...selection } = assigneeFilter(ctx.actor, filter);
      return startLeadExport(ctx.db.prisma, ctx.actor, format, selection);
    }),

  /** How many rows of the admin's own export the download has written (the UI's progress). */
  exportProgress: adminProcedure
    .input(z.strictObject({ exportId: idSchema }))
    .output(leadExportProgressSchema)
    .query(({ ctx, input }) => leadExportProgress(ctx.db.prisma, ctx.actor, input.exportId)),

  // The lead's life (core lead-lifecycle.ts). Each answers the lead as it is after the move.
  withdraw: authedProcedure
    .meta(
      rest(
        "POST",
        "/leads/{id}/withdraw",
        "Withdraw a lead (the shopper cancelled)",
        "Only a NEW lead is withdrawn; it becomes read-only. `reason` is optional free text, returned with the lead. " +
          "A lead in another state is a 409 whose reason names that state (LEAD_CONVERTED, LEAD_DENIED, LEAD_WITHDRAWN).",
      ),
    )
    .input(moveOf({ reason: commentSchema.optional() }))
    .output(storedLeadSchema)
    .mutation(async ({ ctx, input }) => {
      await withdrawLead(ctx.db.prisma, ctx.actor, input.id, { reason: input.reason });
      return getLead(ctx.db.prisma, ctx.actor, input.id);
    }),

  withdrawConsent: authedProcedure
    .meta(
      rest(
        "POST",
        "/leads/{id}/consents/withdraw",
        "Withdraw a consent of the borrower (152-FZ)",
        "Records the withdrawal of the lead's consents of `kind` in force (`withdrawnAt` in the lead's `consents`). " +
          "Withdrawing PERSONAL_DATA ends the processing of the person's data: a lead that is not a client's is " +
          "withdrawn (if NEW) and its personal data destroyed at once (`erased: true`; the consent records stay); " +
          "a converted lead is a loan application the lender must keep (`erased: false`, `keptBecause: CONVERTED_TO_CLIENT`). " +
          "A kind the lead holds no consent of in force is a 409 CONSENT_NOT_GIVEN.",
      ),
    )
    .input(byIdSchema.extend(consentWithdrawalInputSchema.shape).strict())
    .output(consentWithdrawalSchema)
    .mutation(({ ctx, input }) => withdrawConsent(ctx.db.prisma, ctx.actor, input.id, input.kind)),

  deny: operatorProcedure
    .input(moveOf({ reasonId: idSchema, comment: commentSchema.optional() }))
    .output(storedLeadSchema)
    .mutation(async ({ ctx, input }) => {
      await denyLead(ctx.db.prisma, ctx.actor, input.id, input);
      return getLead(ctx.db.prisma, ctx.actor, input.id);
    }),

  reopen: adminProcedure
    .input(moveOf({ comment: commentSchema }))
    .output(storedLeadSchema)
    .mutation(async ({ ctx, input }) => {
      await reopenLead(ctx.db.prisma, ctx.actor, input.id, input);
      return getLead(ctx.db.prisma, ctx.actor, input.id);
    }),

  /** An operator's note on the lead: in the staff's history, never a partner's (tRPC only). */
  comment: operatorProcedure
    .input(moveOf({ text: commentSchema }))
    .output(leadHistorySchema)
    .mutation(async ({ ctx, input }) => {
      await commentLead(ctx.db.prisma, ctx.actor, input.id, input.text);
      return leadHistory(ctx.db.prisma, ctx.actor, input.id);
    }),

  take: operatorProcedure
    .input(moveOf({}))
    .output(storedLeadSchema)
    .mutation(async ({ ctx, input }) => {
      await takeLead(ctx.db.prisma, ctx.actor, input.id);
      return getLead(ctx.db.prisma, ctx.actor, input.id);
    }),

  assign: adminProcedure
    .input(moveOf({ login: loginOrNobody }))
    .output(storedLeadSchema)
    .mutation(async ({ ctx, input }) => {
      await assignLead(ctx.db.prisma, ctx.actor, input.id, input.login);
      return getLead(ctx.db.prisma, ctx.actor, input.id);
    }),

  // Bulk actions: each lead its own transaction and audit event; the answer says which failed.
  bulkAssign: adminProcedure
    .input(z.strictObject({ ids: idsSchema, login: loginOrNobody }))
    .output(bulkOutcomeSchema)
    .mutation(async ({ ctx, input }) =>
      bulkView(
        await forEachLead(input.ids, (id) => assignLead(ctx.db.prisma, ctx.actor, id, input.login)),
      ),
    ),

  bulkDeny: operatorProcedure
    .input(
      z.strictObject({ ids: idsSchema, reasonId: idSchema, comment: commentSchema.optional() }),
    )
    .output(bulkOutcomeSchema)
    .mutation(async ({ ctx, input }) =>
      bulkView(
        await forEachLead(input.ids, (id) =>
          denyLead(ctx.db.prisma, ctx.actor, id, {
            reasonId: input.reasonId,
            comment: input.comment,
          }),
        ),
      ),
    ),

  history: authedProcedure
    .meta(
      rest(
        "GET",
        "/leads/{id}/history",
        "Who changed the lead, when, and which fields (personal values masked)",
        "Oldest first: the creation, every edit with the leaf fields it changed, and the conversion.",
      ),
    )
    .input(byIdSchema)
    .output(leadHistorySchema)
    .query(({ ctx, input }) => leadHistory(ctx.db.prisma, ctx.actor, input.id)),

  matchPreview: authedProcedure
    .input(byIdSchema)
    .output(matchPreviewSchema)
    .query(({ ctx, input }) => previewMatch(ctx.db.prisma, ctx.actor, input.id)),
});
