// Duplicate suspicion's vocabulary: why two records may be one person. The scores and the rules
// that produce each reason are in @leadcore/core duplicate-suspicion.ts; the README explains them.
import { z } from "zod";

export const DUPLICATE_REASONS = [
  "SAME_KEY", // two clients' keys became equal when the key's normalization got stricter
  "SAME_PASSPORT", // the same passport under another name
  "REPLACED_PASSPORT", // the same full name and birth date with another passport
  "NAME_TYPO", // one part of the name differs by a letter or two
  "TRANSLITERATION", // the name written in Latin letters
  "SWAPPED_NAMES", // first and last name exchanged
  "CHANGED_LAST_NAME", // another last name, the same first name, patronymic, birth date and phone
  "SAME_PHONE",
  "SAME_INN",
  "SAME_SNILS",
] as const;

export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

export const duplicateReasonSchema = z.enum(DUPLICATE_REASONS).meta({
  id: "DuplicateReason",
  description:
    "Why a client may be the same person: SAME_KEY (keys equal after a stricter normalization), SAME_PASSPORT " +
    "(same passport, another name), REPLACED_PASSPORT (same name and birth date, another passport), NAME_TYPO, " +
    "TRANSLITERATION, SWAPPED_NAMES, CHANGED_LAST_NAME (same first name, patronymic, birth date and phone), " +
    "SAME_PHONE, SAME_INN, SAME_SNILS",
});

export const DUPLICATE_PAIR_STATUSES = ["OPEN", "NOT_SAME", "MERGED"] as const;
export const duplicatePairStatusSchema = z.enum(DUPLICATE_PAIR_STATUSES).meta({
  id: "DuplicatePairStatus",
  description:
    "OPEN: waits for an operator; NOT_SAME: an operator said these are two people (never suggested again); MERGED",
});

/** A suspicion's score, rounded to thousandths. */
export const duplicateScoreSchema = z.number().min(0).max(1);
