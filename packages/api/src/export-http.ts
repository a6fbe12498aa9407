// The download of a lead export (POST /api/exports/{id}; apps/web app/api/exports/[id]/route.ts):
// lead.exportStart counted and recorded it, this streams the file, once, to the admin who started
// it. POST, because the list's search (a name, a phone, a passport number) comes back in the
// body: it is never stored, and the URL holds the export's id alone.
//
// The caller is authenticated exactly as tRPC does it (createContextFromRequest: the operator's
// session cookie, from LeadCore's own pages only), the body passes the shared edge
// (http-edge.ts), and refusals answer in REST's envelope (rest.ts RestError) with fixed messages.
// The file is a pull-based ReadableStream: the next batch of leads is read only when the
// connection has taken the last one, so a slow client never makes the server hold the whole file.
// CSV: UTF-8 with a BOM, `;` between fields, CRLF, RFC 4180 quoting (csv-stringify), as Russian
// Excel opens it. XLSX: exceljs's streaming WorkbookWriter.

import { PassThrough } from "node:stream";
import {
  type Actor,
  DomainError,
  EXPORT_COLUMNS,
  type ExportRow,
  type OpenedExport,
  openLeadExport,
} from "@leadcore/core";
import { type Database, isDatabaseUnavailable } from "@leadcore/db";
import {
  type ErrorReason,
  type FieldIssue,
  fieldIssuesOf,
  leadExportDownloadSchema,
  reportedIssues,
} from "@leadcore/schema";
import { TRPCError } from "@trpc/server";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import { createContextFromRequest } from "./context.ts";
import { EdgeRefusal, readJsonBody } from "./http-edge.ts";
import { loggableError, logger } from "./logger.ts";
import {
  processRateLimiter,
  RateLimitedError,
  rateLimitSubject,
  SERVICE_UNAVAILABLE_RETRY_SECONDS,
} from "./rate-limit.ts";
import type { RestError } from "./rest.ts";

export const EXPORT_ENDPOINT = "/api/exports";
const ROUTE = `${EXPORT_ENDPOINT}/{id}`;

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

class Refusal {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: ErrorReason,
    readonly message: string,
    readonly issues: FieldIssue[] = [],
    readonly headers: Record<string, string> = {},
  ) {}
}

const DOMAIN_STATUS = {
  NOT_FOUND: [404, "NOT_FOUND"],
  FORBIDDEN: [403, "FORBIDDEN"],
  CONFLICT: [409, "CONFLICT"],
  INVALID: [400, "BAD_REQUEST"],
  UNPROCESSABLE: [422, "UNPROCESSABLE_CONTENT"],
} as const;

const unavailable = () =>
  new Refusal(
    503,
    "SERVICE_UNAVAILABLE",
    "DATABASE_UNAVAILABLE",
    "The database is unavailable; retry shortly",
    [],
    { "Retry-After": String(SERVICE_UNAVAILABLE_RETRY_SECONDS) },
  );
const notFound = () =>
  new Refusal(404, "NOT_FOUND", "EXPORT_NOT_FOUND", "No such export waiting to be downloaded");

function refusalResponse(refusal: Refusal): Response {
  const body: RestError = {
    code: refusal.code,
    reason: refusal.reason,
    message: refusal.message,
    issues: reportedIssues(refusal.issues),
  };
  return Response.json(body, {
    status: refusal.status,
    headers: { "cache-control": "no-store", ...refusal.headers },
  });
}

/** The one handler behind the route: `id` is the path's segment, as the router received it. */
export async function handleExportRequest(
  req: Request,
  id: string,
  options: { db?: Database } = {},
): Promise<Response> {
  const started = Date.now();
  try {
    const { opened, actor, exportId } = await openFor(req, id, options.db);
    const response = fileResponse(opened, exportId, actor);
    logger.info(
      {
        method: req.method,
        route: ROUTE,
        status: 200,
        event: "lead.export",
        exportId,
        by: actor.kind === "operator" ? actor.login : actor.kind,
        format: opened.format,
        total: opened.total,
        ms: Date.now() - started,
      },
      "export download started",
    );
    return response;
  } catch (failure) {
    const refusal = refusalOf(failure);
    const line = {
      method: req.method,
      route: ROUTE,
      status: refusal.status,
      reason: refusal.reason,
    };
    if (refusal.status >= 500)
      logger.error({ ...line, err: loggableError(failure) }, "request failed");
    else logger.info(line, "request refused");
    return refusalResponse(refusal);
  }
}

