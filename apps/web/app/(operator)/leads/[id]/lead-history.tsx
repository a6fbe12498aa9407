"use client";
// Who changed the lead, when, and which fields (lead.history). Personal values arrive masked.
import { useQuery } from "@tanstack/react-query";
import { displayValue } from "../../../../lib/display.ts";
import {
  ACTOR_KIND_RU,
  EVENT_KIND_RU,
  fieldLabel,
  formatDateTime,
} from "../../../../lib/labels.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { FieldName } from "../../../_components/field-name.tsx";

// Longer lists of changes (a lead's creation lists every field it was sent with) fold away.
const SHOWN_CHANGES = 6;

type Change = { path: string; old?: unknown; new?: unknown };

function Changes({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return <span className="muted">без изменений полей</span>;
  const list = (
    <ul className="changes">
      {changes.map((change) => (
        <li key={change.path}>
          <span>{fieldLabel(change.path) ?? change.path}</span> <FieldName path={change.path} />:{" "}
          <span className="old">{displayValue(change.old)}</span> →{" "}
          <span className="new">{displayValue(change.new)}</span>
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

export function LeadHistory({ id }: { id: number }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.lead.history.queryOptions({ id }));
  return (
    <section className="card" id="s-history" aria-labelledby="s-history-title">
      <h2 id="s-history-title">
        История изменений <FieldName path="lead.history" />
      </h2>
      {history.isPending ? <p className="muted">Загрузка…</p> : null}
      {history.isError ? (
        <ApiErrorMessage error={history.error} title="История не загружена" />
      ) : null}
      {history.data ? (
        history.data.length === 0 ? (
          <p className="muted">Записей нет.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Когда</th>
                <th scope="col">Событие</th>
                <th scope="col">Кто</th>
                <th scope="col" className="history-changes">
                  Что изменилось (было → стало)
                </th>
              </tr>
            </thead>
            <tbody>
              {[...history.data].reverse().map((entry, index) => (
                <tr key={`${entry.at}-${index}`}>
                  <td className="nowrap">{formatDateTime(entry.at)}</td>
                  <td>{EVENT_KIND_RU[entry.kind]}</td>
                  <td>
                    {ACTOR_KIND_RU[entry.actor.kind]} «{entry.actor.name}»
                  </td>
                  <td>
                    <Changes changes={entry.changes} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      ) : null}
    </section>
  );
}
