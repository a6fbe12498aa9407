// Which lead fields name an entry of a reference list, and those lists. Two are fixed and shipped
// with LeadCore: sex (ISO/IEC 5218 codes) and countries (ISO 3166-1 numeric, Russian names
// generated from i18n-iso-countries). The lender's own lists (credit products, shops...) are kept
// by admins in the database (core reference-lists.ts). A lead may carry an id that is in no list:
// partners send their ids, and the contract accepts any; the UI shows such an id as a number.
import { z } from "zod";
import { COUNTRY_ROWS } from "./countries.generated.ts";
import { FIELD_LABELS_RU } from "./field-labels.ts";
import { LIMITS } from "./lead-contract.ts";
import { timestamp } from "./views.ts";

/** The lists the lender keeps: each named after the lead field that picks from it. */
export const LENDER_LISTS = [
  "creditProduct",
  "gettingMoneyMethod",
  "howYouKnow",
  "shop",
  "storeType",
  "subdivision",
] as const;
export type LenderListName = (typeof LENDER_LISTS)[number];
export type ReferenceListName = LenderListName | "sex" | "country";

/** Lead field name (at any depth: `addresses.0.countryId` too) -> the list its id is from. */
export const REFERENCE_FIELDS: Readonly<Record<string, ReferenceListName>> = {
  sexId: "sex",
  birthCountryId: "country",
  countryId: "country",
  ...Object.fromEntries(LENDER_LISTS.map((list) => [`${list}Id`, list])),
};

/** The list a field's id is from, for a dotted path with or without indices; none for others. */
export function referenceListOf(path: string): ReferenceListName | undefined {
  const name = path.split(".").pop() ?? "";
  return Object.hasOwn(REFERENCE_FIELDS, name) ? REFERENCE_FIELDS[name] : undefined;
}

/** A lender list's title: its field's Russian label without the «(id)». */
export const lenderListTitleRu = (list: LenderListName): string =>
  (FIELD_LABELS_RU[`${list}Id`] ?? list).replace(/\s*\(id\)$/, "");

export type ReferenceName = { id: number; name: string };

/** ISO/IEC 5218: the codes most registries (and the seed: `sexId: 1`) use. */
export const SEX_ENTRIES: readonly ReferenceName[] = [
  { id: 1, name: "Мужской" },
  { id: 2, name: "Женский" },
];

/** ISO 3166-1 numeric code -> Russian name, ordered by name (643 -> «Россия»). */
export const COUNTRY_ENTRIES: readonly ReferenceName[] = COUNTRY_ROWS.map(([id, name]) => ({
  id,
  name,
}));

/** The id of a lender's entry: the lender's own number, as the lead carries it. */
export const referenceIdSchema = z
  .int()
  .min(0)
  .max(Number.MAX_SAFE_INTEGER)
  .meta({ format: "int64", description: "Идентификатор в справочнике кредитора" });

export const lenderListSchema = z.enum(LENDER_LISTS).meta({ id: "LenderList" });

export const referenceEntrySchema = z
  .object({
    list: lenderListSchema,
    id: referenceIdSchema,
    name: z.string().max(LIMITS.title),
    archived: z
      .boolean()
      .meta({ description: "Archived entries are no longer offered; leads keep showing them" }),
    updatedAt: timestamp,
  })
  .meta({ id: "ReferenceEntry" });
export type ReferenceEntry = z.infer<typeof referenceEntrySchema>;

const entryName = z.string().min(1).max(LIMITS.title);

export const referenceEntryCreateSchema = z.strictObject({
  list: lenderListSchema,
  id: referenceIdSchema,
  name: entryName,
});

export const referenceEntryUpdateSchema = z.strictObject({
  list: lenderListSchema,
  id: referenceIdSchema,
  name: entryName.optional(),
  archived: z.boolean().optional(),
});
