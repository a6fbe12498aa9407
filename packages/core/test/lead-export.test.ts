// The export of the leads list (issue 17, item 17; issue 18): exactly the filter's leads, in
// batches, with the list's columns and the phone masked as the list masks it, no passport or
// other identifier anywhere; the LeadExport record says who, which filter (never the search
// text) and how many rows; a download runs once, for the admin who started it.
import type { Database, PrismaClient } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { MAX_EXPORT_ROWS } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  accessesOf,
  createLead,
  EXPORT_BATCH_SIZE,
  EXPORT_COLUMNS,
  type ExportRow,
  leadExportProgress,
  openLeadExport,
  startLeadExport,
} from "../src/index.ts";
import { ivanov, service } from "./people.ts";

warnIfPostgresUntested();

// Digits that must never leave in an export: the passport, INN and SNILS of every lead here.
const PASSPORT = {
  seria: "4599",
  no: "987123",
  issueDate: "2011-02-03",
  subdivisionCode: "770-002",
};
const SECRETS = ["4599", "987123", "500100732253", "11223344595"];
const BULK = EXPORT_BATCH_SIZE * 2 + 37; // three batches, the last one short

async function collect(batches: AsyncGenerator<ExportRow[]>): Promise<ExportRow[][]> {
  const all: ExportRow[][] = [];
  for await (const batch of batches) all.push(batch);
  return all;
}

