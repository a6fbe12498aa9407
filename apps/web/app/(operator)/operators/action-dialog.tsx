"use client";
// The confirmation every change to an existing operator goes through: what will happen, in words,
// then the admin's "yes". The server's refusal (the last admin, say) is shown in the dialog itself.
import { type FormEvent, type ReactNode, useEffect, useRef } from "react";
import { ApiErrorMessage } from "../../_components/api-error.tsx";

export function ActionDialog(props: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: unknown;
  /** The operator acted on: named in a refusal the server words without it. */
  login: string;
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
          <ApiErrorMessage
            error={props.error}
            title="Не выполнено"
            context={{ login: props.login }}
          />
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
