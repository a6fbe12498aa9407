"use client";
// «Выгрузить: CSV · XLSX» on the leads list (admins): lead.exportStart counts the list's leads as
// filtered (and records the export), then the file streams from POST /api/exports/{id}, the
// search again in the body (LeadCore never stores it, and the URL holds only the id). While it
// streams, the rows the server has written come from lead.exportProgress; when it ends, the
// browser saves it under the server's file name.
import type { RouterInputs } from "@leadcore/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { pluralRu } from "../../../lib/labels.ts";
import { saveFile } from "../../../lib/save-file.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage, EnvelopeError } from "../../_components/api-error.tsx";

type ExportInput = RouterInputs["lead"]["exportStart"];
export type ExportFilter = Omit<ExportInput, "format" | "search">;
type Format = ExportInput["format"];

type Progress = {
  format: Format;
  written: number;
  total: number;
  done: boolean;
  fileName?: string;
};

const ROWS_OF = { one: "строки", few: "строк", many: "строк" };
const ROWS = { one: "строка", few: "строки", many: "строк" };
const number = (n: number) => n.toLocaleString("ru-RU");
const POLL_MS = 700;

function fileNameOf(response: Response, format: Format): string {
  const disposition = response.headers.get("content-disposition") ?? "";
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? `leads.${format}`;
}

async function refusalOf(response: Response): Promise<EnvelopeError> {
  const body = (await response.json().catch(() => ({}))) as {
    reason?: EnvelopeError["reason"];
    code?: string;
  };
  return new EnvelopeError(response.status, body.reason, body.code);
}

export function LeadExport({ filter, search }: { filter: ExportFilter; search: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const start = useMutation(trpc.lead.exportStart.mutationOptions());
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const running = start.isPending || (progress !== null && !progress.done);

  const rowsWritten = async (exportId: number) =>
    (
      await queryClient.fetchQuery({
        ...trpc.lead.exportProgress.queryOptions({ exportId }),
        staleTime: 0,
      })
    ).rowsWritten;

  const run = async (format: Format) => {
    setFailure(null);
    setProgress(null);
    const text = search.trim();
    let poll: ReturnType<typeof setInterval> | undefined;
    try {
      const { exportId, total } = await start.mutateAsync({
        ...filter,
        ...(text ? { search: text } : {}),
        format,
      });
      setProgress({ format, written: 0, total, done: false });
      const response = await fetch(`/api/exports/${exportId}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(text ? { search: text } : {}),
      });
      if (!response.ok || !response.body) throw await refusalOf(response);
      poll = setInterval(() => {
        rowsWritten(exportId).then(
          (written) => setProgress((now) => (now && !now.done ? { ...now, written } : now)),
          () => undefined,
        );
      }, POLL_MS);
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
      clearInterval(poll);
      const fileName = fileNameOf(response, format);
      saveFile(
        new Blob(chunks, { type: response.headers.get("content-type") ?? undefined }),
        fileName,
      );
      setProgress({ format, written: await rowsWritten(exportId), total, done: true, fileName });
    } catch (error) {
      setProgress(null);
      setFailure(error);
    } finally {
      clearInterval(poll);
    }
  };

  return (
    <div className="lead-export">
      <fieldset className="lead-export-buttons" disabled={running}>
        <legend>Выгрузить:</legend>
        <button type="button" className="button button-small" onClick={() => run("csv")}>
          CSV
        </button>
        <span aria-hidden="true">·</span>
        <button type="button" className="button button-small" onClick={() => run("xlsx")}>
          XLSX
        </button>
      </fieldset>
      {progress ? (
        <p className="lead-export-progress" role="status" aria-live="polite">
          {progress.done
            ? `Готово: выгружено ${number(progress.written)} ${pluralRu(progress.written, ROWS)}, файл ${progress.fileName}`
            : `Выгружено ${number(progress.written)} из ${number(progress.total)} ${pluralRu(progress.total, ROWS_OF)}…`}
          {progress.done ? null : (
            <progress
              max={Math.max(progress.total, 1)}
              value={Math.min(progress.written, progress.total)}
            />
          )}
        </p>
      ) : null}
      {failure ? <ApiErrorMessage error={failure} title="Выгрузка не удалась" /> : null}
    </div>
  );
}
