// The stop-list's CSV file: what an admin imports in bulk (`pnpm cli stoplist import FILE.csv`,
// the upload on /stop-list). Read here, with no database, so the server, the CLI and the page agree
// on every line; core's importStopList writes what this reads.
//
// The format (README "Stop-list"):
// - UTF-8, with or without a BOM; fields separated by commas, semicolons (what Russian Excel
//   writes) or tabs, whichever the header line uses most; fields may be quoted ("..." with "" for
//   a quote, line breaks allowed inside); line breaks \n, \r\n or \r.
// - The first line that is not blank is the header: column names in any order, in English or
//   Russian, case-insensitive: kind|вид, value|значение, reason|причина, and for persons
//   lastName|фамилия, firstName|имя, patronymic|отчество, birthDate|дата рождения.
// - Each following line is one entry. kind: PASSPORT|паспорт, PHONE|телефон, INN|инн,
//   SNILS|снилс, PERSON|человек. value: the passport's series and number ("4008 503682"), the
//   mobile phone, the INN or the SNILS; a PERSON leaves value empty and fills the person columns
//   (birth date YYYY-MM-DD or DD.MM.YYYY, as Excel writes it); every line needs a reason.
// - Blank lines (and lines of separators only) are skipped. A bad line is reported by its line
//   number in the file with the column and the code of each problem, never with its values.

import { type FieldIssue, fieldIssuesOf } from "./error-codes.ts";
import {
  identifierDigits,
  STOP_LIST_KINDS,
  type StopListEntryInput,
  type StopListEntryKey,
  type StopListKind,
  stopListEntryKey,
  stopListEntrySchema,
  stopListReasonSchema,
} from "./stop-list.ts";

/** The columns a stop-list file may have: their names, Russian names and what they hold. */
export const STOP_LIST_CSV_COLUMNS = [
  { name: "kind", ru: "вид", label: "Вид записи" },
  { name: "value", ru: "значение", label: "Значение" },
  { name: "lastName", ru: "фамилия", label: "Фамилия" },
  { name: "firstName", ru: "имя", label: "Имя" },
  { name: "patronymic", ru: "отчество", label: "Отчество" },
  { name: "birthDate", ru: "дата рождения", label: "Дата рождения" },
  { name: "reason", ru: "причина", label: "Причина" },
] as const;
export type StopListCsvColumn = (typeof STOP_LIST_CSV_COLUMNS)[number]["name"];

/** How a file may spell each kind, besides its own name (case-insensitive). */
export const STOP_LIST_KIND_ALIASES_RU: Record<StopListKind, string> = {
  PASSPORT: "паспорт",
  PHONE: "телефон",
  INN: "инн",
  SNILS: "снилс",
  PERSON: "человек",
};

const PERSON_COLUMNS = ["lastName", "firstName", "patronymic", "birthDate"] as const;

const folded = (name: string) =>
  name
    .trim()
    .toLocaleLowerCase("ru-RU")
    .replace(/ё/g, "е")
    .replace(/[\s_-]+/g, "");

const COLUMN_BY_NAME = new Map<string, StopListCsvColumn>(
  STOP_LIST_CSV_COLUMNS.flatMap((column) => [
    [folded(column.name), column.name],
    [folded(column.ru), column.name],
  ]),
);

const KIND_BY_NAME = new Map<string, StopListKind>(
  STOP_LIST_KINDS.flatMap((kind) => [
    [folded(kind), kind],
    [folded(STOP_LIST_KIND_ALIASES_RU[kind]), kind],
  ]),
);

/** One line of the file that makes an entry. */
export type StopListCsvRow = { line: number; key: StopListEntryKey; reason: string };
/** One line that does not, and why (by column: kind, value, reason, lastName...; "" the whole line). */
export type StopListBadRow = { line: number; issues: FieldIssue[] };

export type StopListCsv =
  | { ok: true; rows: StopListCsvRow[]; badRows: StopListBadRow[] }
  | { ok: false; issues: FieldIssue[] };

