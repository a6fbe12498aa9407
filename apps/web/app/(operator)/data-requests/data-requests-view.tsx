"use client";
// «Обращения субъектов» (152-FZ), for admins: a person asks the lender to erase their data. The
// admin finds them by passport or by mobile phone, reads what is held and what the erasure will
// do with each record (dataRequest.preview), and records the request, which carries it out at
// once (dataRequest.record). Below, the recorded requests with their deadlines and outcomes.
// The passport or phone typed here goes in POST bodies only, and the request never keeps it.
import {
  countRu,
  DATA_REQUEST_DAYS,
  DATA_REQUEST_REFERENCE_MAX,
  type DataHoldings,
  type DataSubject,
} from "@leadcore/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { formatDate, formatDateTime, issueRu } from "../../../lib/labels.ts";
import { issuesOf, useTRPC } from "../../../lib/trpc.tsx";
import { ActionDialog } from "../../_components/action-dialog.tsx";
import { AdminPageHead } from "../../_components/admin-page-head.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { afterGuardReleased, useLeaveGuard } from "../../_components/leave-guard.ts";
import { Holdings } from "./holdings.tsx";

type By = DataSubject["by"];
type Values = { seria: string; no: string; mobilePhone: string };
const EMPTY: Values = { seria: "", no: "", mobilePhone: "" };

const subjectOf = (by: By, values: Values): DataSubject =>
  by === "PASSPORT"
    ? { by, seria: values.seria, no: values.no }
    : { by, mobilePhone: values.mobilePhone };

