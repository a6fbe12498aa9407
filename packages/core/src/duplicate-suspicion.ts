// Duplicate suspicion: clients that are probably the same person as a lead or a client, each with
// a score in [0, 1] and the reasons behind it. Shown to staff, queued for operators, never applied
// by itself: the five-field rule (conversion.ts) alone decides which client a lead joins.
//
// How: one statement gathers candidates from blocks that an index serves (the same passport, the
// same birth date, the same mobile phone, INN or SNILS; at most BLOCK_LIMIT rows each), skips
// tombstones and pairs an operator marked "not the same person", and has PostgreSQL compare each
// candidate's names with the subject's (fuzzystrmatch's levenshtein on each key part and across
// them for swapped names, pg_trgm's similarity on the Latin skeletons for transliteration). The
// signals are then weighed here (scoreCandidate), a pure function the unit tests read as a table.
// A name alone never makes a suspect: namesakes are common, so every reason needs a shared
// identifier or birth date beside it.
import { Prisma, type PrismaClient } from "@leadcore/db";
import {
  type DuplicateReason,
  identityKey,
  nameSkeleton,
  normalizeName,
  normalizePassportPart,
  normalizeRuMobilePhone,
} from "@leadcore/schema";
import { duplicateSettings } from "./duplicate-settings.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** What suspicion compares of a person: a lead's document and a client both give it. */
export type SuspectPerson = {
  lastName?: string | null | undefined;
  firstName?: string | null | undefined;
  patronymic?: string | null | undefined;
  passportSeries?: string | null | undefined;
  passportNumber?: string | null | undefined;
  birthDate?: string | null | undefined;
  mobilePhone?: string | null | undefined;
  inn?: string | null | undefined;
  snils?: string | null | undefined;
};

export type Suspect = { clientId: bigint; score: number; reasons: DuplicateReason[] };

export type SuspectOptions = {
  /** Clients never to return: the subject itself, the client its key already matches. */
  excludeClientIds?: bigint[];
  /** The client the subject is, so that its "not the same person" verdicts are honoured. */
  subjectClientId?: bigint;
  /** Lowest score returned; defaults to the setting. 0 returns every candidate with a reason. */
  threshold?: number;
  limit?: number;
};

// Rows read per block: a birth date shared by a thousand clients must not make a preview slow.
const BLOCK_LIMIT = 200;
const LATIN = /[a-z]/;
// fuzzystrmatch's levenshtein refuses strings over 255 characters.
const LEVENSHTEIN_MAX = 255;

/** The subject as compared: the key's normalization, digits for identifiers. */
export type NormalizedPerson = {
  lastName: string;
  firstName: string;
  patronymic: string;
  passportSeries: string | null;
  passportNumber: string | null;
  birthDate: string | null;
  mobilePhone: string | null;
  inn: string | null;
  snils: string | null;
  skeleton: string;
};

export function normalizePerson(person: SuspectPerson): NormalizedPerson {
  const digits = (value: string | null | undefined) =>
    value ? normalizePassportPart(value) || null : null;
  const phone = person.mobilePhone?.trim();
  return {
    lastName: normalizeName(person.lastName ?? ""),
    firstName: normalizeName(person.firstName ?? ""),
    patronymic: normalizeName(person.patronymic ?? ""),
    passportSeries: digits(person.passportSeries),
    passportNumber: digits(person.passportNumber),
    birthDate: person.birthDate?.trim() || null,
    mobilePhone: phone ? (normalizeRuMobilePhone(phone) ?? phone) : null,
    inn: digits(person.inn),
    snils: digits(person.snils),
    skeleton: nameSkeleton(person.lastName, person.firstName, person.patronymic),
  };
}

/** One candidate as the statement returns it: what it shares with the subject, and how far. */
export type CandidateSignals = {
  samePassport: boolean;
  sameBirthDate: boolean;
  samePhone: boolean;
  sameInn: boolean;
  sameSnils: boolean;
  /** Edit distances of the key parts: last, first, patronymic. */
  lastDistance: number;
  firstDistance: number;
  patronymicDistance: number;
  /** Subject's last name against the candidate's first name, and the other way round. */
  swappedDistance: number;
  /** Trigram similarity of the Latin skeletons of the full names. */
  skeletonSimilarity: number;
  /** Whether either name is written in Latin letters (a transliteration can only be that). */
  latinName: boolean;
  /** Lengths of the subject's parts, which bound what counts as a typo. */
  lengths: { last: number; first: number; patronymic: number };
};