type CsvRecord = {
  /** The line of the file the record starts on. */
  line: number;
  fields: string[];
  /** A quoted field that was never closed: it ran to the end of the file. */
  unclosed: boolean;
  start: number;
  end: number;
};

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** The separator the header line uses most (outside quotes): ",", ";" or a tab; "," if none. */
function separatorOf(text: string): string {
  const counts: Record<string, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  let seen = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) {
      if (seen) break;
    } else if (!quoted) {
      if (char in counts) counts[char] = (counts[char] ?? 0) + 1;
      if (char.trim() !== "") seen = true;
    }
  }
  let best = ",";
  for (const [separator, count] of Object.entries(counts))
    if (count > (counts[best] ?? 0)) best = separator;
  return best;
}

function lineBreaksIn(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return count;
}

/** Where the unquoted text from `from` ends: at the separator, a line break or the end. */
function delimiterAt(text: string, from: number, separator: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === separator || c === 10 || c === 13) return i;
  }
  return text.length;
}

/** The file's records (RFC 4180, with the leniencies of real files: text after a closing quote is kept). */
function recordsOf(text: string, separatorChar: string): CsvRecord[] {
  const separator = separatorChar.charCodeAt(0);
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = i;
    const recordLine = line;
    const fields: string[] = [];
    let unclosed = false;
    for (;;) {
      let value = "";
      if (text.charCodeAt(i) === 34) {
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          const chunk = text.slice(i, quote === -1 ? n : quote);
          value += chunk;
          line += lineBreaksIn(chunk);
          if (quote === -1) {
            i = n;
            unclosed = true;
            break;
          }
          if (text.charCodeAt(quote + 1) === 34) {
            value += '"';
            i = quote + 2;
            continue;
          }
          i = quote + 1;
          break;
        }
      }
      const end = delimiterAt(text, i, separator);
      value += text.slice(i, end);
      i = end;
      fields.push(value);
      if (i < n && text.charCodeAt(i) === separator) {
        i++;
        continue;
      }
      break;
    }
    const end = i;
    if (i < n) {
      i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
    }
    records.push({ line: recordLine, fields, unclosed, start, end });
  }
  return records;
}

const blank = (record: CsvRecord) =>
  !record.unclosed && record.fields.every((f) => f.trim() === "");

type Header = { columns: (StopListCsvColumn | null)[] };

function headerOf(record: CsvRecord | undefined): Header | { issues: FieldIssue[] } {
  if (!record)
    return {
      issues: [
        { path: "header", code: "REQUIRED", message: "The file is empty: it needs a header line" },
      ],
    };
  const issues: FieldIssue[] = [];
  const columns: (StopListCsvColumn | null)[] = [];
  const seen = new Set<StopListCsvColumn>();
  record.fields.forEach((cell, index) => {
    const position = `header.${index + 1}`;
    if (cell.trim() === "") {
      columns.push(null);
      return;
    }
    const column = COLUMN_BY_NAME.get(folded(cell));
    if (!column) {
      issues.push({ path: position, code: "UNKNOWN_FIELD", message: "Unknown column" });
    } else if (seen.has(column)) {
      issues.push({ path: position, code: "INVALID_VALUE", message: "The column appears twice" });
    } else seen.add(column);
    columns.push(column ?? null);
  });
  for (const needed of ["kind", "reason"] as const)
    if (!seen.has(needed))
      issues.push({ path: `header.${needed}`, code: "REQUIRED", message: "Required column" });
  if (!seen.has("value") && !PERSON_COLUMNS.some((column) => seen.has(column)))
    issues.push({
      path: "header.value",
      code: "REQUIRED",
      message: "The file needs a value column, or the person columns",
    });
  return issues.length > 0 ? { issues } : { columns };
}