/** Today in the admin's own calendar, as YYYY-MM-DD (the date field's value). */
function today(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

const DAYS = { one: "день", few: "дня", many: "дней" };

/** The deadline as the list reads it: kept, or missed by how many days. */
function deadlineRu(request: { dueAt: string; doneAt: string }): string {
  const late = Math.ceil((Date.parse(request.doneAt) - Date.parse(request.dueAt)) / 86_400_000);
  return late > 0 ? `исполнено с опозданием на ${countRu(late, DAYS)}` : "исполнено в срок";
}

export function DataRequestsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [by, setBy] = useState<By>("PASSPORT");
  const [values, setValues] = useState<Values>(EMPTY);
  const [reference, setReference] = useState("");
  const [receivedOn, setReceivedOn] = useState(today);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [found, setFound] = useState<{ subject: DataSubject; holdings: DataHoldings } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const requests = useQuery(trpc.dataRequest.list.queryOptions());

  const showIssues = (error: unknown) =>
    setErrors(
      Object.fromEntries(
        issuesOf(error).map((issue) => [issue.path.replace(/^subject\./, ""), issueRu(issue)]),
      ),
    );
  const preview = useMutation(
    trpc.dataRequest.preview.mutationOptions({
      onSuccess: (holdings, input) => setFound({ subject: input.subject, holdings }),
      onError: showIssues,
    }),
  );
  const record = useMutation(
    trpc.dataRequest.record.mutationOptions({
      onSuccess: async (request) => {
        setConfirming(false);
        setFound(null);
        setValues(EMPTY);
        await queryClient.invalidateQueries({ queryKey: trpc.dataRequest.list.queryKey() });
        afterGuardReleased(() => router.push(`/data-requests/${request.id}`));
      },
      onError: (error) => {
        if (issuesOf(error).length > 0) setConfirming(false);
        showIssues(error);
      },
    }),
  );
  // What the admin typed (a person's identifier) and has not acted on is not lost without a word.
  const typed = Object.values(values).some((value) => value.trim() !== "");
  useLeaveGuard(typed && !record.isSuccess);

  const edit = (name: keyof Values, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => ({ ...current, [name]: "" }));
    setFound(null);
    if (preview.isError) preview.reset();
  };
  const find = (event: FormEvent) => {
    event.preventDefault();
    const needed: (keyof Values)[] = by === "PASSPORT" ? ["seria", "no"] : ["mobilePhone"];
    const missing = Object.fromEntries(
      needed.filter((name) => !values[name].trim()).map((name) => [name, "Обязательное поле"]),
    );
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    preview.mutate({ subject: subjectOf(by, values) });
  };
  const field = (name: keyof Values, label: string, placeholder: string) => (
    <div className={`field${errors[name] ? " has-error" : ""}`}>
      <label htmlFor={`subject-${name}`}>
        <span className="field-label">{label}</span>
      </label>
      <input
        id={`subject-${name}`}
        type="text"
        autoComplete="off"
        inputMode={name === "mobilePhone" ? "tel" : "numeric"}
        placeholder={placeholder}
        value={values[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `subject-${name}-error` : undefined}
        onChange={(event) => edit(name, event.target.value)}
      />
      {errors[name] ? (
        <span id={`subject-${name}-error`} className="field-error">
          {errors[name]}
        </span>
      ) : null}
    </div>
  );
  const fieldErrorsShown = Object.values(errors).some(Boolean);

  return (
    <div className="data-requests-page">
      <AdminPageHead title="Обращения субъектов" notice={null}>
        Человек просит удалить его персональные данные. Найдите его по паспорту или телефону,
        проверьте, что хранится, и запишите обращение: лиды, не ставшие клиентами, удаляются сразу;
        заявки на заём и клиенты сохраняются, потому что записи о займах кредитор обязан хранить.
        Срок ответа — {DATA_REQUEST_DAYS} дней со дня получения. Удалённое попадает в{" "}
        <Link href="/data-destruction">акт об уничтожении</Link>.
      </AdminPageHead>

      <section className="card" aria-labelledby="find-subject">
        <h2 id="find-subject">Найти данные человека</h2>
        <form className="data-request-form" onSubmit={find} noValidate>
          <fieldset className="plain field-by">
            <legend className="field-label">Искать по</legend>
            {(
              [
                ["PASSPORT", "паспорту"],
                ["PHONE", "мобильному телефону"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="radio">
                <input
                  type="radio"
                  name="subject-by"
                  value={value}
                  checked={by === value}
                  onChange={() => {
                    setBy(value);
                    setErrors({});
                    setFound(null);
                  }}
                />
                {label}
              </label>
            ))}
          </fieldset>
          {by === "PASSPORT" ? (
            <>
              {field("seria", "Серия паспорта", "40 08")}
              {field("no", "Номер паспорта", "503682")}
            </>
          ) : (
            field("mobilePhone", "Мобильный телефон", "+7 916 123-45-67")
          )}
          <div className="data-request-actions">
            <button type="submit" className="button button-primary" disabled={preview.isPending}>
              {preview.isPending ? "Ищем…" : "Найти данные"}
            </button>
          </div>
        </form>
        {preview.isError && !fieldErrorsShown ? (
          <ApiErrorMessage error={preview.error} title="Поиск не выполнен" />
        ) : null}
      </section>

      {found ? (
        <section className="card" aria-labelledby="found-title">
          <h2 id="found-title">Что хранится</h2>
          <p className="muted">
            Проверьте, что всё найденное — об этом человеке: по телефону находятся и лиды других
            людей с тем же номером.
          </p>
          <Holdings holdings={found.holdings} mode="will" />
          <form
            className="data-request-form"
            onSubmit={(event) => {
              event.preventDefault();
              setConfirming(true);
            }}
            noValidate
          >
            <div className="field">
              <label htmlFor="request-reference">
                <span className="field-label">Номер обращения</span>
                <span className="muted"> (если есть)</span>
              </label>
              <input
                id="request-reference"
                type="text"
                maxLength={DATA_REQUEST_REFERENCE_MAX}
                placeholder="вх. 123"
                value={reference}
                onChange={(event) => setReference(event.target.value)}
              />
            </div>
            <div className={`field${errors.receivedOn ? " has-error" : ""}`}>
              <label htmlFor="request-received">
                <span className="field-label">Дата получения</span>
              </label>
              <input
                id="request-received"
                type="date"
                max={today()}
                value={receivedOn}
                onChange={(event) => {
                  setReceivedOn(event.target.value);
                  setErrors((current) => ({ ...current, receivedOn: "" }));
                }}
              />
              {errors.receivedOn ? <span className="field-error">{errors.receivedOn}</span> : null}
            </div>
            <div className="data-request-actions">
              <button type="submit" className="button button-danger">
                Записать обращение и удалить данные
              </button>
            </div>
          </form>
        </section>
      ) : null}

      {confirming && found ? (
        <ActionDialog
          title="Удалить персональные данные?"
          confirmLabel="Записать и удалить"
          danger
          pending={record.isPending}
          error={record.isError && !fieldErrorsShown ? record.error : null}
          onConfirm={() =>
            record.mutate({
              subject: found.subject,
              ...(reference.trim() ? { reference } : {}),
              ...(receivedOn ? { receivedOn } : {}),
            })
          }
          onClose={() => setConfirming(false)}
        >
          <p>
            {countErased(found.holdings)} Это нельзя отменить. Остальное сохранится, и в обращении
            будет записано почему.
          </p>
        </ActionDialog>
      ) : null}

      <section className="card" aria-labelledby="requests-title">
        <h2 id="requests-title">Записанные обращения</h2>
        {requests.isError ? (
          <ApiErrorMessage error={requests.error} title="Список не загружен" />
        ) : null}
        <div className="table-wrap card-wrap" aria-busy={requests.isFetching}>
          <table className="table card-table" aria-label="Записанные обращения">
            <thead>
              <tr>
                <th scope="col">Обращение</th>
                <th scope="col">Получено</th>
                <th scope="col">Срок</th>
                <th scope="col">Исполнено</th>
                <th scope="col">Итог</th>
                <th scope="col">Записал</th>
              </tr>
            </thead>
            <tbody>
              {requests.data?.map((request) => (
                <tr key={request.id}>
                  <td data-label="Обращение">
                    <Link href={`/data-requests/${request.id}`}>№ {request.id}</Link>
                    {request.reference ? ` (${request.reference})` : ""}
                  </td>
                  <td data-label="Получено">{formatDate(request.receivedAt)}</td>
                  <td data-label="Срок">до {formatDate(request.dueAt)}</td>
                  <td data-label="Исполнено">
                    {formatDateTime(request.doneAt)}, {deadlineRu(request)}
                  </td>
                  <td data-label="Итог">
                    удалено: {request.erased}, сохранено: {request.kept}
                  </td>
                  <td data-label="Записал">{request.recordedBy}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {requests.isPending ? <p className="table-empty">Загрузка…</p> : null}
          {requests.data?.length === 0 ? (
            <p className="table-empty">Обращений ещё не было.</p>
          ) : null}
        </div>
      </section>
    </div>
  );
}

/** The dialog's first sentence: how many leads lose their data now. */
function countErased(holdings: DataHoldings): string {
  const erased = holdings.leads.filter((lead) => lead.outcome === "ERASED").length;
  if (erased === 0) return "Удалять нечего: обращение будет записано с тем, что сохраняется.";
  return `Персональные данные ${countRu(erased, { one: "лида", few: "лидов", many: "лидов" })} будут удалены сейчас.`;
}
