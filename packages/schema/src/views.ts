// What the API returns: the shapes of stored leads, clients and applications. Shared by the
// router (as output schemas), the typed client and the UI.
//
// Strings and arrays carry the bounds the data already has (the contract's LIMITS on what was
// written, the page size, ISSUE_BOUNDS), so the OpenAPI document states them. A bound here is
// checked on every answer: one that real data could exceed would turn a good answer into a 500,
// so none is tighter than what the contract lets in.

import { z } from "zod";
import { duplicateReasonSchema, duplicateScoreSchema } from "./duplicates.ts";
import {
  ERROR_REASONS,
  EXPECTED_TYPES,
  ISSUE_BOUNDS,
  ISSUE_CODES,
  VALUE_FORMATS,
} from "./error-codes.ts";
import {
  channelSchema,
  LIMITS,
  leadBodySchema,
  MASKED_CARD_NUMBER,
  periodUnitSchema,
} from "./lead-contract.ts";

/** An id as it crosses the wire: int64 in the database, a JSON-safe integer here. */
export const idSchema = z.int().min(1).meta({ format: "int64", description: "Идентификатор" });

// Date.toISOString() writes 24 characters (27 with microseconds, which we never write).
export const timestamp = z.iso.datetime().max(30).meta({ description: "ISO 8601, UTC" });

/** Longest page of a list (lead.list, client.list): `limit` is at most this. */
export const MAX_PAGE_SIZE = 100;

// Partner and service key names are bounded where they are created (core api-keys.ts); operator
// logins are shorter still (LOGIN_MAX_LENGTH).
const actorName = z.string().max(LIMITS.title);
const partnerRef = z.object({ id: idSchema, name: actorName });
const operatorRef = z.object({ id: idSchema, login: z.string().max(LIMITS.title) });
/** One field at fault, as every error and the conversion preview report it (error-codes.ts). */
export const fieldIssueSchema = z.object({
  path: z.string().max(ISSUE_BOUNDS.path),
  code: z.enum(ISSUE_CODES),
  message: z.string().max(ISSUE_BOUNDS.message),
  params: z
    .object({
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      format: z.enum(VALUE_FORMATS).optional(),
      expected: z.enum(EXPECTED_TYPES).optional(),
    })
    .optional(),
});