/** DD.MM.YYYY (as Russian Excel writes dates) as YYYY-MM-DD; anything else as it is. */
function isoDate(value: string): string {
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(value.trim());
  if (!match) return value;
  const [, day = "", month = "", year = ""] = match;
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

// The entry's fields that come from the file's value column.
const VALUE_FIELDS = new Set(["seria", "no", "mobilePhone", "inn", "snils"]);
const toColumn = (issue: FieldIssue): FieldIssue =>
  VALUE_FIELDS.has(issue.path) ? { ...issue, path: "value" } : issue;

function rowOf(
  record: CsvRecord,
  header: Header,
): { key: StopListEntryKey; reason: string } | { issues: FieldIssue[] } {
  if (record.unclosed)
    return {
      issues: [
        {
          path: "",
          code: "INVALID_FORMAT",
          params: { format: "csv" },
          message: "A quoted field is not closed",
        },
      ],
    };
  const issues: FieldIssue[] = [];
  const cells: Partial<Record<StopListCsvColumn, string>> = {};
  record.fields.forEach((field, index) => {
    const column = header.columns[index];
    if (column) cells[column] = field.trim();
    else if (field.trim() !== "") {
      issues.push(
        index < header.columns.length
          ? {
              path: `column.${index + 1}`,
              code: "UNKNOWN_FIELD",
              message: "A value in a column without a name",
            }
          : {
              path: "",
              code: "TOO_MANY",
              params: { maximum: header.columns.length },
              message: "The line has more fields than the header",
            },
      );
    }
  });
  const cell = (column: StopListCsvColumn) => cells[column] ?? "";
  const kind = KIND_BY_NAME.get(folded(cell("kind")));
  if (!kind) {
    issues.push(
      cell("kind") === ""
        ? { path: "kind", code: "REQUIRED", message: "Required" }
        : { path: "kind", code: "INVALID_ENUM", message: "Unknown kind of entry" },
    );
    return { issues };
  }
  const used: readonly StopListCsvColumn[] = kind === "PERSON" ? PERSON_COLUMNS : ["value"];
  for (const column of ["value", ...PERSON_COLUMNS] as const)
    if (!used.includes(column) && cell(column) !== "")
      issues.push({ path: column, code: "NOT_ALLOWED", message: "Not used by this kind of entry" });

  // The reason is checked on its own, so that a missing one does not hide the value's problems
  // (a placeholder stands in for a bad one below: the line is bad anyway).
  const checkedReason = stopListReasonSchema.safeParse(cell("reason"));
  if (!checkedReason.success)
    issues.push(
      ...fieldIssuesOf(checkedReason.error.issues, cell("reason")).map((issue) => ({
        ...issue,
        path: "reason",
      })),
    );
  const reason = checkedReason.success ? checkedReason.data : "-";
  let entry: unknown;
  switch (kind) {
    case "PASSPORT": {
      const value = cell("value");
      const digits = identifierDigits(value) ?? "";
      if (value === "") issues.push({ path: "value", code: "REQUIRED", message: "Required" });
      else if (digits.length !== 10)
        issues.push({
          path: "value",
          code: "INVALID_FORMAT",
          params: { format: "passport" },
          message: "A passport is its series and number: 10 digits",
        });
      entry = { kind, seria: digits.slice(0, 4), no: digits.slice(4), reason };
      break;
    }
    case "PHONE":
      entry = { kind, mobilePhone: cell("value"), reason };
      break;
    case "INN":
      entry = { kind, inn: cell("value"), reason };
      break;
    case "SNILS":
      entry = { kind, snils: cell("value"), reason };
      break;
    case "PERSON":
      entry = {
        kind,
        lastName: cell("lastName"),
        firstName: cell("firstName"),
        patronymic: cell("patronymic") || null,
        birthDate: isoDate(cell("birthDate")),
        reason,
      };
      break;
  }
  const parsed = stopListEntrySchema.safeParse(entry);
  if (!parsed.success) {
    issues.push(...fieldIssuesOf(parsed.error.issues, entry).map(toColumn));
    return { issues: dedupe(issues) };
  }
  // A passport whose value was refused above has no series and number to check again.
  const valueRefused = kind === "PASSPORT" && issues.some((issue) => issue.path === "value");
  const key = valueRefused ? null : stopListEntryKey(parsed.data as StopListEntryInput);
  if (key && !key.ok) issues.push(...key.issues.map(toColumn));
  if (issues.length > 0 || !key?.ok) return { issues };
  return { key: key.key, reason: parsed.data.reason };
}

// A row's problem is said once per column and code (an empty passport is not also a malformed one).
function dedupe(issues: FieldIssue[]): FieldIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.path}\u0000${issue.code}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Reads a stop-list file: every line that makes an entry, and every line that does not, with its
 * line number (plus `lineOffset`, when the text is a part of a bigger file: splitStopListCsv).
 * A header that cannot be read fails the whole file.
 */
