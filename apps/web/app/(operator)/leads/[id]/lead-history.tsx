"use client";
import type { RouterOutputs } from "@leadcore/api";
// Who changed the lead, when, and what (lead.history), newest first. Each event is a Russian
// sentence ("Отказ: <причина>", "Назначен оператор ivanova"), with the staff's comment where one
// was given; the fields an edit changed follow, enum values in words. Personal values arrive
// masked. The denial reason and the operator are named from the dictionary and, for admins, the
// operator list; an id that neither knows stays a number. Operators add notes here (lead.comment):
// they are part of the history, for staff only, never shown or sent to the partner.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type FormEvent, type ReactNode, useState } from "react";
import { fieldValueText } from "../../../../lib/display.ts";
import {
  ACTOR_KIND_RU,
  ENUM_VALUE_RU,
  fieldTitle,
  formatDateTime,
  LEAD_STATUS_RU,
  OUTCOME_RU,
} from "../../../../lib/labels.ts";
import { fieldAt } from "../../../../lib/lead-form/spec.ts";
import { type ReferenceBook, referenceValueText } from "../../../../lib/reference-book.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { FieldName } from "../../../_components/field-name.tsx";
import { useLeaveGuard } from "../../../_components/leave-guard.ts";
import { useReferenceBook } from "../../../_components/use-reference-book.ts";

type Entry = RouterOutputs["lead"]["history"][number];
type Change = Entry["changes"][number];
type Names = {
  reason: (id: number) => string | undefined;
  operator: (id: number) => string | undefined;
};

// Longer lists of changes (a lead's creation lists every field it was sent with) fold away.
const SHOWN_CHANGES = 6;

// What the sentence of a transition already says is not listed again as a changed field.
const SAID_BY_THE_SENTENCE = new Set(["status", "conversion", "denialReasonId", "managerId"]);

const isStatus = (value: unknown): value is keyof typeof LEAD_STATUS_RU =>
  typeof value === "string" && value in LEAD_STATUS_RU;

/**
 * A value as the operator reads it: a status, a choice or a reference id in words (an id no list
 * holds as «№ 57 (нет в справочнике)»), anything else as text.
 */
function shownValue(path: string, value: unknown, book: ReferenceBook): string {
  if (path === "status" && isStatus(value)) return LEAD_STATUS_RU[value];
  const named = referenceValueText(book, path, value);
  if (named !== undefined) return named;
  const spec = fieldAt(path);
  if (typeof value === "string" && spec?.node.type === "leaf" && spec.node.kind === "choice")
    return ENUM_VALUE_RU[value] ?? value;
  return fieldValueText(path, value);
}

function Changes({ changes }: { changes: Change[] }) {
  const book = useReferenceBook();
  if (changes.length === 0) return null;
  const list = (
    <ul className="changes">
      {changes.map((change) => (
        <li key={change.path}>
          <span>{fieldTitle(change.path)}</span> <FieldName path={change.path} />:{" "}
          <span className="old">{shownValue(change.path, change.old, book)}</span> →{" "}
          <span className="new">{shownValue(change.path, change.new, book)}</span>
        </li>
      ))}
    </ul>
  );
  if (changes.length <= SHOWN_CHANGES) return list;
  return (
    <details>
      <summary>Полей: {changes.length}</summary>
      {list}
    </details>
  );
}

const asId = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isSafeInteger(value) ? value : undefined;

function operatorName(names: Names, value: unknown): string {
  const id = asId(value);
  if (id === undefined) return "";
  return names.operator(id) ?? `№ ${id}`;
}

/** The event as one sentence. */
function sentence(entry: Entry, names: Names): ReactNode {
  const change = (path: string) => entry.changes.find((item) => item.path === path);
  switch (entry.kind) {
    case "CREATED":
      return "Лид создан";
    case "UPDATED":
      return "Лид изменён";
    case "CONVERTED": {
      const done = change("conversion")?.new as
        | { clientId?: number; applicationId?: number; outcome?: keyof typeof OUTCOME_RU }
        | undefined;
      if (!done?.clientId) return "Конвертирован";
      return (
        <>
          Конвертирован{done.outcome ? `: ${OUTCOME_RU[done.outcome]}` : ""},{" "}
          <Link href={`/clients/${done.clientId}`}>клиент № {done.clientId}</Link>
          {done.applicationId ? `, заявка № ${done.applicationId}` : ""}
        </>
      );
    }
    case "DENIED": {
      const id = asId(change("denialReasonId")?.new);
      const title = id === undefined ? undefined : names.reason(id);
      return `Отказ: ${title ?? (id === undefined ? "причина не указана" : `причина № ${id}`)}`;
    }
    case "WITHDRAWN":
      return "Отозван";
    case "REOPENED": {
      const before = change("status")?.old;
      return `Открыт заново${isStatus(before) ? ` (был: ${LEAD_STATUS_RU[before].toLowerCase()})` : ""}`;
    }
    case "COMMENTED":
      return "Заметка оператора";
    case "ASSIGNED": {
      const manager = change("managerId");
      const now = operatorName(names, manager?.new);
      const before = operatorName(names, manager?.old);
      if (now) return `Назначен оператор ${now}${before ? ` вместо ${before}` : ""}`;
      return `Снято назначение${before ? `: оператор ${before}` : ""}`;
    }
  }
}

