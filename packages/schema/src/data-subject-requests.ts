// A data subject's request to erase what the lender holds about them (152-FZ, issue 18; core
// data-subject-requests.ts). The admin finds the person by passport or by mobile phone, as the
// stop-list reads them (stop-list.ts: the same fields, the same checks); the request keeps ids of
// what was found and what became of each, never the passport or the phone.
import { z } from "zod";
import { issueParams } from "./error-codes.ts";
import { isStorableText, LIMITS } from "./lead-contract.ts";
import { personalDataAccessSchema } from "./personal-data-access.ts";
import { idSchema, timestamp } from "./views.ts";

/** The law's term for answering a request, counted from its receipt. */
export const DATA_REQUEST_DAYS = 30;
export const DATA_REQUEST_REFERENCE_MAX = 100;

const storable = {
  message: "Must not contain a NUL character or an unpaired surrogate",
  params: issueParams("UNSTORABLE_TEXT"),
};
const identifier = (max: number, label: string) =>
  z.string().max(max).refine(isStorableText, storable).meta({ description: label });

/** Who the request is about: a passport or a Russian mobile phone, with the lead contract's names. */
export const dataSubjectSchema = z.discriminatedUnion("by", [
  z.strictObject({
    by: z.literal("PASSPORT"),
    seria: identifier(LIMITS.code, "Серия паспорта"),
    no: identifier(LIMITS.code, "Номер паспорта"),
  }),
  z.strictObject({
    by: z.literal("PHONE"),
    mobilePhone: identifier(LIMITS.phone, "Мобильный телефон"),
  }),
]);
export type DataSubject = z.infer<typeof dataSubjectSchema>;

export const dataRequestInputSchema = z.strictObject({
  subject: dataSubjectSchema,
  /** The lender's own number of the letter ("вх. 123"): not the person's data. */
  reference: z
    .string()
    .trim()
    .max(DATA_REQUEST_REFERENCE_MAX)
    .refine(isStorableText, storable)
    .optional()
    .meta({ description: "Номер обращения у кредитора" }),
  /** The day the request reached the lender (YYYY-MM-DD); today when absent. */
  receivedOn: z.iso.date().optional().meta({ description: "Дата получения обращения, ГГГГ-ММ-ДД" }),
});
export type DataRequestInput = z.infer<typeof dataRequestInputSchema>;

export const DATA_SUBJECT_OUTCOMES = [
  "ERASED",
  "ALREADY_ERASED",
  "KEPT_CONVERTED",
  "KEPT_LOAN_RECORDS",
  "KEPT_STOP_LIST",
] as const;
export const dataSubjectOutcomeSchema = z.enum(DATA_SUBJECT_OUTCOMES);
export type DataSubjectOutcome = z.infer<typeof dataSubjectOutcomeSchema>;

// In a preview, what recording the request will do with a record; in a recorded request, what it did.
const outcome = dataSubjectOutcomeSchema.meta({
  description: "What the erasure does (preview) or did (a recorded request) with the record",
});

const leadStatus = z.enum(["NEW", "CONVERTED", "DENIED", "WITHDRAWN"]);

export const dataRequestLeadSchema = z.object({
  id: idSchema,
  status: leadStatus,
  createdAt: timestamp,
  partner: z.string().nullable(),
  /** The name as the lead holds it; null once the lead is depersonalized. */
  fullName: z.string().nullable(),
  clientId: idSchema.nullable(),
  /** Webhook messages sent about the lead: ids, states and codes only, never personal data. */
  webhooksSent: z.int().min(0),
  outcome,
});

export const dataRequestClientSchema = z.object({
  id: idSchema,
  fullName: z.string(),
  applications: z.int().min(0),
  mergedIntoId: idSchema.nullable(),
  outcome,
});

export const dataRequestStopListSchema = z.object({
  id: idSchema,
  kind: z.enum(["PASSPORT", "PHONE", "INN", "SNILS", "PERSON"]),
  display: z.string(),
  active: z.boolean(),
  outcome,
});

/** Everything held about the person: what the admin sees before, and in, a recorded request. */
export const dataHoldingsSchema = z.object({
  leads: z.array(dataRequestLeadSchema),
  clients: z.array(dataRequestClientSchema),
  stopList: z.array(dataRequestStopListSchema),
  /** Who looked at the person's leads and clients, newest first. */
  accesses: z.array(
    personalDataAccessSchema.extend({
      leadId: idSchema.nullable(),
      clientId: idSchema.nullable(),
    }),
  ),
});
export type DataHoldings = z.infer<typeof dataHoldingsSchema>;

export const dataRequestSummarySchema = z.object({
  id: idSchema,
  foundBy: z.enum(["PASSPORT", "PHONE"]),
  reference: z.string().nullable(),
  receivedAt: timestamp,
  dueAt: timestamp,
  /** When it was recorded and carried out. */
  doneAt: timestamp,
  recordedBy: z.string(),
  erased: z.int().min(0),
  kept: z.int().min(0),
});
export type DataRequestSummary = z.infer<typeof dataRequestSummarySchema>;

export const dataRequestViewSchema = dataRequestSummarySchema.extend({
  holdings: dataHoldingsSchema,
});
export type DataRequestView = z.infer<typeof dataRequestViewSchema>;
