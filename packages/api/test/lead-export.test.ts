// The export of the leads list over the API (issue 17, item 17; issue 18): lead.exportStart is an
// admin's, refuses hostile input with the field's path and never an echo; the download
// (POST /api/exports/{id}, export-http.ts) streams once, to the admin who started it, a CSV and an
// XLSX that read back to the filter's leads, refuses in REST's envelope, answers an outage 503,
// and reads no further than the client takes.
import { createLead, createPartnerWithKey, EXPORT_BATCH_SIZE } from "@leadcore/core";
import { type Database, openDatabase } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleExportRequest } from "../src/index.ts";
import {
  type Auth,
  callerFor,
  everyKindOfCaller,
  headersOf,
  operatorSession,
} from "./support/callers.ts";
import { failureOf } from "./support/calls.ts";

warnIfPostgresUntested();

const HEADER = [
  "№ лида",
  "Создан (UTC)",
  "Статус",
  "Канал",
  "Партнёр",
  "Фамилия",
  "Имя",
  "Отчество",
  "Мобильный телефон",
  "Сумма",
  "Срок",
  "Оператор",
];
const PASSPORT = { seria: "4511", no: "246813" };

function download(db: Database, id: number | string, auth: Auth, body: unknown = {}) {
  return handleExportRequest(
    new Request(`http://localhost/api/exports/${id}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headersOf(auth) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    String(id),
    { db },
  );
}

const csvRows = (text: string): string[][] => parse(text, { delimiter: ";", bom: true });

async function xlsxRows(response: Response): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  const sheet = workbook.getWorksheet("Лиды");
  const rows: unknown[][] = [];
  sheet?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe.each(testDatabaseKinds())("lead export over the API on %s", (kind) => {
  let db: Database;
  let callers: Awaited<ReturnType<typeof everyKindOfCaller>>;
  let deputySession = "";
  const ids: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    callers = await everyKindOfCaller(db);
    deputySession = await operatorSession(db, "deputy", "admin");
    // A partner whose name Excel would run as a formula.
    const { partnerId } = await createPartnerWithKey(db.prisma, "=HYPERLINK(1)");
    const shop = { kind: "partner" as const, partnerId, apiKeyId: 9n, name: "=HYPERLINK(1)" };
    for (const [lastName, channel] of [
      ["Смирнова", "SITE"],
      ["Кузнецов", "ECOMM"],
      ["Соколов", "SITE"],
    ] as const) {
      ids.push(
        await createLead(db.prisma, shop, {
          lastName,
          firstName: "Анна",
          mobilePhone: `+7916555${ids.length}${ids.length}${ids.length}${ids.length}`,
          passport: PASSPORT,
          channel,
          amount: 12_500.5,
          period: 6,
          periodUnit: "MONTHS",
        }),
      );
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  it("only an admin starts an export: operators and API keys get FORBIDDEN", async () => {
    for (const auth of [
      { session: callers.clerkSession },
      { key: callers.partnerKey },
      { key: callers.serviceKey },
    ]) {
      const caller = await callerFor(db, auth);
      expect(await failureOf(caller.lead.exportStart({ format: "csv" }))).toMatchObject({
        code: "FORBIDDEN",
      });
      expect(await failureOf(caller.lead.exportProgress({ exportId: 1 }))).toMatchObject({
        code: "FORBIDDEN",
      });
    }
  });

  it("hostile input is a BAD_REQUEST naming the field, never repeating what was sent", async () => {
    const admin = await callerFor(db, { session: callers.chiefSession });
    const secret = "паспорт-4511246813";
    const cases: [unknown, string, string][] = [
      [{ format: "csv", bogus: 1 }, "bogus", "UNKNOWN_FIELD"],
      // A key that could be personal data is not repeated even as a path.
      [{ format: "csv", [secret]: 1 }, "*", "UNKNOWN_FIELD"],
      [{ format: "pdf" }, "format", "INVALID_ENUM"],
      [{ format: "csv", search: secret.repeat(5000) }, "search", "TOO_LONG"],
      [{ format: "csv", limit: 10 }, "limit", "UNKNOWN_FIELD"],
      [{ format: "csv", status: secret }, "status", "INVALID_ENUM"],
      [{ format: "csv", createdFrom: secret }, "createdFrom", "INVALID_FORMAT"],
    ];
    for (const [input, path, code] of cases) {
      const failure = await failureOf(admin.lead.exportStart(input as never));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.issues.map((issue) => [issue.path, issue.code])).toContainEqual([path, code]);
      expect(failure.message).not.toContain(secret);
      for (const issue of failure.issues) expect(issue.message).not.toContain(secret);
    }
    expect(await db.prisma.leadExport.count()).toBe(0);
  });

  it("a CSV download reads back to the filter's leads: BOM, «;», the list's columns, masked phones, no passport", async () => {
    const admin = await callerFor(db, { session: callers.chiefSession });
    const { exportId, total } = await admin.lead.exportStart({ format: "csv", channel: "SITE" });
    expect(total).toBe(2);
    const response = await download(db, exportId, { session: callers.chiefSession });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("\r\n");
    const [header, ...rows] = csvRows(text);
    expect(header).toEqual(HEADER);
    expect(rows.map((row) => row[0])).toEqual([String(ids[2]), String(ids[0])]);
    expect(rows[0]).toEqual([
      String(ids[2]),
      expect.stringMatching(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/),
      "Новый",
      "Сайт",
      "'=HYPERLINK(1)",
      "Соколов",
      "Анна",
      "",
      "'+7 916 ***-**-22",
      "12500,5",
      "6 месяцев",
      "",
    ]);
    for (const digits of ["4511", "246813", "5552222"]) expect(text).not.toContain(digits);
  });

  it("an XLSX download reads back with exceljs to the same rows", async () => {
    const admin = await callerFor(db, { session: callers.chiefSession });
    const { exportId } = await admin.lead.exportStart({ format: "xlsx", search: "Кузнецов" });
    const response = await download(
      db,
      exportId,
      { session: callers.chiefSession },
      { search: "Кузнецов" },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/filename="leads-[\d-]+\.xlsx"/);
    const rows = await xlsxRows(response);
    expect(rows[0]).toEqual(HEADER);
    expect(rows.slice(1)).toEqual([
      [
        ids[1],
        expect.any(Date),
        "Новый",
        "Интернет-магазин",
        "=HYPERLINK(1)",
        "Кузнецов",
        "Анна",
        undefined,
        "+7 916 ***-**-11",
        12_500.5,
        "6 месяцев",
      ],
    ]);
  });

  it("another admin's export, a second download and an unknown id are the same 404", async () => {
    const admin = await callerFor(db, { session: callers.chiefSession });
    const { exportId } = await admin.lead.exportStart({ format: "csv" });
    const refusal = {
      code: "NOT_FOUND",
      reason: "EXPORT_NOT_FOUND",
      message: "No such export waiting to be downloaded",
      issues: [],
    };
    const deputy = await download(db, exportId, { session: deputySession });
    expect(deputy.status).toBe(404);
    expect(await deputy.json()).toEqual(refusal);
    const first = await download(db, exportId, { session: callers.chiefSession });
    expect(first.status).toBe(200);
    expect(csvRows(await first.text())).toHaveLength(4);
    const second = await download(db, exportId, { session: callers.chiefSession });
    expect(second.status).toBe(404);
    expect(await second.json()).toEqual(refusal);
    for (const id of ["999999", "0", "abc", "1e3", "99999999999999999999"]) {
      const response = await download(db, id, { session: callers.chiefSession });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual(refusal);
    }
    const record = await db.prisma.leadExport.findUniqueOrThrow({
      where: { id: BigInt(exportId) },
    });
    expect(record).toMatchObject({ total: 3, rowsWritten: 3, filter: { searched: false } });
  });

  it("refusals answer in REST's envelope: no session (or another site's request) 401, an operator 403, GET 405, not JSON 415, a bad body 400 without an echo", async () => {
    const admin = await callerFor(db, { session: callers.chiefSession });
    const { exportId } = await admin.lead.exportStart({ format: "csv" });
    const expectEnvelope = async (response: Response, status: number, reason: string) => {
      expect(response.status).toBe(status);
      const body = await response.json();
      expect(body).toMatchObject({ code: expect.any(String), reason, message: expect.any(String) });
      expect(Object.keys(body).sort()).toEqual(["code", "issues", "message", "reason"]);
      return body;
    };
    await expectEnvelope(await download(db, exportId, {}), 401, "AUTHENTICATION_REQUIRED");
    // The session counts only on requests from LeadCore's own pages, as on tRPC.
    await expectEnvelope(
      await download(db, exportId, {
        session: callers.chiefSession,
        headers: { "sec-fetch-site": "cross-site" },
      }),
      401,
      "AUTHENTICATION_REQUIRED",
    );
    await expectEnvelope(
      await download(db, exportId, { session: callers.clerkSession }),
      403,
      "ADMIN_ONLY",
    );
    await expectEnvelope(
      await download(db, exportId, { key: callers.serviceKey }),
      403,
      "ADMIN_ONLY",
    );
    const get = await handleExportRequest(
      new Request(`http://localhost/api/exports/${exportId}`, {
        headers: headersOf({ session: callers.chiefSession }),
      }),
      String(exportId),
      { db },
    );
    await expectEnvelope(get, 405, "METHOD_NOT_ALLOWED");
    const form = await handleExportRequest(
      new Request(`http://localhost/api/exports/${exportId}`, {
        method: "POST",
        headers: { "content-type": "text/plain", ...headersOf({ session: callers.chiefSession }) },
        body: "search=Смирнова",
      }),
      String(exportId),
      { db },
    );
    await expectEnvelope(form, 415, "NOT_JSON");
    const secret = "4511 246813";
    const bad = await expectEnvelope(
      await download(
        db,
        exportId,
        { session: callers.chiefSession },
        { search: secret, x: secret },
      ),
      400,
      "INVALID_INPUT",
    );
    expect(bad.issues).toEqual([expect.objectContaining({ path: "x", code: "UNKNOWN_FIELD" })]);
    expect(JSON.stringify(bad)).not.toContain(secret);
    // Started without a search, it is not downloaded with one; it is still waiting afterwards.
    const searched = await expectEnvelope(
      await download(db, exportId, { session: callers.chiefSession }, { search: "Смирнова" }),
      400,
      "INVALID_INPUT",
    );
    expect(searched.issues).toEqual([
      expect.objectContaining({ path: "search", code: "NOT_ALLOWED" }),
    ]);
    expect(JSON.stringify(searched)).not.toContain("Смирнова");
    const good = await download(db, exportId, { session: callers.chiefSession });
    expect(good.status).toBe(200);
    await good.body?.cancel();
  });

  it("a download reads no further than the client takes, and the record says how far it got", async () => {
    const bulk = EXPORT_BATCH_SIZE * 3;
    await db.prisma.lead.createMany({
      data: Array.from({ length: bulk }, (_, n) => ({
        data: { firstName: "Пётр", mobilePhone: "+79160000000" },
        firstName: "Пётр",
        mobilePhone: `+7917${String(n).padStart(7, "0")}`,
        channel: "PRESCORE" as const,
      })),
    });
    const admin = await callerFor(db, { session: callers.chiefSession });
    for (const format of ["csv", "xlsx"] as const) {
      const { exportId, total } = await admin.lead.exportStart({ format, channel: "PRESCORE" });
      expect(total).toBe(bulk);
      const response = await download(db, exportId, { session: callers.chiefSession });
      const reader = response.body?.getReader();
      await reader?.read();
      await reader?.read();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const progress = await admin.lead.exportProgress({ exportId });
      expect(progress.finished).toBe(false);
      expect(progress.rowsWritten).toBeLessThanOrEqual(2 * EXPORT_BATCH_SIZE);
      await reader?.cancel();
      const record = await db.prisma.leadExport.findUniqueOrThrow({
        where: { id: BigInt(exportId) },
      });
      expect(record.finishedAt).toBeNull();
      expect(record.rowsWritten).toBeLessThan(bulk);
    }
  });

  it("a database that cannot be reached is a 503 with Retry-After, in the envelope", async () => {
    const away = await openDatabase({
      url: "postgresql://postgres@127.0.0.1:1/none",
      migrate: false,
    });
    try {
      const response = await download(away, 1, { session: callers.chiefSession });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("1");
      expect(await response.json()).toEqual({
        code: "SERVICE_UNAVAILABLE",
        reason: "DATABASE_UNAVAILABLE",
        message: "The database is unavailable; retry shortly",
        issues: [],
      });
    } finally {
      await away.close();
    }
  });
});