describe.each(testDatabaseKinds())("lead export on %s", (kind) => {
  let db: Database;
  let admin: Actor;
  let otherAdmin: Actor;
  let siteIds: number[] = [];
  let petrovId = 0;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const operator = (login: string) =>
      db.prisma.operator.create({ data: { login, passwordHash: "-", role: "ADMIN" } });
    const [anna, boris] = await Promise.all([operator("anna"), operator("boris")]);
    admin = { kind: "operator", operatorId: anna.id, login: "anna", role: "admin" };
    otherAdmin = { kind: "operator", operatorId: boris.id, login: "boris", role: "admin" };
    // Through the domain: a lead with every identifier, assigned, with a partner-less channel.
    petrovId = await createLead(
      db.prisma,
      service,
      ivanov({
        lastName: "Петров",
        firstName: "Пётр",
        patronymic: "Петрович",
        mobilePhone: "+79161234567",
        passport: PASSPORT,
        inn: SECRETS[2],
        snils: SECRETS[3],
        amount: 75_000.5,
        period: 3,
        periodUnit: "WEEKS",
        channel: "SITE",
      }),
    );
    await db.prisma.lead.update({ where: { id: BigInt(petrovId) }, data: { managerId: anna.id } });
    // Many more, written directly: enough for three batches. Half as many on another channel.
    const row = (n: number, channel: "SITE" | "ECOMM") => ({
      data: { firstName: "Имя", mobilePhone: "+79160000000", passport: PASSPORT, period: 2 },
      lastName: `Экспортов${n}`,
      firstName: "Имя",
      keyLastName: `экспортов${n}`,
      keyFirstName: "имя",
      mobilePhone: `+7916${String(n).padStart(7, "0")}`,
      passportSeries: PASSPORT.seria,
      passportNumber: PASSPORT.no,
      channel,
      amount: 1000 + n,
    });
    await db.prisma.lead.createMany({
      data: Array.from({ length: BULK }, (_, n) => row(n, "SITE")),
    });
    await db.prisma.lead.createMany({
      data: Array.from({ length: 40 }, (_, n) => row(n, "ECOMM")),
    });
    const site = await db.prisma.lead.findMany({
      where: { channel: "SITE" },
      orderBy: { id: "desc" },
      select: { id: true },
    });
    siteIds = site.map((lead) => Number(lead.id));
  });
  afterAll(async () => {
    await db?.close();
  });

  it("writes exactly the filter's leads, newest first, in batches of EXPORT_BATCH_SIZE", async () => {
    const started = await startLeadExport(db.prisma, admin, "csv", { channel: "SITE" });
    expect(started.total).toBe(BULK + 1);
    const opened = await openLeadExport(db.prisma, admin, started.exportId, undefined);
    expect(opened).toMatchObject({ format: "csv", total: BULK + 1 });
    const batches = await collect(opened.batches);
    expect(batches.map((batch) => batch.length)).toEqual([
      EXPORT_BATCH_SIZE,
      EXPORT_BATCH_SIZE,
      BULK + 1 - 2 * EXPORT_BATCH_SIZE,
    ]);
    const rows = batches.flat();
    expect(rows.map((cells) => cells[0])).toEqual(siteIds);
    for (const cells of rows) expect(cells).toHaveLength(EXPORT_COLUMNS.length);
    const record = await db.prisma.leadExport.findUniqueOrThrow({
      where: { id: BigInt(started.exportId) },
    });
    expect(record).toMatchObject({
      operatorId: admin.kind === "operator" ? admin.operatorId : 0n,
      format: "CSV",
      filter: { channel: "SITE", searched: false },
      total: BULK + 1,
      rowsWritten: BULK + 1,
    });
    expect(record.finishedAt).toBeInstanceOf(Date);
    expect(record.startedAt).toBeInstanceOf(Date);
  });

  it("records every exported lead as the admin's access, with the export's id; a started export never downloaded records none", async () => {
    const operatorId = admin.kind === "operator" ? admin.operatorId : 0n;
    const waiting = await startLeadExport(db.prisma, admin, "csv", { channel: "ECOMM" });
    expect(
      await db.prisma.personalDataAccess.count({ where: { exportId: BigInt(waiting.exportId) } }),
    ).toBe(0);

    const started = await startLeadExport(db.prisma, admin, "csv", { channel: "ECOMM" });
    const opened = await openLeadExport(db.prisma, admin, started.exportId, undefined);
    const rows = (await collect(opened.batches)).flat();
    expect(rows).toHaveLength(40);
    const accesses = await db.prisma.personalDataAccess.findMany({
      where: { exportId: BigInt(started.exportId) },
      select: { kind: true, operatorId: true, leadId: true },
    });
    expect(accesses).toHaveLength(40);
    expect(new Set(accesses.map((a) => a.kind))).toEqual(new Set(["EXPORT"]));
    expect(new Set(accesses.map((a) => a.operatorId))).toEqual(new Set([operatorId]));
    expect(accesses.map((a) => Number(a.leadId)).sort()).toEqual(
      rows.map((cells) => Number(cells[0])).sort(),
    );
    const leadId = Number(rows[0]?.[0]);
    expect(await accessesOf(db.prisma, { leadId })).toContainEqual({
      at: expect.any(String),
      kind: "EXPORT",
      operator: { id: Number(operatorId), login: "anna" },
      exportId: started.exportId,
    });
  });

  it("a row holds the list's columns, the phone masked as the list masks it, and no identifier", async () => {
    const started = await startLeadExport(db.prisma, admin, "xlsx", {
      search: "Петров Пётр",
      status: "NEW",
    });
    expect(started.total).toBe(1);
    const opened = await openLeadExport(db.prisma, admin, started.exportId, "Петров Пётр");
    const rows = (await collect(opened.batches)).flat();
    expect(rows).toHaveLength(1);
    const [id, created, ...rest] = rows[0] ?? [];
    expect(id).toBe(petrovId);
    expect(created).toBeInstanceOf(Date);
    expect(rest).toEqual([
      "Новый",
      "Сайт",
      null,
      "Петров",
      "Пётр",
      "Петрович",
      "+7 916 ***-**-67",
      75_000.5,
      "3 недели",
      "anna",
    ]);
    const text = JSON.stringify(rows);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toContain("1234567");
  });

  it("no export output anywhere holds a passport, INN or SNILS digit group", async () => {
    const started = await startLeadExport(db.prisma, admin, "csv", {});
    const opened = await openLeadExport(db.prisma, admin, started.exportId, undefined);
    const rows = (await collect(opened.batches)).flat();
    expect(rows).toHaveLength(BULK + 41);
    const text = JSON.stringify(rows);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it("the record keeps that a search was applied, never its text", async () => {
    const started = await startLeadExport(db.prisma, admin, "csv", {
      search: "+7 916 123-45-67",
    });
    expect(started.total).toBe(1);
    const [stored] = await db.prisma.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(e)::text AS row FROM "LeadExport" e WHERE id = ${BigInt(started.exportId)}`;
    expect(stored?.row).toMatch(/"filter":\{"searched": ?true\}/);
    expect(stored?.row).not.toMatch(/1234567|45-67|\+7/);
  });

  it("a download runs once, for the admin who started it; the search must come back with it", async () => {
    const searched = await startLeadExport(db.prisma, admin, "csv", { search: "Петров" });
    await expect(
      openLeadExport(db.prisma, otherAdmin, searched.exportId, "Петров"),
    ).rejects.toMatchObject({ reason: "EXPORT_NOT_FOUND" });
    await expect(
      openLeadExport(db.prisma, admin, searched.exportId, undefined),
    ).rejects.toMatchObject({
      reason: "INVALID_INPUT",
      issues: [{ path: "search", code: "REQUIRED" }],
    });
    const opened = await openLeadExport(db.prisma, admin, searched.exportId, "Петров");
    await collect(opened.batches);
    await expect(
      openLeadExport(db.prisma, admin, searched.exportId, "Петров"),
    ).rejects.toMatchObject({
      reason: "EXPORT_NOT_FOUND",
    });
    await expect(openLeadExport(db.prisma, admin, 999_999, undefined)).rejects.toMatchObject({
      reason: "EXPORT_NOT_FOUND",
    });
    await expect(
      leadExportProgress(db.prisma, otherAdmin, searched.exportId),
    ).rejects.toMatchObject({ reason: "EXPORT_NOT_FOUND" });
    expect(await leadExportProgress(db.prisma, admin, searched.exportId)).toEqual({
      total: 1,
      rowsWritten: 1,
      finished: true,
    });
  });

  it("only an admin starts one", async () => {
    const operator: Actor = { kind: "operator", operatorId: 1n, login: "anna", role: "operator" };
    for (const actor of [operator, service]) {
      await expect(startLeadExport(db.prisma, actor, "csv", {})).rejects.toMatchObject({
        reason: "ADMIN_ONLY",
      });
    }
  });

  it("between two batches other writes run, and a lead created after the start is not exported", async () => {
    const started = await startLeadExport(db.prisma, admin, "csv", { channel: "SITE" });
    const opened = await openLeadExport(db.prisma, admin, started.exportId, undefined);
    const first = await opened.batches.next();
    expect(first.done).toBe(false);
    // With a transaction held open across batches, this would wait for it (one connection).
    const later = await createLead(db.prisma, service, ivanov({ channel: "SITE" }));
    // A batch is counted (and its accesses recorded) as it is handed to the file, not after.
    expect(await leadExportProgress(db.prisma, admin, started.exportId)).toMatchObject({
      rowsWritten: EXPORT_BATCH_SIZE,
      finished: false,
    });
    await opened.batches.next();
    expect(await leadExportProgress(db.prisma, admin, started.exportId)).toMatchObject({
      rowsWritten: 2 * EXPORT_BATCH_SIZE,
    });
    const rest: ExportRow[] = [];
    for await (const batch of opened.batches) rest.push(...batch);
    const ids = [...(first.value ?? []), ...rest].map((cells) => cells[0]);
    expect(ids).not.toContain(later);
    expect(ids).toHaveLength(BULK + 1 - EXPORT_BATCH_SIZE);
  });
});

// A million real leads would take minutes to write: a stand-in for the database answers the
// count, and says whether the export was recorded.
describe("the export's row limit", () => {
  const admin: Actor = { kind: "operator", operatorId: 1n, login: "anna", role: "admin" };
  function countingAs(total: number) {
    const created: unknown[] = [];
    const tx = {
      lead: { count: async () => total, findFirst: async () => ({ id: 7n }) },
      leadExport: {
        create: async (args: unknown) => {
          created.push(args);
          return { id: 1n };
        },
      },
    };
    const prisma = {
      $transaction: (work: (client: typeof tx) => Promise<unknown>) => work(tx),
    } as unknown as PrismaClient;
    return { prisma, created };
  }

  it("exports MAX_EXPORT_ROWS rows", async () => {
    const { prisma, created } = countingAs(MAX_EXPORT_ROWS);
    expect(await startLeadExport(prisma, admin, "xlsx", {})).toEqual({
      exportId: 1,
      total: MAX_EXPORT_ROWS,
    });
    expect(created).toHaveLength(1);
  });

  it("refuses one more with EXPORT_TOO_LARGE, and records nothing", async () => {
    const { prisma, created } = countingAs(MAX_EXPORT_ROWS + 1);
    await expect(startLeadExport(prisma, admin, "csv", {})).rejects.toMatchObject({
      kind: "UNPROCESSABLE",
      reason: "EXPORT_TOO_LARGE",
    });
    expect(created).toHaveLength(0);
  });
});
