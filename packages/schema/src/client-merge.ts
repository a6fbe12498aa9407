// The contract of merging two clients that are one person (core client-merge.ts): the fields an
// operator picks a value for, the preview of where the two differ, and the merge call itself.
import { z } from "zod";
import { clientSummarySchema, idSchema } from "./views.ts";

/** The person's identity: A's stays by default (it is who the lender checked). */
export const MERGE_IDENTITY_FIELDS = [
  "lastName",
  "firstName",
  "patronymic",
  "passport",
  "birthDate",
  "inn",
  "snils",
] as const;

/** Contact data, job and income: the newer client's by default (the one updated later). */
export const MERGE_CONTACT_FIELDS = [
  "mobilePhone",
  "email",
  "addressData",
  "registrationAddressData",
  "employerTitle",
  "employerInn",
  "meanIncome",
] as const;

export const MERGE_FIELDS = [...MERGE_IDENTITY_FIELDS, ...MERGE_CONTACT_FIELDS] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export const isMergeIdentityField = (field: MergeField): boolean =>
  (MERGE_IDENTITY_FIELDS as readonly string[]).includes(field);

/** Whose value a field keeps: the target's (A, which stays) or the source's (B, merged into A). */
export const mergeSideSchema = z.enum(["target", "source"]).meta({
  id: "MergeSide",
  description: "target: the value of the client that stays; source: of the merged one",
});
export type MergeSide = z.infer<typeof mergeSideSchema>;

// A strict object rather than a record: an unknown field is an UNKNOWN_FIELD issue at its path,
// like everywhere else in the contract.
const choicesShape = Object.fromEntries(
  MERGE_FIELDS.map((field) => [field, mergeSideSchema.optional()]),
) as { [F in MergeField]: z.ZodOptional<typeof mergeSideSchema> };

export const mergeChoicesSchema = z.strictObject(choicesShape).meta({
  id: "MergeChoices",
  description:
    "Per differing field, whose value stays; a field left out keeps the preview's default",
});
export type MergeChoices = z.infer<typeof mergeChoicesSchema>;

export const clientMergeInputSchema = z.strictObject({
  /** A: the client that stays. */
  targetId: idSchema,
  /** B: the client merged into A; it remains as a tombstone pointing to A. */
  sourceId: idSchema,
  choices: mergeChoicesSchema.default({}),
  /** Required when the passports differ: the operator confirms it is one person all the same. */
  confirmDifferentPassport: z.boolean().optional(),
});
export type ClientMergeInput = z.input<typeof clientMergeInputSchema>;

export const clientMergePairSchema = z.strictObject({ targetId: idSchema, sourceId: idSchema });

/** One field where the two clients differ: both values (a passport masked) and the default. */
export const mergeFieldDiffSchema = z.object({
  field: z.enum(MERGE_FIELDS),
  kind: z.enum(["identity", "contact"]),
  target: z.unknown(),
  source: z.unknown(),
  default: mergeSideSchema,
});

export const clientMergePreviewSchema = z
  .object({
    target: clientSummarySchema.extend({ updatedAt: z.iso.datetime() }),
    source: clientSummarySchema.extend({ updatedAt: z.iso.datetime() }),
    /** Only the fields where the two differ, in MERGE_FIELDS order. */
    fields: z.array(mergeFieldDiffSchema),
    /** The merge needs confirmDifferentPassport. */
    passportsDiffer: z.boolean(),
    applicationsToMove: z.int().min(0),
  })
  .meta({ id: "ClientMergePreview" });
export type ClientMergePreview = z.infer<typeof clientMergePreviewSchema>;
export type MergeFieldDiff = z.infer<typeof mergeFieldDiffSchema>;
