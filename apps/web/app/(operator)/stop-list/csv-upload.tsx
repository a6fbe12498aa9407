"use client";
// A CSV file of entries: read in the browser (UTF-8, or a message saying how to save it so), cut
// into parts that fit one call each (splitStopListCsv: line numbers stay the file's), sent one
// after the other to stopList.import, and the reports added up into one: how many went in, how
// many were on the list already, which lines were bad and why.
import type { RouterOutputs } from "@leadcore/api";
import { STOP_LIST_CSV_COLUMNS, splitStopListCsv } from "@leadcore/schema";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useId, useRef, useState } from "react";
import { stopListCsvIssueRu } from "../../../lib/stop-list-labels.ts";
import { isApiError, issuesOf, useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";

type Report = RouterOutputs["stopList"]["import"];

// Each part's text, JSON-encoded, stays under the API's 256 KiB body limit with room for the
// rest of the call, and under its 200 000 characters (a character is at least one byte).
const PART_BYTES = 192 * 1024;
// Beyond this the browser would hold a lot for one page; the command line takes any size.
const MAX_FILE_BYTES = 20 * 1024 * 1024;

type State =
  | { phase: "idle" }
  | { phase: "sending"; sent: number; parts: number }
  | { phase: "done"; fileName: string; report: Report }
  | {
      phase: "failed";
      fileName: string;
      problem: string | null;
      error: unknown;
      report: Report | null;
    };

const emptyReport = (): Report => ({
  rows: 0,
  imported: 0,
  reactivated: 0,
  alreadyListed: 0,
  badRows: [],
});

function added(a: Report, b: Report): Report {
  return {
    rows: a.rows + b.rows,
    imported: a.imported + b.imported,
    reactivated: a.reactivated + b.reactivated,
    alreadyListed: a.alreadyListed + b.alreadyListed,
    badRows: [...a.badRows, ...b.badRows],
  };
}

export function CsvUpload(props: { onStart: () => void; onImported: () => Promise<void> }) {
  const trpc = useTRPC();
  const importPart = useMutation(trpc.stopList.import.mutationOptions());
  const fileInput = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ phase: "idle" });
  const hintId = useId();

  const fail = (fileName: string, problem: string | null, error: unknown, report: Report | null) =>
    setState({ phase: "failed", fileName, problem, error, report });

  async function upload(event: FormEvent) {
    event.preventDefault();
    props.onStart();
    const file = fileInput.current?.files?.[0];
    if (!file) return fail("", "Выберите файл CSV.", null, null);
    if (file.size > MAX_FILE_BYTES)
      return fail(
        file.name,
        "Файл больше 20 МБ: разделите его на части или загрузите командой pnpm cli stoplist import.",
        null,
        null,
      );
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      return fail(
        file.name,
        "Файл не в кодировке UTF-8. В Excel сохраните его как «CSV UTF-8 (разделитель — запятая)».",
        null,
        null,
      );
    }
    const { parts, badRows } = splitStopListCsv(text, PART_BYTES);
    let report: Report = { ...emptyReport(), rows: badRows.length, badRows };
    for (const [index, part] of parts.entries()) {
      setState({ phase: "sending", sent: index, parts: parts.length });
      try {
        report = added(report, await importPart.mutateAsync(part));
      } catch (error) {
        await props.onImported();
        return fail(file.name, null, error, index > 0 ? report : null);
      }
    }
    report.badRows.sort((a, b) => a.line - b.line);
    setState({ phase: "done", fileName: file.name, report });
    if (fileInput.current) fileInput.current.value = "";
    await props.onImported();
  }

  const sending = state.phase === "sending";
  return (
    <section className="card" aria-labelledby="csv-upload">
      <h2 id="csv-upload">Загрузить файл CSV</h2>
      <form className="stack" onSubmit={upload} noValidate>
        <div className="field">
          <label htmlFor="csv-file">
            <span className="field-label">Файл</span>
          </label>
          <input
            id="csv-file"
            ref={fileInput}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={hintId}
            onChange={() => setState({ phase: "idle" })}
          />
        </div>
        <div id={hintId} className="field-hint muted small csv-format">
          <p>
            Первая строка — названия столбцов:{" "}
            {STOP_LIST_CSV_COLUMNS.map((column) => column.ru).join(", ")} (или по-английски:{" "}
            {STOP_LIST_CSV_COLUMNS.map((column) => column.name).join(", ")}). Разделитель — точка с
            запятой или запятая; кодировка UTF-8.
          </p>
          <p>
            Вид: паспорт, телефон, инн, снилс или человек. Для человека заполните ФИО и дату
            рождения, «Значение» оставьте пустым. Пример строки:{" "}
            <code>паспорт;40 08 503682;;;;;Поддельный паспорт</code>
          </p>
        </div>
        <div>
          <button type="submit" className="button button-primary" disabled={sending}>
            {sending ? "Загружаем…" : "Загрузить"}
          </button>
        </div>
      </form>
      {state.phase === "sending" ? (
        <p className="notice notice-info" role="status">
          Загружаем: отправлено частей {state.sent} из {state.parts}…
        </p>
      ) : null}
      {state.phase === "failed" ? <UploadFailure state={state} /> : null}
      {state.phase === "done" ? (
        <ImportReport fileName={state.fileName} report={state.report} />
      ) : null}
    </section>
  );
}