export function LeadHistory({
  id,
  manager,
  admin,
}: {
  id: number;
  /** The operator working the lead now: a login the history may name. */
  manager: { id: number; login: string } | undefined;
  admin: boolean;
}) {
  const trpc = useTRPC();
  const history = useQuery(trpc.lead.history.queryOptions({ id }));
  const reasons = useQuery(trpc.denialReason.list.queryOptions({}));
  // Only admins may list operators; for others the current manager is the one login known.
  const operators = useQuery({ ...trpc.operator.list.queryOptions(), enabled: admin });
  const names: Names = {
    reason: (reasonId) => reasons.data?.find((reason) => reason.id === reasonId)?.title,
    operator: (operatorId) =>
      operators.data?.find((operator) => operator.id === operatorId)?.login ??
      (manager?.id === operatorId ? manager.login : undefined),
  };
  return (
    <section className="card" id="s-history" aria-labelledby="s-history-title">
      <h2 id="s-history-title">
        История изменений <FieldName path="lead.history" />
      </h2>
      <NoteForm id={id} />
      {history.isPending ? <p className="muted">Загрузка…</p> : null}
      {history.isError ? (
        <ApiErrorMessage error={history.error} title="История не загружена" />
      ) : null}
      {history.data ? (
        history.data.length === 0 ? (
          <p className="muted">Записей нет.</p>
        ) : (
          <table className="table card-table history-table">
            <thead>
              <tr>
                <th scope="col">Когда</th>
                <th scope="col">Событие</th>
                <th scope="col">Кто</th>
                <th scope="col" className="history-changes">
                  Подробности (было → стало)
                </th>
              </tr>
            </thead>
            <tbody>
              {[...history.data].reverse().map((entry, index) => {
                const changes = entry.changes.filter(
                  (change) =>
                    entry.kind === "CREATED" ||
                    entry.kind === "UPDATED" ||
                    !SAID_BY_THE_SENTENCE.has(change.path),
                );
                return (
                  <tr key={`${entry.at}-${index}`}>
                    <td className="nowrap" data-label="Когда">
                      {formatDateTime(entry.at)}
                    </td>
                    <td data-label="Событие">{sentence(entry, names)}</td>
                    <td data-label="Кто">
                      {ACTOR_KIND_RU[entry.actor.kind]} «{entry.actor.name}»
                    </td>
                    <td data-label="Подробности">
                      {entry.comment ? (
                        <p className="history-comment">
                          {entry.kind === "WITHDRAWN"
                            ? "Причина: "
                            : entry.kind === "COMMENTED"
                              ? ""
                              : "Комментарий: "}
                          {entry.comment}
                        </p>
                      ) : null}
                      <Changes changes={changes} />
                      {!entry.comment && changes.length === 0 ? (
                        <span className="muted">—</span>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )
      ) : null}
    </section>
  );
}

// The note's bound: the transitions' comments' (TRANSITION_TEXT_MAX in @leadcore/schema).
const NOTE_MAX = 1000;

/** An operator's note on the lead; a note typed but not added is not lost without a word. */
function NoteForm({ id }: { id: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  useLeaveGuard(text.trim() !== "");
  const add = useMutation(
    trpc.lead.comment.mutationOptions({
      onSuccess: (history) => {
        queryClient.setQueryData(trpc.lead.history.queryKey({ id }), history);
        setText("");
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return setMissing(true);
    add.mutate({ id, text });
  };
  return (
    <form className="note-form" onSubmit={submit} noValidate>
      <label htmlFor="lead-note">Заметка к лиду</label>
      <textarea
        id="lead-note"
        rows={2}
        maxLength={NOTE_MAX}
        value={text}
        aria-invalid={missing || undefined}
        aria-describedby="lead-note-hint"
        onChange={(event) => {
          setText(event.target.value);
          setMissing(false);
          if (add.isError) add.reset();
        }}
      />
      <p className={missing ? "field-error" : "muted small"} id="lead-note-hint">
        {missing
          ? "Напишите текст заметки"
          : "Видна только сотрудникам; партнёру не показывается и не отправляется."}
      </p>
      {add.isError ? <ApiErrorMessage error={add.error} title="Заметка не добавлена" /> : null}
      <button type="submit" className="button" disabled={add.isPending}>
        {add.isPending ? "Добавляем…" : "Добавить заметку"}
      </button>
    </form>
  );
}
