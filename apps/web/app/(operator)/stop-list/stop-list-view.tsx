"use client";
// The stop-list for admins: the entries (by kind, state and search), a new entry, a CSV file, and
// for each entry its history and its removal. The search text goes in a POST body, never a URL:
// it is a passport, a phone or a name.
import type { RouterInputs, RouterOutputs } from "@leadcore/api";
import { STOP_LIST_KINDS, type StopListKind } from "@leadcore/schema";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "../../../lib/labels.ts";
import { STOP_LIST_KIND_RU } from "../../../lib/stop-list-labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { AdminPageHead } from "../../_components/admin-page-head.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { Pager, SearchForm } from "../../_components/list-controls.tsx";
import { AddEntryForm } from "./add-entry-form.tsx";
import { CsvUpload } from "./csv-upload.tsx";
import { HistoryDialog, RemoveDialog } from "./entry-dialogs.tsx";

export type Entry = RouterOutputs["stopList"]["list"]["items"][number];
type Status = NonNullable<RouterInputs["stopList"]["list"]["status"]>;

const PAGE_SIZE = 50;

const STATUS_RU: Record<Status, string> = {
  ACTIVE: "Действующие",
  REMOVED: "Удалённые",
  ALL: "Все",
};

export function StopListView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<StopListKind | "">("");
  const [status, setStatus] = useState<Status>("ACTIVE");
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<number[]>([]);
  const cursor = cursors[cursors.length - 1];
  const [notice, setNotice] = useState<string | null>(null);
  const [dialog, setDialog] = useState<{ action: "remove" | "history"; entry: Entry } | null>(null);
  const page = useQuery({
    ...trpc.stopList.list.queryOptions({
      kind: kind || undefined,
      status,
      search: search || undefined,
      cursor,
      limit: PAGE_SIZE,
    }),
    placeholderData: keepPreviousData,
  });
  // A change anywhere (an entry added, removed, a file imported) shows on the first page.
  const refresh = async () => {
    setCursors([]);
    await queryClient.invalidateQueries({ queryKey: trpc.stopList.pathKey() });
  };
  const filtered = (apply: () => void) => {
    apply();
    setCursors([]);
  };

  return (
    <div className="stop-list-page">
      <AdminPageHead title="Стоп-лист" notice={notice}>
        Паспорта, телефоны, ИНН, СНИЛС и люди, которым не выдаём займы. Лид, совпавший с записью,
        получает отказ по причине «Стоп-лист»; партнёр не узнаёт, с какой записью он совпал.
      </AdminPageHead>
      <div className="stop-list-forms">
        <AddEntryForm
          onStart={() => setNotice(null)}
          onAdded={async (text) => {
            setNotice(text);
            await refresh();
          }}
        />
        <CsvUpload onStart={() => setNotice(null)} onImported={refresh} />
      </div>

      <h2 className="section-title">Записи</h2>
      <div className="toolbar stop-list-toolbar">
        <div className="filters">
          <label htmlFor="filter-kind">
            Вид
            <select
              id="filter-kind"
              value={kind}
              onChange={(event) => filtered(() => setKind(event.target.value as StopListKind | ""))}
            >
              <option value="">Все виды</option>
              {STOP_LIST_KINDS.map((value) => (
                <option key={value} value={value}>
                  {STOP_LIST_KIND_RU[value]}
                </option>
              ))}
            </select>
          </label>
          <label htmlFor="filter-status">
            Состояние
            <select
              id="filter-status"
              value={status}
              onChange={(event) => filtered(() => setStatus(event.target.value as Status))}
            >
              {(Object.keys(STATUS_RU) as Status[]).map((value) => (
                <option key={value} value={value}>
                  {STATUS_RU[value]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <SearchForm
          id="stop-list-search"
          label="Поиск в стоп-листе"
          placeholder="Паспорт, телефон, ИНН, СНИЛС или фамилия"
          search={search}
          onSearch={(text) => filtered(() => setSearch(text))}
        />
      </div>
      {page.isError ? <ApiErrorMessage error={page.error} title="Список не загружен" /> : null}
      <div className="table-wrap stop-list-wrap" aria-busy={page.isFetching}>
        <table className="table stop-list-table">
          <thead>
            <tr>
              <th scope="col">Вид</th>
              <th scope="col">Запись</th>
              <th scope="col">Причина</th>
              <th scope="col">Добавил</th>
              <th scope="col">Действия</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.items.map((entry) => (
              <tr key={entry.id} className={entry.removedAt ? "is-removed" : undefined}>
                <td data-label="Вид">{STOP_LIST_KIND_RU[entry.kind]}</td>
                <td data-label="Запись">
                  <span className="entry-display">
                    <span className="mono">{entry.display}</span>
                    {entry.removedAt ? <span className="badge badge-disabled">Удалена</span> : null}
                  </span>
                </td>
                <td data-label="Причина" className="entry-reason">
                  {entry.reason}
                </td>
                <td data-label="Добавил">
                  <span>
                    <span className="mono">{entry.addedBy}</span>
                    <span className="muted"> · {formatDateTime(entry.addedAt)}</span>
                  </span>
                </td>
                <td data-label="Действия">
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => setDialog({ action: "history", entry })}
                    >
                      История
                    </button>
                    {entry.removedAt ? null : (
                      <button
                        type="button"
                        className="button button-small button-danger-quiet"
                        onClick={() => setDialog({ action: "remove", entry })}
                      >
                        Удалить…
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.isPending && !page.isError ? <p className="table-empty">Загрузка…</p> : null}
        {page.data && page.data.items.length === 0 ? (
          <p className="table-empty">
            {search || kind || status !== "ACTIVE" ? "Ничего не найдено" : "Стоп-лист пуст"}
          </p>
        ) : null}
      </div>
      <Pager
        onFirstPage={cursors.length === 0}
        nextCursor={page.data?.nextCursor}
        pageSize={PAGE_SIZE}
        goTo={(next) => setCursors(next ? [...cursors, next] : [])}
      />
      {dialog?.action === "remove" ? (
        <RemoveDialog
          entry={dialog.entry}
          onClose={() => setDialog(null)}
          onRemoved={async () => {
            setDialog(null);
            setNotice(
              `Запись «${dialog.entry.display}» удалена из стоп-листа. Её история сохранена.`,
            );
            await refresh();
          }}
        />
      ) : null}
      {dialog?.action === "history" ? (
        <HistoryDialog entry={dialog.entry} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}