// The weight of each reason on its own; reasons together combine as independent evidence
// (1 - product of (1 - weight)). Tuned on `pnpm bench:dedup` (README, Duplicate suspicion): a
// shared phone alone (families share one) stays below the default threshold, every other reason
// is above it.
export const REASON_WEIGHTS: Record<DuplicateReason, number> = {
  SAME_KEY: 1,
  SAME_PASSPORT: 0.7,
  REPLACED_PASSPORT: 0.9,
  NAME_TYPO: 0.75,
  TRANSLITERATION: 0.75,
  SWAPPED_NAMES: 0.8,
  CHANGED_LAST_NAME: 0.85,
  SAME_PHONE: 0.3,
  SAME_INN: 0.9,
  SAME_SNILS: 0.9,
};

/** A one- or two-letter slip in a part of the name: one letter in a short part, two in a long. */
function isTypo(distance: number, length: number): boolean {
  return distance > 0 && distance <= (length <= 5 ? 1 : 2);
}

/** The reasons a candidate is suspected and its score; an empty list when it is not. */
export function scoreCandidate(signals: CandidateSignals): {
  score: number;
  reasons: DuplicateReason[];
} {
  const { lastDistance: dl, firstDistance: df, patronymicDistance: dp, lengths } = signals;
  const sameName = dl === 0 && df === 0 && dp === 0;
  const partsDiffering = [dl, df, dp].filter((d) => d > 0).length;
  const typo =
    partsDiffering === 1 &&
    (isTypo(dl, lengths.last) || isTypo(df, lengths.first) || isTypo(dp, lengths.patronymic));
  const swapped = !sameName && signals.swappedDistance === 0 && dp === 0;
  const transliterated =
    signals.latinName && !sameName && !typo && !swapped && signals.skeletonSimilarity >= 0.6;
  // Something beside the name that only the same person would share.
  const anchored = signals.samePassport || signals.sameBirthDate || signals.samePhone;

  const reasons: DuplicateReason[] = [];
  if (signals.samePassport && !sameName) reasons.push("SAME_PASSPORT");
  if (sameName && signals.sameBirthDate && !signals.samePassport) reasons.push("REPLACED_PASSPORT");
  if (typo && anchored) reasons.push("NAME_TYPO");
  if (transliterated && anchored) reasons.push("TRANSLITERATION");
  if (swapped && anchored) reasons.push("SWAPPED_NAMES");
  if (
    dl > 0 &&
    !typo &&
    df === 0 &&
    dp === 0 &&
    lengths.first > 0 &&
    signals.sameBirthDate &&
    signals.samePhone
  )
    reasons.push("CHANGED_LAST_NAME");
  if (signals.samePhone) reasons.push("SAME_PHONE");
  if (signals.sameInn) reasons.push("SAME_INN");
  if (signals.sameSnils) reasons.push("SAME_SNILS");

  const doubt = reasons.reduce((left, reason) => left * (1 - REASON_WEIGHTS[reason]), 1);
  return { score: Math.round((1 - doubt) * 1000) / 1000, reasons };
}

type CandidateRow = {
  id: bigint;
  same_passport: boolean;
  same_birth: boolean;
  same_phone: boolean;
  same_inn: boolean;
  same_snils: boolean;
  d_last: number;
  d_first: number;
  d_patronymic: number;
  d_swapped: number;
  skeleton_similarity: number;
  latin_name: boolean;
};

/** Clients that are probably the subject, best first (see the header). */
export async function findSuspects(
  db: Db,
  person: SuspectPerson,
  options: SuspectOptions = {},
): Promise<Suspect[]> {
  const subject = normalizePerson(person);
  const threshold = options.threshold ?? duplicateSettings().threshold;
  const rows = await candidateRows(db, subject, options);
  const lengths = {
    last: [...subject.lastName].length,
    first: [...subject.firstName].length,
    patronymic: [...subject.patronymic].length,
  };
  const subjectLatin = LATIN.test(subject.lastName + subject.firstName + subject.patronymic);
  const suspects: Suspect[] = [];
  for (const row of rows) {
    const { score, reasons } = scoreCandidate({
      samePassport: row.same_passport,
      sameBirthDate: row.same_birth,
      samePhone: row.same_phone,
      sameInn: row.same_inn,
      sameSnils: row.same_snils,
      lastDistance: row.d_last,
      firstDistance: row.d_first,
      patronymicDistance: row.d_patronymic,
      swappedDistance: row.d_swapped,
      skeletonSimilarity: row.skeleton_similarity,
      latinName: subjectLatin || row.latin_name,
      lengths,
    });
    if (reasons.length > 0 && score >= threshold)
      suspects.push({ clientId: row.id, score, reasons });
  }
  suspects.sort((a, b) => b.score - a.score || Number(a.clientId - b.clientId));
  return suspects.slice(0, options.limit ?? 20);
}