function UploadFailure({ state }: { state: Extract<State, { phase: "failed" }> }) {
  const headerIssues =
    isApiError(state.error) && state.error.data?.reason === "STOP_LIST_CSV_INVALID"
      ? issuesOf(state.error)
      : [];
  return (
    <>
      {state.problem ? (
        <div className="notice notice-error" role="alert">
          {state.problem}
        </div>
      ) : (
        <ApiErrorMessage
          error={state.error}
          title={state.report ? "Загрузка прервана" : "Файл не загружен"}
        />
      )}
      {headerIssues.length > 0 ? (
        <ul className="notice notice-error issue-list">
          {headerIssues.map((issue) => (
            <li key={`${issue.path}-${issue.code}`}>{stopListCsvIssueRu(issue)}</li>
          ))}
        </ul>
      ) : null}
      {state.report ? (
        <ImportReport
          fileName={state.fileName}
          report={state.report}
          partial="До ошибки загружена часть файла: загрузите его снова, уже добавленные строки не повторятся."
        />
      ) : null}
    </>
  );
}

function ImportReport({
  fileName,
  report,
  partial,
}: {
  fileName: string;
  report: Report;
  partial?: string;
}) {
  const bad = report.badRows.length;
  return (
    <section className="import-report" aria-labelledby="import-report-title">
      <h3 id="import-report-title">Итог загрузки «{fileName}»</h3>
      {partial ? <p>{partial}</p> : null}
      <dl className="report-counts">
        <div>
          <dt>Прочитано строк</dt>
          <dd>{report.rows}</dd>
        </div>
        <div>
          <dt>Добавлено</dt>
          <dd>
            {report.imported}
            {report.reactivated > 0 ? (
              <span className="muted">
                {" "}
                (из них возвращено после удаления: {report.reactivated})
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Уже были в стоп-листе</dt>
          <dd>{report.alreadyListed}</dd>
        </div>
        <div className={bad > 0 ? "has-bad" : undefined}>
          <dt>С ошибками</dt>
          <dd>{bad}</dd>
        </div>
      </dl>
      {bad > 0 ? (
        <>
          <p>
            Строки с ошибками не загружены. Исправьте их и загрузите файл снова: уже добавленные
            строки повторно не добавятся.
          </p>
          <ul className="bad-lines">
            {report.badRows.map((row) => (
              <li key={row.line}>
                <strong>Строка {row.line}:</strong>{" "}
                {row.issues.map((issue) => stopListCsvIssueRu(issue)).join("; ")}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
