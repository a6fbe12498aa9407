// The stop-list page's Russian: its kinds and events, the fields of an entry (from the contract's
// labels), and what is wrong with a line of an imported file, by the issue's column and code.
import type { RouterOutputs } from "@leadcore/api";
import {
  type FieldIssue,
  STOP_LIST_CSV_COLUMNS,
  STOP_LIST_KIND_ALIASES_RU,
  STOP_LIST_KINDS,
  type StopListKind,
  stopListEntrySchema,
} from "@leadcore/schema";
import type { z } from "zod";
import { issueRu } from "./labels.ts";

type HistoryEvent = RouterOutputs["stopList"]["history"]["events"][number];

export const STOP_LIST_KIND_RU: Record<StopListKind, string> = {
  PASSPORT: "Паспорт",
  PHONE: "Телефон",
  INN: "ИНН",
  SNILS: "СНИЛС",
  PERSON: "Человек",
};

/** What an entry of each kind is, for the kind picker. */
export const STOP_LIST_KIND_HINT_RU: Record<StopListKind, string> = {
  PASSPORT: "серия и номер паспорта РФ",
  PHONE: "российский мобильный номер",
  INN: "10 или 12 цифр",
  SNILS: "11 цифр",
  PERSON: "ФИО и дата рождения",
};

export const STOP_LIST_EVENT_RU: Record<HistoryEvent["kind"], string> = {
  ADDED: "Добавлена",
  REMOVED: "Удалена",
  READDED: "Возвращена",
};

type EntryField = { name: string; label: string; maxLength: number | undefined };

// A field's label and bound are the contract's (stopListEntrySchema), read through the wrappers
// an optional field has.
function fieldOf(name: string, schema: z.ZodType): EntryField {
  let inner: z.ZodType = schema;
  let meta = inner.meta();
  while (!meta?.description && "unwrap" in inner && typeof inner.unwrap === "function") {
    inner = inner.unwrap() as z.ZodType;
    meta = inner.meta();
  }
  const maxLength = "maxLength" in inner ? (inner.maxLength as number | null) : null;
  return { name, label: String(meta?.description ?? name), maxLength: maxLength ?? undefined };
}

/** The fields an admin fills for each kind, in the contract's order, without kind and reason. */
export const STOP_LIST_FIELDS: Record<StopListKind, EntryField[]> = Object.fromEntries(
  stopListEntrySchema.options.map((option) => [
    option.shape.kind.value,
    Object.entries(option.shape)
      .filter(([name]) => name !== "kind" && name !== "reason")
      .map(([name, field]) => fieldOf(name, field as z.ZodType)),
  ]),
) as Record<StopListKind, EntryField[]>;

export const REASON_FIELD = fieldOf("reason", stopListEntrySchema.options[0].shape.reason);

const columnLabel = new Map<string, string>(
  STOP_LIST_CSV_COLUMNS.map((column) => [column.name, column.label]),
);
const columnNames = new Map<string, string>(
  STOP_LIST_CSV_COLUMNS.map((column) => [column.name, `${column.name} или «${column.ru}»`]),
);

const KINDS_IN_A_FILE = STOP_LIST_KINDS.map(
  (kind) => `${kind} (${STOP_LIST_KIND_ALIASES_RU[kind]})`,
).join(", ");

/** One problem of an imported file, in Russian: by where it is (the header, a column, the line) and its code. */
export function stopListCsvIssueRu(issue: FieldIssue): string {
  const { path, code } = issue;
  if (path === "header") return "Файл пуст: первой строкой нужен заголовок со столбцами";
  if (path.startsWith("header.")) {
    const column = path.slice("header.".length);
    if (/^\d+$/.test(column))
      return code === "INVALID_VALUE"
        ? `Столбец ${column} заголовка повторяет другой`
        : `Столбец ${column} заголовка: неизвестное название`;
    return `В заголовке нет столбца «${columnLabel.get(column) ?? column}» (${columnNames.get(column) ?? column})`;
  }
  if (path.startsWith("column."))
    return `Значение в столбце ${path.slice("column.".length)}, у которого нет названия в заголовке`;
  if (path === "") {
    if (code === "TOO_MANY") return "В строке больше полей, чем столбцов в заголовке";
    if (code === "TOO_LONG") return "Строка слишком длинная";
    return issueRu(issue);
  }
  const label = columnLabel.get(path) ?? path;
  if (code === "INVALID_ENUM") return `${label}: неизвестный вид; допустимы ${KINDS_IN_A_FILE}`;
  if (code === "NOT_ALLOWED") return `${label}: для этого вида записи не заполняется`;
  if (code === "REQUIRED" || (code === "TOO_SHORT" && (issue.params?.minimum ?? 0) <= 1))
    return `${label}: не заполнено`;
  return `${label}: ${issueRu(issue)}`;
}