function refusalOf(failure: unknown): Refusal {
  if (failure instanceof Refusal) return failure;
  if (failure instanceof EdgeRefusal) {
    return new Refusal(
      failure.status,
      failure.code,
      failure.reason,
      failure.message,
      failure.issues,
    );
  }
  if (failure instanceof DomainError) {
    const [status, code] = DOMAIN_STATUS[failure.kind];
    return new Refusal(status, code, failure.reason, failure.message, failure.issues);
  }
  if (
    (failure instanceof TRPCError && failure.code === "SERVICE_UNAVAILABLE") ||
    isDatabaseUnavailable(failure)
  ) {
    return unavailable();
  }
  // An address that keeps sending bad keys (context.ts): refused before any lookup.
  if (failure instanceof TRPCError && failure.cause instanceof RateLimitedError) {
    const { reason, retryAfterSeconds } = failure.cause;
    return new Refusal(429, "TOO_MANY_REQUESTS", reason, failure.message, [], {
      "Retry-After": String(retryAfterSeconds),
    });
  }
  return new Refusal(500, "INTERNAL_SERVER_ERROR", "INTERNAL_ERROR", "Internal error");
}

async function openFor(
  req: Request,
  id: string,
  db: Database | undefined,
): Promise<{ opened: OpenedExport; actor: Actor; exportId: number }> {
  if (req.method !== "POST") {
    throw new Refusal(
      405,
      "METHOD_NOT_SUPPORTED",
      "METHOD_NOT_ALLOWED",
      "An export is downloaded with POST",
      [],
      { Allow: "POST" },
    );
  }
  // Anything but a plain id is an export nobody has: the same answer as another admin's.
  const exportId = /^[1-9]\d{0,15}$/.test(id) ? Number(id) : Number.NaN;
  const body = await readJsonBody(req, { allowEmpty: true });
  if (body instanceof EdgeRefusal) throw body;
  const parsed = leadExportDownloadSchema.safeParse(body.text === "" ? {} : body.value);
  if (!parsed.success) {
    throw new Refusal(
      400,
      "BAD_REQUEST",
      "INVALID_INPUT",
      "The input does not match the contract",
      fieldIssuesOf(parsed.error.issues),
    );
  }
  const ctx = await createContextFromRequest(req, db);
  const actor = ctx.actor;
  if (!actor) {
    throw new Refusal(
      401,
      "UNAUTHORIZED",
      "AUTHENTICATION_REQUIRED",
      "Authentication required: sign in as an administrator",
    );
  }
  const limiter = processRateLimiter();
  const decision = limiter ? await limiter.take(rateLimitSubject(actor)) : null;
  if (decision && !decision.allowed) {
    throw new Refusal(
      429,
      "TOO_MANY_REQUESTS",
      "RATE_LIMITED",
      `Rate limit exceeded: retry in ${decision.retryAfterSeconds} s`,
      [],
      { "Retry-After": String(decision.retryAfterSeconds) },
    );
  }
  if (actor.kind !== "operator" || actor.role !== "admin") {
    throw new Refusal(403, "FORBIDDEN", "ADMIN_ONLY", "Only an administrator may do this");
  }
  if (!Number.isSafeInteger(exportId)) throw notFound();
  const opened = await openLeadExport(ctx.db.prisma, actor, exportId, parsed.data.search);
  return { opened, actor, exportId };
}

function fileResponse(opened: OpenedExport, exportId: number, actor: Actor): Response {
  const day = new Date().toISOString().slice(0, 10);
  const onFailure = (error: unknown) =>
    logger.error(
      {
        route: ROUTE,
        event: "lead.export",
        exportId,
        by: actor.kind === "operator" ? actor.login : actor.kind,
        outcome: isDatabaseUnavailable(error) ? "SERVICE_UNAVAILABLE" : "FAILED",
        err: loggableError(error),
      },
      "export download broke off",
    );
  const body =
    opened.format === "csv" ? csvStream(opened, onFailure) : xlsxStream(opened, onFailure);
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": CONTENT_TYPES[opened.format],
      "content-disposition": `attachment; filename="leads-${day}.${opened.format}"`,
      "cache-control": "no-store",
    },
  });
}