/** The life of a lead (core lead-lifecycle.ts): only NEW is editable; an admin reopens DENIED and WITHDRAWN. */
export const LEAD_STATUSES = ["NEW", "CONVERTED", "DENIED", "WITHDRAWN"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const leadStatusSchema = z.enum(LEAD_STATUSES).meta({
  id: "LeadStatus",
  description:
    "NEW: received, editable; CONVERTED: an application of a client; DENIED: refused by the lender, with a reason; " +
    "WITHDRAWN: taken back by the partner. DENIED and WITHDRAWN are read-only until an administrator reopens the lead.",
});

/** A denial reason's stable code: what partners switch on. */
export const DENIAL_REASON_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
/** Longest operator comment on a denial or a reopening, and partner's withdrawal reason. */
export const TRANSITION_TEXT_MAX = 1000;

/** The dictionary entry: `title` is the Russian wording operators and partners read. */
export const denialReasonSchema = z
  .object({
    id: idSchema,
    code: z.string().max(40).meta({ description: "Stable code, e.g. STOP_LIST" }),
    title: z.string().max(LIMITS.title),
    active: z
      .boolean()
      .meta({ description: "Inactive reasons are kept for the leads denied with them" }),
  })
  .meta({ id: "DenialReason" });
export type DenialReason = z.infer<typeof denialReasonSchema>;
const publicDenialReason = denialReasonSchema.pick({ id: true, code: true, title: true });
export const conversionOutcomeSchema = z
  .enum(["MATCHED_EXISTING_CLIENT", "CREATED_NEW_CLIENT"])
  .meta({ id: "ConversionOutcome" });

/**
 * The seed's fields that are LeadCore's answers, not the caller's input: a body leaves them out or
 * repeats them as read (core lead-lifecycle.ts), and the operator UI shows them, never edits them.
 */
export const SERVER_OWNED_FIELDS = [
  "clientId",
  "denialReasonId",
  "managerId",
] as const satisfies readonly (keyof z.infer<typeof leadBodySchema>)[];

/**
 * A stored lead as read back: the contract document exactly as written, except that the card
 * CVC is never stored and the card number comes back masked (first 6 + last 4).
 */
export const storedLeadSchema = leadBodySchema
  .omit({ cardCvc: true })
  .extend({
    cardNumber: z
      .string()
      .max(19)
      .regex(MASKED_CARD_NUMBER)
      .optional()
      .meta({ description: "Номер карты (маскирован)" }),
    id: idSchema,
    status: leadStatusSchema,
    // The seed's server-owned fields, from the lead's state (never from what a body said).
    clientId: idSchema.optional().meta({
      description: "Клиент (id): the client the lead was converted to; absent until it is",
    }),
    denialReasonId: idSchema.optional().meta({
      description: "Причина отказа (id): the denial reason of a DENIED lead; absent otherwise",
    }),
    managerId: idSchema.optional().meta({
      description: "Менеджер (id): the operator the lead is assigned to; absent while unassigned",
    }),
    partner: partnerRef.nullable(),
    denial: z
      .object({
        reason: publicDenialReason,
        at: timestamp,
        comment: z
          .string()
          .max(TRANSITION_TEXT_MAX)
          .optional()
          .meta({ description: "The operator's comment (staff only: absent for a partner key)" }),
        stopListEntryId: idSchema.optional().meta({
          description:
            "The stop-list entry that denied the lead (staff only: absent for a partner key)",
        }),
      })
      .nullable()
      .meta({ description: "Why and when the lead was denied; null unless DENIED" }),
    withdrawal: z
      .object({ reason: z.string().max(TRANSITION_TEXT_MAX).nullable(), at: timestamp })
      .nullable()
      .meta({
        description: "When the lead was withdrawn and the reason given; null unless WITHDRAWN",
      }),
    manager: operatorRef
      .optional()
      .meta({ description: "The assigned operator (staff only: absent for a partner key)" }),
    conversion: z
      .object({
        clientId: idSchema,
        applicationId: idSchema,
        outcome: conversionOutcomeSchema,
        convertedAt: timestamp,
      })
      .nullable(),
    /**
     * Identifier problems (bad INN/SNILS checksum, passport format, an e-mail that is not one);
     * never the values themselves. At most a few per identifier (identifierProblems: INN, SNILS,
     * phone, e-mail, employer INN and each passport and e-mail, the lead's and its relatives'),
     * well under ISSUE_BOUNDS.issues.
     */
    warnings: z.array(fieldIssueSchema).max(ISSUE_BOUNDS.issues),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "StoredLead" });

export const leadSummarySchema = z
  .object({
    id: idSchema,
    status: leadStatusSchema,
    channel: channelSchema.nullable(),
    lastName: z.string().max(LIMITS.name).nullable(),
    firstName: z.string().max(LIMITS.name).nullable(),
    patronymic: z.string().max(LIMITS.name).nullable(),
    // maskPhone (core lead-views.ts) writes the phone's digits (at most LIMITS.phone) with a "+",
    // two spaces and "-" twice in place of the ten national digits' grouping: 5 more at most.
    mobilePhoneMasked: z
      .string()
      .max(LIMITS.phone + 5)
      .nullable(),
    amount: z.number().nullable(),
    partner: partnerRef.nullable(),
    clientId: idSchema.nullable(),
    managerId: idSchema.nullable(),
    manager: operatorRef
      .optional()
      .meta({ description: "The assigned operator (staff only: absent for a partner key)" }),
    denialReason: publicDenialReason.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "LeadSummary" });

export const leadPageSchema = z
  .object({ items: z.array(leadSummarySchema).max(MAX_PAGE_SIZE), nextCursor: idSchema.nullable() })
  .meta({ id: "LeadPage" });

// The operator UI's list (lead.search, tRPC only): numbered pages in the order chosen, the total,
// and, for staff, what each lead would do: attach to a client that exists, and how many of its
// identifiers fail their checks.
export const LEAD_SORTS = ["created", "amount", "name", "status"] as const;
// Numbered pages end somewhere: past 100 000 rows a filter finds a record sooner than paging does,
// and an OFFSET that deep makes the database read every row before it.
export const MAX_LIST_OFFSET = 100_000;
export const leadSortSchema = z.enum(LEAD_SORTS);
export const sortOrderSchema = z.enum(["asc", "desc"]);

export const leadListRowSchema = leadSummarySchema.extend({
  wouldAttach: z.boolean().optional().meta({
    description:
      "A NEW lead whose identity key a client already holds: converting it adds an application to that client (staff only)",
  }),
  identifierWarnings: z.int().min(0).optional().meta({
    description: "How many identifiers (passport, INN, SNILS...) fail their checks (staff only)",
  }),
});

export const leadSearchPageSchema = z.object({
  items: z.array(leadListRowSchema).max(MAX_PAGE_SIZE),
  total: z.int().min(0),
});

export const clientSummarySchema = z
  .object({
    id: idSchema,
    fullName: z.string(),
    passportMasked: z.string(),
  })
  .meta({ id: "ClientSummary" });

/** A client that is probably the same person as the lead or client at hand (staff only). */
export const suspectSchema = z
  .object({
    client: clientSummarySchema,
    score: duplicateScoreSchema,
    reasons: z.array(duplicateReasonSchema).min(1),
  })
  .meta({ id: "DuplicateSuspect" });

const PARTNER_HIDDEN_SUSPECTS =
  "Clients that are probably the same person, best first, with the score and its reasons (staff only: absent for a partner key)";

export const KEY_FIELDS = [
  "lastName",
  "firstName",
  "patronymic",
  "passport.seria",
  "passport.no",
] as const;

// A partner key sees what its own lead would do, never another tenant's client: the matched client
// only when that client already came through the partner (one of its leads was converted into
// it), and no same-passport list at all (those are other people by the rule; flagging them is an
// operator's job). Absent means "not shown to this caller", never "none".
const PARTNER_HIDDEN_CLIENT =
  "Absent for a partner key unless the client already came through that partner";
const PARTNER_HIDDEN_NEAR_MISSES =
  "Clients with this passport and another name (staff only: absent for a partner key, which is never shown other clients)";

export const matchPreviewSchema = z
  .discriminatedUnion("status", [
    z.object({
      status: z.literal("WILL_MATCH"),
      client: clientSummarySchema.optional().meta({ description: PARTNER_HIDDEN_CLIENT }),
      matchedOn: z.array(z.enum(KEY_FIELDS)),
      samePassportOtherName: z
        .array(clientSummarySchema)
        .optional()
        .meta({ description: PARTNER_HIDDEN_NEAR_MISSES }),
      suspects: z.array(suspectSchema).optional().meta({ description: PARTNER_HIDDEN_SUSPECTS }),
    }),
    z.object({
      status: z.literal("WILL_CREATE"),
      samePassportOtherName: z
        .array(clientSummarySchema)
        .optional()
        .meta({ description: PARTNER_HIDDEN_NEAR_MISSES }),
      suspects: z.array(suspectSchema).optional().meta({ description: PARTNER_HIDDEN_SUSPECTS }),
    }),
    z.object({ status: z.literal("CANNOT_CONVERT"), problems: z.array(fieldIssueSchema) }),
    // Denied or withdrawn: read-only until an administrator reopens it.
    z.object({ status: z.literal("CLOSED"), leadStatus: z.enum(["DENIED", "WITHDRAWN"]) }),
    z.object({
      status: z.literal("ALREADY_CONVERTED"),
      client: clientSummarySchema,
      outcome: conversionOutcomeSchema,
    }),
  ])
  .meta({ id: "MatchPreview" });

export const applicationViewSchema = z
  .object({
    id: idSchema,
    leadId: idSchema,
    leadStatus: leadStatusSchema,
    leadCreatedAt: timestamp,
    amount: z.number().nullable(),
    period: z.int().nullable(),
    periodUnit: periodUnitSchema.nullable(),
    creditProductId: z.int().nullable(),
    channel: channelSchema.nullable(),
    createdAt: timestamp,
  })
  .meta({ id: "Application" });

export const clientChangeStatusSchema = z
  .enum(["APPLIED", "PROPOSED", "ACCEPTED", "REJECTED"])
  .meta({
    id: "ClientChangeStatus",
    description:
      "APPLIED: the conversion replaced the value; PROPOSED: sent by a partner the client did not come through, " +
      "waiting for an operator; ACCEPTED / REJECTED: an operator's decision on a proposal",
  });

export const clientHistoryEntrySchema = z.object({
  field: z.string(),
  /** The value replaced (for a proposal: the client's value when it was proposed). */
  oldValue: z.unknown(),
  newValue: z.unknown(),
  /** The lead whose conversion made or proposed the change; null for a merge. */
  leadId: idSchema.nullable(),
  /** The partner whose lead it was, when it came from one. */
  partner: partnerRef.nullable(),
  status: clientChangeStatusSchema,
  changedAt: timestamp,
  decidedAt: timestamp.nullable(),
  /** The login of the operator who accepted or rejected the proposal. */
  decidedBy: z.string().nullable(),
});

/** One merge of a client into another (core client-merge.ts): which client, when, by whom. */
export const clientMergeRefSchema = z
  .object({
    id: idSchema,
    mergedAt: timestamp,
    /** The operator's login. */
    mergedBy: z.string().max(LIMITS.title),
  })
  .meta({ id: "ClientMergeRef" });

export const clientViewSchema = z
  .object({
    id: idSchema,
    lastName: z.string(),
    firstName: z.string(),
    patronymic: z.string().nullable(),
    passportMasked: z.string(),
    birthDate: z.string().nullable(),
    mobilePhone: z.string().nullable(),
    email: z.string().nullable(),
    addressData: z.unknown().nullable(),
    registrationAddressData: z.unknown().nullable(),
    employerTitle: z.string().nullable(),
    employerInn: z.string().nullable(),
    meanIncome: z.number().nullable(),
    applications: z.array(applicationViewSchema),
    history: z.array(clientHistoryEntrySchema),
    /**
     * Set when the id asked for is a merged client (a tombstone): the answer is the client it was
     * merged into, and this says which client was asked for, when and by whom it was merged.
     */
    mergedFrom: clientMergeRefSchema.nullable(),
    /** The clients merged into this one, oldest merge first. */
    mergedClients: z.array(clientMergeRefSchema),
    /**
     * The person's requests to erase their data (152-FZ) that found this client, newest first.
     * The client was kept: it holds loan records, which the lender must keep.
     */
    erasureRequests: z.array(
      z.object({ requestId: idSchema, receivedAt: timestamp }).meta({ id: "ClientErasureRequest" }),
    ),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "Client" });

export const clientPageSchema = z
  .object({
    items: z.array(
      clientSummarySchema.extend({
        mobilePhoneMasked: z
          .string()
          .max(LIMITS.phone + 5)
          .nullable(),
        applicationsCount: z.int(),
        createdAt: timestamp,
      }),
    ),
    total: z.int().min(0),
  })
  .meta({ id: "ClientPage" });

/** One lead of a bulk action: done, or refused with the reason and message of its error. */
export const bulkOutcomeSchema = z.array(
  z.object({
    id: idSchema,
    ok: z.boolean(),
    reason: z.enum(ERROR_REASONS).optional(),
    message: z.string().max(ISSUE_BOUNDS.message).optional(),
  }),
);
export type BulkOutcomeView = z.infer<typeof bulkOutcomeSchema>;

export const conversionResultSchema = z.object({
  clientId: idSchema,
  applicationId: idSchema,
  outcome: conversionOutcomeSchema,
});

export type StoredLead = z.infer<typeof storedLeadSchema>;
export type LeadSummary = z.infer<typeof leadSummarySchema>;
export type LeadPage = z.infer<typeof leadPageSchema>;
export type LeadSort = z.infer<typeof leadSortSchema>;
export type SortOrder = z.infer<typeof sortOrderSchema>;
export type LeadListRow = z.infer<typeof leadListRowSchema>;
export type LeadSearchPage = z.infer<typeof leadSearchPageSchema>;
export type ClientSummary = z.infer<typeof clientSummarySchema>;
export type MatchPreview = z.infer<typeof matchPreviewSchema>;
export type ClientView = z.infer<typeof clientViewSchema>;
export type ClientPage = z.infer<typeof clientPageSchema>;
export type ApplicationView = z.infer<typeof applicationViewSchema>;
export type ConversionResult = z.infer<typeof conversionResultSchema>;
export type ClientChangeStatus = z.infer<typeof clientChangeStatusSchema>;
export type ClientHistoryEntry = z.infer<typeof clientHistoryEntrySchema>;
export type ClientMergeRef = z.infer<typeof clientMergeRefSchema>;
export type KeyField = (typeof KEY_FIELDS)[number];

export const LEAD_EVENT_KINDS = [
  "CREATED",
  "UPDATED",
  "CONVERTED",
  "DENIED",
  "WITHDRAWN",
  "REOPENED",
  "ASSIGNED",
  "COMMENTED", // an operator's note (staff only: a partner's history never holds one)
] as const;

export const leadHistoryEntrySchema = z
  .object({
    at: timestamp,
    kind: z.enum(LEAD_EVENT_KINDS),
    // "system": LeadCore itself, on a rule (the stop-list denying a lead at once).
    actor: z.object({
      kind: z.enum(["partner", "service", "operator", "system"]),
      name: actorName,
    }),
    comment: z.string().max(TRANSITION_TEXT_MAX).optional().meta({
      description:
        "An operator's comment on a denial or a reopening, or the note of a COMMENTED event (staff only: absent for a partner key)",
    }),
    /** Leaf fields that changed; personal values are masked (`И***ов`). */
    changes: z.array(
      z.object({
        path: z.string().max(ISSUE_BOUNDS.path),
        old: z.unknown().optional(),
        new: z.unknown().optional(),
      }),
    ),
  })
  .meta({ id: "LeadHistoryEntry" });

export const leadHistorySchema = z.array(leadHistoryEntrySchema).meta({ id: "LeadHistory" });

export type LeadHistoryEntry = z.infer<typeof leadHistoryEntrySchema>;
