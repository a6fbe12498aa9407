"use client";
// The confirmation a change goes through (an operator's role, a lead's denial, a reason's
// deletion): what will happen, in words, then the user's "yes". The server's refusal (the last
// admin, a lead already converted) is shown in the dialog itself, which stays open.
import { type FormEvent, type ReactNode, useEffect, useRef } from "react";
import type { ErrorContext } from "../../lib/labels.ts";
import { ApiErrorMessage } from "./api-error.tsx";

export function ActionDialog(props: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  /** What the page knows that a refusal does not repeat, such as the operator acted on. */
  errorContext?: ErrorContext;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!props.pending) props.onConfirm();
  };

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="action-title" onClose={props.onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <h2 id="action-title">{props.title}</h2>
        {props.children}
        {props.error ? (
          <ApiErrorMessage error={props.error} title="Не выполнено" context={props.errorContext} />
        ) : null}
        <div className="dialog-actions">
          <button
            type="submit"
            className={props.danger ? "button button-danger" : "button button-primary"}
            disabled={props.pending}
          >
            {props.pending ? "Выполняем…" : props.confirmLabel}
          </button>
          <button type="button" className="button button-quiet" onClick={props.onClose}>
            Отмена
          </button>
        </div>
      </form>
    </dialog>
  );
}
