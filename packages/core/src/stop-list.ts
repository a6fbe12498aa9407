// The stop-list: passports, phones, INNs, SNILSes and persons the lender will not lend to.
// Admins add, remove and import entries; every lead write asks findStopListHit.
//
// Keys are normalized in @leadcore/schema (stop-list.ts): an entry and a lead reduce to the same
// (kind, value) pairs, so the gate is one statement probing the unique index on (kind, value) once
// per key a lead has (at most five). An entry is never deleted: removal sets removedAt, adding the
// same key again reactivates the row, and each add, removal and re-add writes a StopListEvent in
// the same statement (one statement is one transaction), so an entry never exists without its
// history, and two admins adding one key at once end with one row (ON CONFLICT on the key).
//
// Imports: the file is read and checked in memory (readStopListCsv), then written in batches of
// IMPORT_BATCH rows, one statement per batch (10 000 rows: ten statements, seconds on PGlite too).
// A batch is atomic, so a row is never half-imported; an import interrupted between batches has
// its earlier batches in, and running it again finishes it (rows already listed are counted, not
// written twice).
import { Prisma, type PrismaClient, type RawSql } from "@leadcore/db";
import {
  fieldIssuesOf,
  MAX_PAGE_SIZE,
  normalizeName,
  normalizeRuMobilePhone,
  PERSON_KEY_SEPARATOR,
  readStopListCsv,
  STOP_LIST_LIMITS,
  type StopListEntryInput,
  type StopListEntryKey,
  type StopListEntryView,
  type StopListHistory,
  type StopListImportReport,
  type StopListKey,
  type StopListKind,
  type StopListLeadFields,
  type StopListPage,
  stopListEntryKey,
  stopListEntrySchema,
  stopListKeysOfLead,
} from "@leadcore/schema";
import { DomainError, type FieldIssue } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";

/**
 * A PrismaClient, a Prisma.TransactionClient (the gate runs inside a lead write's transaction too)
 * or the database's direct `sql` (@leadcore/db raw-sql.ts).
 */
export type StopListSql = Pick<RawSql, "$queryRaw">;

/** The statement of the gate: the oldest active entry among the lead's keys (Prisma.Sql, for EXPLAIN in tests and `pnpm bench`). */
export function stopListHitQuery(keys: readonly StopListKey[]): Prisma.Sql {
  const pairs = Prisma.join(
    keys.map((key) => Prisma.sql`(${key.kind}::"StopListKind", ${key.value}::text)`),
  );
  return Prisma.sql`
    SELECT id AS "entryId", kind::text AS kind
      FROM "StopListEntry"
     WHERE "removedAt" IS NULL AND (kind, value) IN (${pairs})
     ORDER BY id
     LIMIT 1`;
}

/**
 * The active entry a lead hits, or null: one statement (none at all when the lead has no usable
 * key). `document` is the lead's body or its stored document. Which entry it was is for operators
 * only: a partner must never learn it.
 */
export async function findStopListHit(
  sql: StopListSql,
  document: StopListLeadFields,
): Promise<{ entryId: bigint; kind: StopListKind } | null> {
  const keys = stopListKeysOfLead(document);
  if (keys.length === 0) return null;
  const rows = await sql.$queryRaw<{ entryId: bigint; kind: StopListKind }[]>(
    stopListHitQuery(keys),
  );
  return rows[0] ?? null;
}

type EntryRow = {
  id: bigint;
  kind: StopListKind;
  display: string;
  reason: string;
  addedBy: string;
  addedAt: Date;
  createdAt: Date;
  removedAt: Date | null;
  removedBy: string | null;
};

const toView = (row: EntryRow): StopListEntryView => ({
  id: toWireId(row.id),
  kind: row.kind,
  display: row.display,
  reason: row.reason,
  addedBy: row.addedBy,
  addedAt: row.addedAt.toISOString(),
  createdAt: row.createdAt.toISOString(),
  removedAt: row.removedAt?.toISOString() ?? null,
  removedBy: row.removedBy,
});

type NewEntry = StopListEntryKey & { reason: string };
type Written = EntryRow & { value: string; created: boolean };

/**
 * Adds the entries that are not on the list and reactivates the removed ones, each with its
 * ADDED or READDED event, in one statement. Entries already active are left alone and not
 * returned. `entries` must not repeat a key (ON CONFLICT DO UPDATE cannot touch a row twice).
 */