// A cell Excel would read as a formula (=, +, -, @, a tab or a CR first) gets an apostrophe in
// front, as OWASP's CSV-injection advice says: a name or a partner's title is someone's input.
const FORMULA_START = /^[=+\-@\t\r]/;
const twoDigits = (n: number) => String(n).padStart(2, "0");

function csvCell(value: ExportRow[number], kind: (typeof EXPORT_COLUMNS)[number]["kind"]): string {
  if (value === null) return "";
  if (value instanceof Date) {
    return `${twoDigits(value.getUTCDate())}.${twoDigits(value.getUTCMonth() + 1)}.${value.getUTCFullYear()} ${twoDigits(value.getUTCHours())}:${twoDigits(value.getUTCMinutes())}`;
  }
  // Russian Excel reads a decimal comma.
  if (typeof value === "number")
    return kind === "money" ? String(value).replace(".", ",") : String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const CSV_OPTIONS = { delimiter: ";", record_delimiter: "\r\n" } as const;
const encoder = new TextEncoder();

function csvStream(opened: OpenedExport, onFailure: (error: unknown) => void) {
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          const header = stringify([EXPORT_COLUMNS.map((column) => column.header)], CSV_OPTIONS);
          controller.enqueue(encoder.encode(`\uFEFF${header}`));
          return;
        }
        try {
          const next = await opened.batches.next();
          if (next.done) return controller.close();
          const records = next.value.map((row) =>
            row.map((value, index) => csvCell(value, EXPORT_COLUMNS[index]?.kind ?? "text")),
          );
          controller.enqueue(encoder.encode(stringify(records, CSV_OPTIONS)));
        } catch (error) {
          onFailure(error);
          controller.error(error);
        }
      },
      async cancel() {
        await opened.batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

const XLSX_WIDTHS = [10, 17, 14, 18, 20, 18, 16, 18, 19, 12, 12, 14];
const XLSX_FORMATS: Partial<Record<(typeof EXPORT_COLUMNS)[number]["kind"], string>> = {
  dateTime: "dd.mm.yyyy hh:mm",
  money: "#,##0.00",
};

function xlsxStream(opened: OpenedExport, onFailure: (error: unknown) => void) {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet("Лиды");
  sheet.columns = EXPORT_COLUMNS.map((column, index) => {
    const numFmt = XLSX_FORMATS[column.kind];
    return {
      header: column.header,
      width: XLSX_WIDTHS[index] ?? 14,
      ...(numFmt ? { style: { numFmt } } : {}),
    };
  });
  let committing = false;
  let failure: unknown;
  output.on("error", (error) => {
    failure ??= error;
  });
  // The zip's bytes come out of the compressor a little after the rows go in: wait for some,
  // or for a moment (a batch that compressed into the compressor's window yields none yet).
  const someOutput = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        output.off("readable", done);
        output.off("end", done);
        output.off("error", done);
        resolve();
      };
      const timer = setTimeout(done, 20);
      output.once("readable", done);
      output.once("end", done);
      output.once("error", done);
    });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          for (;;) {
            const chunk: Buffer | null = output.read();
            if (chunk) return controller.enqueue(new Uint8Array(chunk));
            if (failure) throw failure;
            if (output.readableEnded) return controller.close();
            // Rows are produced only while nothing is waiting to be taken: the pull is the
            // connection asking for more.
            if (!committing) {
              const next = await opened.batches.next();
              if (next.done) {
                committing = true;
                sheet.commit();
                workbook.commit().catch((error: unknown) => {
                  failure ??= error;
                });
              } else {
                for (const row of next.value) sheet.addRow(row).commit();
              }
            }
            await someOutput();
          }
        } catch (error) {
          onFailure(error);
          controller.error(error);
          output.destroy();
        }
      },
      async cancel() {
        output.destroy();
        await opened.batches.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
