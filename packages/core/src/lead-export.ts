// An admin's export of the leads list (issue 17, item 17; issue 18): the leads the list's filter
// selects, with the columns the list shows an operator, never a passport, INN, SNILS, card, birth
// data or address. Each export is one LeadExport row: who, which filter (never the search text,
// only that there was one), how many rows were counted, written and when; and each exported lead
// is a PersonalDataAccess row of kind EXPORT (who, which lead, which export, when), so an admin
// listing the accesses to a person sees the files their data went into.
//
// Starting counts the rows and writes the record in one transaction. The download reads the
// leads in batches by id (keyset, newest first), each batch its own short query: on the embedded
// database, which has one connection, other requests run between two batches, and no
// transaction stays open while a slow client reads. The download claims the export first, so it
// runs once.

import type { PrismaClient } from "@leadcore/db";
import {
  CHANNEL_RU,
  type ExportFormat,
  formatPeriod,
  LEAD_STATUS_RU,
  type LeadBody,
  MAX_EXPORT_ROWS,
} from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { DomainError } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import { maskPhone } from "./lead-views.ts";
import { type LeadFilter, leadWhere } from "./leads.ts";

/** Leads read per query of a download. */
export const EXPORT_BATCH_SIZE = 1000;
/** An export not downloaded within this long after its start is gone (EXPORT_NOT_FOUND). */
export const EXPORT_DOWNLOAD_WINDOW_MS = 15 * 60 * 1000;

export type ExportFilter = Omit<LeadFilter, "cursor" | "limit">;

/** What the LeadExport row keeps of the filter: ids, enums and dates; of a search, only that one was applied. */
export type StoredExportFilter = Omit<ExportFilter, "search"> & { searched: boolean };

export type ExportColumnKind = "id" | "dateTime" | "text" | "money";
/** The columns, as the leads list shows them to an operator, with their Russian headers. */
export const EXPORT_COLUMNS = [
  { header: "№ лида", kind: "id" },
  { header: "Создан (UTC)", kind: "dateTime" },
  { header: "Статус", kind: "text" },
  { header: "Канал", kind: "text" },
  { header: "Партнёр", kind: "text" },
  { header: "Фамилия", kind: "text" },
  { header: "Имя", kind: "text" },
  { header: "Отчество", kind: "text" },
  { header: "Мобильный телефон", kind: "text" },
  { header: "Сумма", kind: "money" },
  { header: "Срок", kind: "text" },
  { header: "Оператор", kind: "text" },
] as const satisfies readonly { header: string; kind: ExportColumnKind }[];

/** One lead's cells, in EXPORT_COLUMNS' order; null is an empty cell. */
export type ExportRow = (string | number | Date | null)[];

const FORMAT_IN_DB = { csv: "CSV", xlsx: "XLSX" } as const;
const FORMAT_ON_WIRE = { CSV: "csv", XLSX: "xlsx" } as const;

function requireAdmin(actor: Actor): bigint {
  if (actor.kind !== "operator" || actor.role !== "admin") {
    throw new DomainError("FORBIDDEN", "ADMIN_ONLY", "Only an administrator may export leads");
  }
  return actor.operatorId;
}

const exportNotFound = () =>
  new DomainError("NOT_FOUND", "EXPORT_NOT_FOUND", "No such export waiting to be downloaded");

function storedFilter(filter: ExportFilter): StoredExportFilter {
  const { search, ...rest } = filter;
  const kept = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  return { ...kept, searched: Boolean(search?.trim()) };
}

/** Counts the filter's leads and records the export; refused when they are more than MAX_EXPORT_ROWS. */
export async function startLeadExport(
  prisma: PrismaClient,
  actor: Actor,
  format: ExportFormat,
  filter: ExportFilter,
): Promise<{ exportId: number; total: number }> {
  const operatorId = requireAdmin(actor);
  const where = leadWhere(actor, filter);
  return prisma.$transaction(async (tx) => {
    const total = await tx.lead.count({ where });
    if (total > MAX_EXPORT_ROWS) {
      throw new DomainError(
        "UNPROCESSABLE",
        "EXPORT_TOO_LARGE",
        `The filter matches more than ${MAX_EXPORT_ROWS} leads: narrow it`,
      );
    }
    const newest = await tx.lead.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    const record = await tx.leadExport.create({
      data: {
        operatorId,
        format: FORMAT_IN_DB[format],
        filter: storedFilter(filter),
        total,
        upToLeadId: newest?.id ?? 0n,
      },
      select: { id: true },
    });
    return { exportId: toWireId(record.id), total };
  });
}

export type OpenedExport = {
  format: ExportFormat;
  total: number;
  /** The rows, a batch at a time; the record's rowsWritten follows each batch taken. */
  batches: AsyncGenerator<ExportRow[], void, undefined>;
};