export function readStopListCsv(text: string, options: { lineOffset?: number } = {}): StopListCsv {
  const offset = options.lineOffset ?? 0;
  const body = stripBom(text);
  const records = recordsOf(body, separatorOf(body));
  const headerIndex = records.findIndex((record) => !blank(record));
  const header = headerOf(records[headerIndex]);
  if ("issues" in header) return { ok: false, issues: header.issues };
  const rows: StopListCsvRow[] = [];
  const badRows: StopListBadRow[] = [];
  for (const record of records.slice(headerIndex + 1)) {
    if (blank(record)) continue;
    const line = record.line + offset;
    const row = rowOf(record, header);
    if ("issues" in row) badRows.push({ line, issues: row.issues });
    else rows.push({ line, ...row });
  }
  return { ok: true, rows, badRows };
}

/** One call's worth of a file: the header and some of its lines; see readStopListCsv's lineOffset. */
export type StopListCsvPart = { csv: string; lineOffset: number };

/**
 * A file cut into parts whose JSON-encoded text is at most `maxPartBytes` of UTF-8 each, at line
 * boundaries (never inside a quoted field), each with the header, so each part can go in one call
 * and line numbers still count in the whole file. A line too big for any part (a quoted field
 * never closed swallows the rest of the file) cannot be sent: it is reported here.
 */
export function splitStopListCsv(
  text: string,
  maxPartBytes: number,
): { parts: StopListCsvPart[]; badRows: StopListBadRow[] } {
  const body = stripBom(text);
  const records = recordsOf(body, separatorOf(body));
  const headerIndex = records.findIndex((record) => !blank(record));
  const headerRecord = records[headerIndex];
  if (!headerRecord) return { parts: [{ csv: body, lineOffset: 0 }], badRows: [] };
  const headerText = body.slice(0, headerRecord.end);
  const headerBytes = jsonUtf8Length(headerText) + 2; // and the "\n" after it
  // In a part, the first line after the header is this line.
  const firstLineInPart = lineBreaksIn(headerText) + 2;
  const parts: StopListCsvPart[] = [];
  const badRows: StopListBadRow[] = [];
  let first: CsvRecord | undefined;
  let last: CsvRecord | undefined;
  let bytes = headerBytes;
  const flush = () => {
    if (first && last)
      parts.push({
        csv: `${headerText}\n${body.slice(first.start, last.end)}`,
        lineOffset: first.line - firstLineInPart,
      });
    first = last = undefined;
    bytes = headerBytes;
  };
  for (const record of records.slice(headerIndex + 1)) {
    if (blank(record)) continue;
    const alone = jsonUtf8Length(body.slice(record.start, record.end));
    if (headerBytes + alone > maxPartBytes) {
      flush();
      badRows.push({
        line: record.line,
        issues: [
          record.unclosed
            ? {
                path: "",
                code: "INVALID_FORMAT",
                params: { format: "csv" },
                message: "A quoted field is not closed",
              }
            : { path: "", code: "TOO_LONG", message: "The line is too long" },
        ],
      });
      continue;
    }
    // With the line breaks (and blank lines) between it and the part's last record.
    const added = last ? jsonUtf8Length(body.slice(last.end, record.end)) : alone;
    if (last && bytes + added > maxPartBytes) flush();
    bytes += last ? added : alone;
    first ??= record;
    last = record;
  }
  flush();
  if (parts.length === 0) parts.push({ csv: headerText, lineOffset: 0 });
  return { parts, badRows };
}

/** The UTF-8 length of a string once JSON-encoded, without its quotes. */
function jsonUtf8Length(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 || c === 92 || c === 8 || c === 9 || c === 10 || c === 12 || c === 13) length += 2;
    else if (c < 0x20) length += 6;
    else if (c < 0x80) length += 1;
    else if (c < 0x800) length += 2;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        length += 4;
        i++;
      } else length += 6; // an unpaired surrogate is written as \uXXXX
    } else length += 3;
  }
  return length;
}