async function writeEntries(
  sql: StopListSql,
  entries: readonly NewEntry[],
  by: string,
  imported: boolean,
): Promise<Written[]> {
  const input = JSON.stringify(
    entries.map(({ kind, value, display, reason }) => ({ kind, value, display, reason })),
  );
  return sql.$queryRaw<Written[]>`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${input}::jsonb) AS t(kind text, value text, display text, reason text)
    ), written AS (
      INSERT INTO "StopListEntry" AS e (kind, value, display, reason, "addedBy")
      SELECT kind::"StopListKind", value, display, reason, ${by}::text FROM input
      ON CONFLICT (kind, value) DO UPDATE
         SET display = EXCLUDED.display, reason = EXCLUDED.reason, "addedBy" = EXCLUDED."addedBy",
             "addedAt" = now(), "removedAt" = NULL, "removedBy" = NULL
       WHERE e."removedAt" IS NOT NULL
      RETURNING e.*, (e.xmax::text = '0') AS created
    ), events AS (
      INSERT INTO "StopListEvent" ("entryId", kind, reason, by, imported)
      SELECT id, (CASE WHEN created THEN 'ADDED' ELSE 'READDED' END)::"StopListEventKind", reason,
             ${by}::text, ${imported}::boolean
        FROM written
    )
    SELECT id, kind::text AS kind, value, display, reason, "addedBy", "addedAt", "createdAt",
           "removedAt", "removedBy", created
      FROM written`;
}

function invalidEntry(issues: FieldIssue[]): DomainError {
  return new DomainError(
    "INVALID",
    "STOP_LIST_ENTRY_INVALID",
    "The stop-list entry is not valid",
    issues,
  );
}

/**
 * Puts an entry on the list: a new one, or a removed one back (with the new reason). An entry
 * that is on the list already is a conflict: its reason and author stay as they are.
 */
export async function addStopListEntry(
  prisma: PrismaClient,
  input: StopListEntryInput,
  addedBy: string,
): Promise<{ entry: StopListEntryView; outcome: "ADDED" | "READDED" }> {
  const parsed = stopListEntrySchema.safeParse(input);
  if (!parsed.success) throw invalidEntry(fieldIssuesOf(parsed.error.issues, input));
  const key = stopListEntryKey(parsed.data);
  if (!key.ok) throw invalidEntry(key.issues);
  const [written] = await writeEntries(
    prisma,
    [{ ...key.key, reason: parsed.data.reason }],
    addedBy,
    false,
  );
  if (!written)
    throw new DomainError(
      "CONFLICT",
      "STOP_LIST_ENTRY_EXISTS",
      "The entry is on the stop-list already",
    );
  return { entry: toView(written), outcome: written.created ? "ADDED" : "READDED" };
}

const notFound = () =>
  new DomainError("NOT_FOUND", "STOP_LIST_ENTRY_NOT_FOUND", "Stop-list entry not found");

/** Takes an entry off the list; its row and history stay. `comment` says why, if the admin wants. */
export async function removeStopListEntry(
  prisma: PrismaClient,
  id: number,
  removedBy: string,
  comment?: string | null,
): Promise<StopListEntryView> {
  const entryId = toDbId(id);
  const note = comment?.trim() || null;
  if (note && note.length > STOP_LIST_LIMITS.reason)
    throw new DomainError("INVALID", "INVALID_INPUT", "The comment is too long", [
      {
        path: "comment",
        code: "TOO_LONG",
        params: { maximum: STOP_LIST_LIMITS.reason },
        message: `At most ${STOP_LIST_LIMITS.reason} characters`,
      },
    ]);
  const rows = await prisma.$queryRaw<EntryRow[]>`
    WITH removed AS (
      UPDATE "StopListEntry" SET "removedAt" = now(), "removedBy" = ${removedBy}::text
       WHERE id = ${entryId} AND "removedAt" IS NULL
      RETURNING *
    ), event AS (
      INSERT INTO "StopListEvent" ("entryId", kind, reason, by)
      SELECT id, 'REMOVED', ${note}::text, ${removedBy}::text FROM removed
    )
    SELECT id, kind::text AS kind, display, reason, "addedBy", "addedAt", "createdAt", "removedAt",
           "removedBy"
      FROM removed`;
  const removed = rows[0];
  if (removed) return toView(removed);
  const entry = await prisma.stopListEntry.findUnique({ where: { id: entryId } });
  if (!entry) throw notFound();
  throw new DomainError(
    "CONFLICT",
    "STOP_LIST_ENTRY_REMOVED",
    "The entry was removed from the stop-list already",
  );
}

