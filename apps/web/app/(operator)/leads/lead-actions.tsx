"use client";
// The dialogs of a lead's life shared by the lead page and the list's bulk actions: deny with a
// reason of the dictionary and an optional comment, assign to an operator. Each checks what it can
// before sending (a reason picked); the caller runs the call and passes its state in. The dialog
// opens with the focus on its first field (showModal does that).
import type { RouterOutputs } from "@leadcore/api";
import { TRANSITION_TEXT_MAX } from "@leadcore/schema";
import { useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ActionDialog } from "../../_components/action-dialog.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";

/** The signed-in operator, as the page's server side read it: what the buttons offer depends on it. */
export type Me = RouterOutputs["auth"]["me"];

type DialogState = { pending: boolean; error: unknown; onClose: () => void };

/** A multi-line text of a transition (a comment, a reason), with its error under it. */
export function TransitionText(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  hint?: string;
}) {
  const described = props.error ? `${props.id}-error` : undefined;
  return (
    <div className={props.error ? "field has-error" : "field"}>
      <label htmlFor={props.id}>
        <span className="field-label">{props.label}</span>
      </label>
      <textarea
        id={props.id}
        rows={3}
        maxLength={TRANSITION_TEXT_MAX}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.error ? (
        <p className="field-error" id={described}>
          {props.error}
        </p>
      ) : props.hint ? (
        <p className="field-hint muted small">{props.hint}</p>
      ) : null}
    </div>
  );
}

/** Deny: one active reason of the dictionary (required) and an optional comment. */
export function DenyDialog(
  props: DialogState & {
    title: string;
    children?: ReactNode;
    onConfirm: (denial: { reasonId: number; comment?: string }) => void;
  },
) {
  const trpc = useTRPC();
  const reasons = useQuery(trpc.denialReason.list.queryOptions({}));
  const active = reasons.data?.filter((reason) => reason.active) ?? [];
  const [reasonId, setReasonId] = useState("");
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  return (
    <ActionDialog
      title={props.title}
      confirmLabel="Отказать"
      danger
      pending={props.pending}
      error={props.error}
      onClose={props.onClose}
      onConfirm={() => {
        if (!reasonId) return setMissing(true);
        const text = comment.trim();
        props.onConfirm({ reasonId: Number(reasonId), ...(text ? { comment: text } : {}) });
      }}
    >
      {props.children}
      {reasons.isError ? (
        <ApiErrorMessage error={reasons.error} title="Причины не загружены" />
      ) : null}
      <div className={missing ? "field has-error" : "field"}>
        <label htmlFor="deny-reason">
          <span className="field-label">Причина отказа</span>
        </label>
        <select
          id="deny-reason"
          value={reasonId}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? "deny-reason-error" : undefined}
          onChange={(event) => {
            setReasonId(event.target.value);
            setMissing(false);
          }}
        >
          <option value="">{reasons.isPending ? "Загрузка…" : "Выберите причину"}</option>
          {active.map((reason) => (
            <option key={reason.id} value={reason.id}>
              {reason.title}
            </option>
          ))}
        </select>
        {missing ? (
          <p className="field-error" id="deny-reason-error">
            Выберите причину отказа
          </p>
        ) : null}
      </div>
      <TransitionText
        id="deny-comment"
        label="Комментарий (необязательно)"
        value={comment}
        onChange={setComment}
        hint="Виден сотрудникам, партнёру не показывается"
      />
    </ActionDialog>
  );
}

/** Assign to an active operator, or to nobody. Admins only (operator.list is theirs). */
export function AssignDialog(
  props: DialogState & {
    title: string;
    /** The login the lead (or every selected lead) has now, preselected. */
    current?: string | undefined;
    children?: ReactNode;
    onConfirm: (login: string | null) => void;
  },
) {
  const trpc = useTRPC();
  const operators = useQuery(trpc.operator.list.queryOptions());
  const active = operators.data?.filter((operator) => !operator.disabled) ?? [];
  const [login, setLogin] = useState(props.current ?? "");
  const [missing, setMissing] = useState(false);
  const NOBODY = "-";
  return (
    <ActionDialog
      title={props.title}
      confirmLabel="Назначить"
      pending={props.pending}
      error={props.error}
      errorContext={login && login !== NOBODY ? { login } : {}}
      onClose={props.onClose}
      onConfirm={() => {
        if (!login) return setMissing(true);
        props.onConfirm(login === NOBODY ? null : login);
      }}
    >
      {props.children}
      {operators.isError ? (
        <ApiErrorMessage error={operators.error} title="Операторы не загружены" />
      ) : null}
      <div className={missing ? "field has-error" : "field"}>
        <label htmlFor="assign-login">
          <span className="field-label">Оператор</span>
        </label>
        <select
          id="assign-login"
          value={login}
          aria-invalid={missing ? true : undefined}
          aria-describedby={missing ? "assign-login-error" : undefined}
          onChange={(event) => {
            setLogin(event.target.value);
            setMissing(false);
          }}
        >
          <option value="">{operators.isPending ? "Загрузка…" : "Выберите оператора"}</option>
          {active.map((operator) => (
            <option key={operator.login} value={operator.login}>
              {operator.login}
              {operator.role === "admin" ? " (администратор)" : ""}
            </option>
          ))}
          <option value={NOBODY}>Никому: снять назначение</option>
        </select>
        {missing ? (
          <p className="field-error" id="assign-login-error">
            Выберите оператора
          </p>
        ) : null}
      </div>
    </ActionDialog>
  );
}