async function candidateRows(
  db: Db,
  subject: NormalizedPerson,
  options: SuspectOptions,
): Promise<CandidateRow[]> {
  const blocks: Prisma.Sql[] = [];
  const block = (where: Prisma.Sql) =>
    blocks.push(
      Prisma.sql`(SELECT id FROM "Client" WHERE ${where} AND "mergedIntoId" IS NULL LIMIT ${BLOCK_LIMIT})`,
    );
  if (subject.passportSeries && subject.passportNumber)
    block(
      Prisma.sql`"keyPassportSeries" = ${subject.passportSeries} AND "keyPassportNumber" = ${subject.passportNumber}`,
    );
  if (subject.birthDate) block(Prisma.sql`"birthDate" = ${subject.birthDate}`);
  if (subject.mobilePhone) block(Prisma.sql`"mobilePhone" = ${subject.mobilePhone}`);
  if (subject.inn) block(Prisma.sql`inn = ${subject.inn}`);
  if (subject.snils) block(Prisma.sql`snils = ${subject.snils}`);
  if (blocks.length === 0) return [];

  const exclude = options.excludeClientIds ?? [];
  const self = options.subjectClientId ?? null;
  const cut = (value: string) => value.slice(0, LEVENSHTEIN_MAX);
  return db.$queryRaw<CandidateRow[]>`
    WITH candidate AS (${Prisma.join(blocks, " UNION ")})
    SELECT c.id,
           (c."keyPassportSeries" = ${subject.passportSeries} AND c."keyPassportNumber" = ${subject.passportNumber}) IS TRUE AS same_passport,
           (c."birthDate" = ${subject.birthDate}) IS TRUE AS same_birth,
           (c."mobilePhone" = ${subject.mobilePhone}) IS TRUE AS same_phone,
           (c.inn = ${subject.inn}) IS TRUE AS same_inn,
           (c.snils = ${subject.snils}) IS TRUE AS same_snils,
           levenshtein(left(c."keyLastName", ${LEVENSHTEIN_MAX}), ${cut(subject.lastName)}) AS d_last,
           levenshtein(left(c."keyFirstName", ${LEVENSHTEIN_MAX}), ${cut(subject.firstName)}) AS d_first,
           levenshtein(left(c."keyPatronymic", ${LEVENSHTEIN_MAX}), ${cut(subject.patronymic)}) AS d_patronymic,
           levenshtein(left(c."keyFirstName", ${LEVENSHTEIN_MAX}), ${cut(subject.lastName)})
             + levenshtein(left(c."keyLastName", ${LEVENSHTEIN_MAX}), ${cut(subject.firstName)}) AS d_swapped,
           similarity(c."nameSkeleton", ${subject.skeleton})::float8 AS skeleton_similarity,
           (c."keyLastName" || c."keyFirstName" || c."keyPatronymic") ~ '[a-z]' AS latin_name
      FROM candidate JOIN "Client" c ON c.id = candidate.id
     WHERE NOT (c.id = ANY(${exclude}::bigint[]))
       AND (${self}::bigint IS NULL OR (c.id <> ${self}::bigint AND NOT EXISTS (
             SELECT 1 FROM "DuplicatePair" verdict
              WHERE verdict.status = 'NOT_SAME'
                AND verdict."lowClientId" = LEAST(c.id, ${self}::bigint)
                AND verdict."highClientId" = GREATEST(c.id, ${self}::bigint))))`;
}

/** The subject of a stored lead document, as suspicion reads it. */
export function personOfDocument(document: {
  lastName?: string | null;
  firstName?: string | null;
  patronymic?: string | null;
  passport?: { seria?: string | null; no?: string | null } | null;
  birthDate?: string | null;
  mobilePhone?: string | null;
  inn?: string | null;
  snils?: string | null;
}): SuspectPerson {
  return {
    lastName: document.lastName,
    firstName: document.firstName,
    patronymic: document.patronymic,
    passportSeries: document.passport?.seria,
    passportNumber: document.passport?.no,
    birthDate: document.birthDate,
    mobilePhone: document.mobilePhone,
    inn: document.inn,
    snils: document.snils,
  };
}

/** Whether a subject has a complete identity key (a lead that can become a client). */
export function hasKey(person: SuspectPerson): boolean {
  return identityKey({
    lastName: person.lastName,
    firstName: person.firstName,
    patronymic: person.patronymic,
    passport: { seria: person.passportSeries, no: person.passportNumber },
  }).ok;
}