export async function getStopListEntry(
  prisma: PrismaClient,
  id: number,
): Promise<StopListEntryView> {
  const entry = await prisma.stopListEntry.findUnique({ where: { id: toDbId(id) } });
  if (!entry) throw notFound();
  return toView(entry);
}

/** The entry and every add, removal and re-add of it, oldest first. */
export async function stopListEntryHistory(
  prisma: PrismaClient,
  id: number,
): Promise<StopListHistory> {
  const entry = await prisma.stopListEntry.findUnique({
    where: { id: toDbId(id) },
    include: { events: { orderBy: { id: "asc" } } },
  });
  if (!entry) throw notFound();
  return {
    entry: toView(entry),
    events: entry.events.map((event) => ({
      kind: event.kind,
      reason: event.reason,
      by: event.by,
      imported: event.imported,
      at: event.at.toISOString(),
    })),
  };
}

export type StopListFilter = {
  kind?: StopListKind | undefined;
  /** A passport, phone, INN or SNILS (any spelling, or a part of its digits), or the start of a person's names. */
  search?: string | undefined;
  /** Active entries (the default), removed ones, or both. */
  status?: "ACTIVE" | "REMOVED" | "ALL" | undefined;
  cursor?: number | undefined;
  limit?: number | undefined;
};

function searchCondition(search?: string): Prisma.StopListEntryWhereInput {
  const text = search?.trim();
  if (!text) return {};
  if (/^[\d\s()+-]+$/.test(text)) {
    const digits = text.replace(/\D/g, "");
    const phone = normalizeRuMobilePhone(text);
    return {
      OR: [
        ...(digits ? [{ value: { contains: digits } }] : []),
        ...(phone ? [{ kind: "PHONE" as const, value: phone }] : []),
      ],
    };
  }
  // A person's key starts with the normalized last name; the next names follow a separator.
  return {
    kind: "PERSON",
    value: { startsWith: normalizeName(text).split(" ").join(PERSON_KEY_SEPARATOR) },
  };
}

/** Newest first (by when the entry was first added), a page at a time. */
export async function listStopListEntries(
  prisma: PrismaClient,
  filter: StopListFilter = {},
): Promise<StopListPage> {
  const limit = Math.min(filter.limit ?? 50, MAX_PAGE_SIZE);
  const status = filter.status ?? "ACTIVE";
  const where: Prisma.StopListEntryWhereInput = {
    AND: [
      filter.kind ? { kind: filter.kind } : {},
      status === "ACTIVE" ? { removedAt: null } : {},
      status === "REMOVED" ? { removedAt: { not: null } } : {},
      filter.cursor ? { id: { lt: toDbId(filter.cursor) } } : {},
      searchCondition(filter.search),
    ],
  };
  const rows = await prisma.stopListEntry.findMany({
    where,
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit && last ? toWireId(last.id) : null,
  };
}

/** Rows per statement of an import: 1000 rows are ~150 KB of JSON, well within a statement. */
export const IMPORT_BATCH = 1000;

/**
 * Imports a stop-list file (the format: @leadcore/schema stop-list-csv.ts, README "Stop-list").
 * Good lines are added (or put back, when removed); lines already on the list, earlier in the file
 * included, are counted and left alone; bad lines are reported with their line number (plus
 * `lineOffset` for a part of a bigger file) and why. A header that cannot be read refuses the
 * whole file, before anything is written.
 */
export async function importStopList(
  prisma: PrismaClient,
  csvText: string,
  addedBy: string,
  options: { lineOffset?: number } = {},
): Promise<StopListImportReport> {
  const csv = readStopListCsv(csvText, options);
  if (!csv.ok)
    throw new DomainError(
      "INVALID",
      "STOP_LIST_CSV_INVALID",
      "The file's header cannot be read",
      csv.issues,
    );
  const unique = new Map<string, NewEntry>();
  for (const row of csv.rows) {
    const id = `${row.key.kind}:${row.key.value}`;
    if (!unique.has(id)) unique.set(id, { ...row.key, reason: row.reason });
  }
  const entries = [...unique.values()];
  let imported = 0;
  let reactivated = 0;
  for (let i = 0; i < entries.length; i += IMPORT_BATCH) {
    const written = await writeEntries(prisma, entries.slice(i, i + IMPORT_BATCH), addedBy, true);
    imported += written.length;
    reactivated += written.filter((row) => !row.created).length;
  }
  return {
    rows: csv.rows.length + csv.badRows.length,
    imported,
    reactivated,
    alreadyListed: csv.rows.length - imported,
    badRows: csv.badRows,
  };
}
