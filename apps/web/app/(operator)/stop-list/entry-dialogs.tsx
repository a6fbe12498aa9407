"use client";
// The two dialogs of one entry: its removal, confirmed with an optional comment, and its history
// (every add, removal and re-add: who, when, why).
import { STOP_LIST_LIMITS } from "@leadcore/schema";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { formatDateTime } from "../../../lib/labels.ts";
import { STOP_LIST_EVENT_RU, STOP_LIST_KIND_RU } from "../../../lib/stop-list-labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import type { Entry } from "./stop-list-view.tsx";

/** A modal dialog, open from its first render; Escape and «Отмена»/«Закрыть» call onClose. */
function Dialog(props: {
  title: string;
  onClose: () => void;
  onSubmit: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <dialog
      ref={dialog}
      className="dialog stop-list-dialog"
      aria-labelledby="entry-dialog-title"
      onClose={props.onClose}
    >
      <form className="stack" onSubmit={submit} noValidate>
        <h2 id="entry-dialog-title">{props.title}</h2>
        {props.children}
      </form>
    </dialog>
  );
}

export function RemoveDialog(props: {
  entry: Entry;
  onRemoved: () => Promise<void>;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const [comment, setComment] = useState("");
  const remove = useMutation(trpc.stopList.remove.mutationOptions({ onSuccess: props.onRemoved }));
  return (
    <Dialog
      title={`Удалить «${props.entry.display}» из стоп-листа?`}
      onClose={props.onClose}
      onSubmit={() => {
        if (!remove.isPending)
          remove.mutate({ id: props.entry.id, comment: comment.trim() || undefined });
      }}
    >
      <p>
        Лиды с этими данными больше не будут получать отказ по стоп-листу. Запись и её история
        сохранятся; чтобы вернуть запись, добавьте её снова.
      </p>
      <div className="field">
        <label htmlFor="remove-comment">
          <span className="field-label">
            Комментарий <span className="muted">(необязательно)</span>
          </span>
        </label>
        <textarea
          id="remove-comment"
          rows={2}
          value={comment}
          maxLength={STOP_LIST_LIMITS.reason}
          onChange={(event) => setComment(event.target.value)}
        />
      </div>
      {remove.isError ? <ApiErrorMessage error={remove.error} title="Не удалена" /> : null}
      <div className="dialog-actions">
        <button type="submit" className="button button-danger" disabled={remove.isPending}>
          {remove.isPending ? "Удаляем…" : "Удалить"}
        </button>
        <button type="button" className="button button-quiet" onClick={props.onClose}>
          Отмена
        </button>
      </div>
    </Dialog>
  );
}

export function HistoryDialog(props: { entry: Entry; onClose: () => void }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.stopList.history.queryOptions({ id: props.entry.id }));
  return (
    <Dialog
      title={`История: ${STOP_LIST_KIND_RU[props.entry.kind]} «${props.entry.display}»`}
      onClose={props.onClose}
      onSubmit={props.onClose}
    >
      {history.isError ? (
        <ApiErrorMessage error={history.error} title="История не загружена" />
      ) : null}
      {history.isPending && !history.isError ? <p className="muted">Загрузка…</p> : null}
      {history.data ? (
        <ol className="entry-history">
          {history.data.events.map((event, index) => (
            <li key={`${event.at}-${index}`}>
              <div>
                <strong>{STOP_LIST_EVENT_RU[event.kind]}</strong>{" "}
                <span className="muted">
                  {formatDateTime(event.at)} · <span className="mono">{event.by}</span>
                  {event.imported ? " · из файла" : ""}
                </span>
              </div>
              {event.reason ? (
                <div>
                  {event.kind === "REMOVED" ? "Комментарий" : "Причина"}: {event.reason}
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      <div className="dialog-actions">
        <button type="submit" className="button button-primary">
          Закрыть
        </button>
      </div>
    </Dialog>
  );
}