/**
 * Claims the admin's export for its one download. `search` is the list's search again (it is
 * never stored): it must be there exactly when the export was started with one. Another admin's
 * export, one already downloaded and one too old are all EXPORT_NOT_FOUND, alike.
 */
export async function openLeadExport(
  prisma: PrismaClient,
  actor: Actor,
  exportId: number,
  search: string | undefined,
): Promise<OpenedExport> {
  const operatorId = requireAdmin(actor);
  const id = toDbId(exportId);
  const waiting = {
    id,
    operatorId,
    startedAt: null,
    createdAt: { gte: new Date(Date.now() - EXPORT_DOWNLOAD_WINDOW_MS) },
  };
  const record = await prisma.leadExport.findFirst({ where: waiting });
  if (!record) throw exportNotFound();
  const filter = record.filter as StoredExportFilter;
  const searched = Boolean(search?.trim());
  if (searched !== filter.searched) {
    throw new DomainError("INVALID", "INVALID_INPUT", "The search differs from the export's", [
      {
        path: "search",
        code: filter.searched ? "REQUIRED" : "NOT_ALLOWED",
        message: filter.searched
          ? "The export was started with a search: send it again"
          : "The export was started without a search",
      },
    ]);
  }
  const claimed = await prisma.leadExport.updateMany({
    where: waiting,
    data: { startedAt: new Date() },
  });
  if (claimed.count !== 1) throw exportNotFound();
  const { searched: _searched, ...rest } = filter;
  return {
    format: FORMAT_ON_WIRE[record.format],
    total: record.total,
    batches: exportBatches(prisma, actor, operatorId, record.id, record.upToLeadId, {
      ...rest,
      ...(searched ? { search } : {}),
    }),
  };
}

async function* exportBatches(
  prisma: PrismaClient,
  actor: Actor,
  operatorId: bigint,
  exportId: bigint,
  upToLeadId: bigint,
  filter: ExportFilter,
): AsyncGenerator<ExportRow[], void, undefined> {
  const where = leadWhere(actor, filter);
  let before = upToLeadId + 1n;
  let written = 0;
  while (written < MAX_EXPORT_ROWS) {
    const rows = await prisma.lead.findMany({
      where: { AND: [where, { id: { lt: before } }] },
      orderBy: { id: "desc" },
      take: Math.min(EXPORT_BATCH_SIZE, MAX_EXPORT_ROWS - written),
      select: {
        id: true,
        createdAt: true,
        status: true,
        channel: true,
        lastName: true,
        firstName: true,
        patronymic: true,
        mobilePhone: true,
        amount: true,
        data: true,
        partner: { select: { name: true } },
        manager: { select: { login: true } },
      },
    });
    const last = rows.at(-1);
    if (!last) break;
    written += rows.length;
    before = last.id;
    // Who exported whose data (152-FZ): one access row per lead, written with the batch's
    // progress before its rows leave, so no lead's data reaches the file without its record.
    await prisma.$transaction([
      prisma.personalDataAccess.createMany({
        data: rows.map((row) => ({
          operatorId,
          kind: "EXPORT" as const,
          leadId: row.id,
          exportId,
        })),
      }),
      prisma.leadExport.update({ where: { id: exportId }, data: { rowsWritten: written } }),
    ]);
    yield rows.map((row) => {
      const { period, periodUnit } = row.data as Pick<LeadBody, "period" | "periodUnit">;
      return [
        toWireId(row.id),
        row.createdAt,
        LEAD_STATUS_RU[row.status],
        row.channel ? CHANNEL_RU[row.channel] : null,
        row.partner?.name ?? null,
        row.lastName,
        row.firstName,
        row.patronymic,
        maskPhone(row.mobilePhone),
        row.amount,
        typeof period === "number" ? formatPeriod(period, periodUnit) : null,
        row.manager?.login ?? null,
      ];
    });
    if (rows.length < EXPORT_BATCH_SIZE) break;
  }
  await prisma.leadExport.update({
    where: { id: exportId },
    data: { rowsWritten: written, finishedAt: new Date() },
  });
}

/** How far the admin's own export is (another admin's is EXPORT_NOT_FOUND). */
export async function leadExportProgress(
  prisma: PrismaClient,
  actor: Actor,
  exportId: number,
): Promise<{ total: number; rowsWritten: number; finished: boolean }> {
  const operatorId = requireAdmin(actor);
  const record = await prisma.leadExport.findFirst({
    where: { id: toDbId(exportId), operatorId },
    select: { total: true, rowsWritten: true, finishedAt: true },
  });
  if (!record) throw exportNotFound();
  return {
    total: record.total,
    rowsWritten: record.rowsWritten,
    finished: record.finishedAt !== null,
  };
}
