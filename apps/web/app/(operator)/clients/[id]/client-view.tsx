"use client";
// One client: identity (as first written, or as an operator chose when merging), contacts (the
// newest converted lead's) with the values they replaced, contact changes waiting for an
// operator's decision, the applications with the leads they came from, and the merge panel. A
// merged client's number opens the client it was merged into, saying so.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode, useState } from "react";
import { addressText, fieldValueText } from "../../../../lib/display.ts";
import {
  CHANNEL_RU,
  CLIENT_CHANGE_STATUS_RU,
  clientFieldLabel,
  formatCalendarDate,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPeriod,
} from "../../../../lib/labels.ts";
import { formatPhone } from "../../../../lib/phone.ts";
import { referenceText } from "../../../../lib/reference-book.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { AccessRecord } from "../../../_components/access-record.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { FieldName } from "../../../_components/field-name.tsx";
import { StatusBadge } from "../../../_components/status-badge.tsx";
import { useReferenceBook } from "../../../_components/use-reference-book.ts";
import { ContactProposals } from "./contact-proposals.tsx";
import { MergePanel } from "./merge-panel.tsx";
import { PossibleDuplicates } from "./possible-duplicates.tsx";

function Item({ label, name, children }: { label: string; name: string; children: ReactNode }) {
  return (
    <div className="item">
      <dt>
        {label} <FieldName path={name} />
      </dt>
      <dd>{children ?? "—"}</dd>
    </div>
  );
}

/**
 * A history value; a merge's entries name a client ({ clientId }). Plain text, not a link: the
 * table scrolls sideways on a phone, and the merged clients are linked above the page already.
 */
function historyValue(field: string, value: unknown): string {
  if (value && typeof value === "object" && "clientId" in value) {
    const other = (value as { clientId: unknown }).clientId;
    if (typeof other === "number") return `Клиент № ${other}`;
  }
  return fieldValueText(field, value);
}

export function ClientView({ id, admin }: { id: number; admin: boolean }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.client.get.queryOptions({ id }));
  const book = useReferenceBook();
  const [justMerged, setJustMerged] = useState<number | null>(null);

  if (query.isPending) return <p className="muted">Загрузка…</p>;
  if (query.isError) return <ApiErrorMessage error={query.error} title="Клиент не открыт" />;
  const client = query.data;
  const name = [client.lastName, client.firstName, client.patronymic].filter(Boolean).join(" ");

  return (
    <div className="client-page">
      <div className="page-head">
        <div>
          <p className="breadcrumbs">
            <Link href="/clients">← Клиенты</Link>
          </p>
          <h1>
            Клиент № {client.id}: {name}
          </h1>
          <p className="muted">
            Клиент с {formatDateTime(client.createdAt)} · заявок: {client.applications.length}
          </p>
          {client.mergedClients.length > 0 ? (
            <p className="muted small">
              С этим клиентом объединены:{" "}
              {client.mergedClients.map((merged, index) => (
                <span key={merged.id}>
                  {index > 0 ? ", " : null}
                  <Link href={`/clients/${merged.id}`}>№ {merged.id}</Link> (
                  {formatDateTime(merged.mergedAt)}, {merged.mergedBy})
                </span>
              ))}
            </p>
          ) : null}
        </div>
      </div>

      {client.mergedFrom ? (
        <p className="notice notice-info" role="status">
          Клиент № {client.mergedFrom.id} объединён с этим клиентом{" "}
          {formatDateTime(client.mergedFrom.mergedAt)} (оператор {client.mergedFrom.mergedBy}): его
          заявки и лиды теперь здесь.
        </p>
      ) : null}
      {client.erasureRequests.length > 0 ? (
        <p className="notice notice-warning" role="note">
          Человек просил удалить его персональные данные (
          {client.erasureRequests.map((request, index) => (
            <span key={request.requestId}>
              {index > 0 ? ", " : null}
              {admin ? (
                <Link href={`/data-requests/${request.requestId}`}>
                  обращение № {request.requestId}
                </Link>
              ) : (
                `обращение № ${request.requestId}`
              )}{" "}
              от {formatDate(request.receivedAt)}
            </span>
          ))}
          ). Клиент сохранён: у него есть заявки на заём, а записи о займах кредитор обязан хранить.
          Используйте эти данные только для обслуживания займов.
        </p>
      ) : null}
      {justMerged !== null ? (
        <p className="notice notice-success" role="status">
          Клиент № {justMerged} объединён с этим клиентом: его заявки и лиды теперь здесь.
        </p>
      ) : null}

      <div className="columns">
        <section className="card" aria-labelledby="identity-title">
          <h2 id="identity-title">Личность</h2>
          <p className="muted small">
            Ключ клиента: ФИО и паспорт, как при первой конвертации; не меняются (при объединении
            оператор может выбрать, что показывать).
          </p>
          <dl className="items">
            <Item label="Фамилия" name="lastName">
              {client.lastName}
            </Item>
            <Item label="Имя" name="firstName">
              {client.firstName}
            </Item>
            <Item label="Отчество" name="patronymic">
              {client.patronymic}
            </Item>
            <Item label="Паспорт" name="passport">
              <span className="mono">{client.passportMasked}</span>
            </Item>
            <Item label="Дата рождения" name="birthDate">
              {client.birthDate ? formatCalendarDate(client.birthDate) : null}
            </Item>
          </dl>
        </section>

        <section className="card" aria-labelledby="contacts-title">
          <h2 id="contacts-title">Контакты, работа, доход</h2>
          <p className="muted small">
            Из последнего конвертированного лида; данные от партнёра, через которого клиент не
            приходил, — только после решения оператора. Прежние значения — в истории ниже.
          </p>
          <dl className="items">
            <Item label="Мобильный телефон" name="mobilePhone">
              {client.mobilePhone ? formatPhone(client.mobilePhone) : null}
            </Item>
            <Item label="Электронная почта" name="email">
              {client.email}
            </Item>
            <Item label="Адрес проживания" name="addressData">
              {addressText(client.addressData)}
            </Item>
            <Item label="Адрес регистрации" name="registrationAddressData">
              {addressText(client.registrationAddressData)}
            </Item>
            <Item label="Работодатель" name="employerTitle">
              {client.employerTitle}
            </Item>
            <Item label="ИНН работодателя" name="employerInn">
              {client.employerInn}
            </Item>
            <Item label="Среднемесячный доход" name="meanIncome">
              {client.meanIncome == null ? null : formatMoney(client.meanIncome)}
            </Item>
          </dl>
        </section>
      </div>

      <ContactProposals client={client} />
      <PossibleDuplicates clientId={client.id} />
      <MergePanel key={client.id} clientId={client.id} onMerged={setJustMerged} />

      <section className="card" aria-labelledby="applications-title">
        <h2 id="applications-title">Заявки ({client.applications.length})</h2>
        <div className="table-wrap">
          <table className="table" id="applications">
            <thead>
              <tr>
                <th scope="col">Заявка</th>
                <th scope="col">Из лида</th>
                <th scope="col" className="num">
                  Сумма
                </th>
                <th scope="col">Срок</th>
                <th scope="col">Продукт</th>
                <th scope="col">Канал</th>
                <th scope="col">Создана</th>
              </tr>
            </thead>
            <tbody>
              {client.applications.map((application) => (
                <tr key={application.id}>
                  <td className="mono">№ {application.id}</td>
                  <td>
                    <Link href={`/leads/${application.leadId}`}>Лид № {application.leadId}</Link>{" "}
                    <span className="muted small">от {formatDate(application.leadCreatedAt)}</span>{" "}
                    <StatusBadge status={application.leadStatus} />
                  </td>
                  <td className="num">{formatMoney(application.amount)}</td>
                  <td>
                    {application.period == null
                      ? "—"
                      : formatPeriod(application.period, application.periodUnit)}
                  </td>
                  <td>
                    {application.creditProductId == null
                      ? "—"
                      : referenceText(book, "creditProduct", application.creditProductId)}
                  </td>
                  <td>{application.channel ? CHANNEL_RU[application.channel] : "—"}</td>
                  <td>{formatDateTime(application.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <AccessRecord of={{ clientId: client.id }} admin={admin} />

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">История контактов</h2>
        {client.history.length === 0 ? (
          <p className="muted">Контакты не менялись.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Когда</th>
                  <th scope="col">Поле</th>
                  <th scope="col">Было</th>
                  <th scope="col">Стало</th>
                  <th scope="col">По лиду</th>
                  <th scope="col">Статус</th>
                </tr>
              </thead>
              <tbody>
                {[...client.history].reverse().map((entry, index) => (
                  <tr key={`${entry.changedAt}-${entry.field}-${index}`}>
                    <td className="nowrap">{formatDateTime(entry.changedAt)}</td>
                    <td>
                      {clientFieldLabel(entry.field)} <FieldName path={entry.field} />
                    </td>
                    <td>{historyValue(entry.field, entry.oldValue)}</td>
                    <td>{historyValue(entry.field, entry.newValue)}</td>
                    <td>
                      {entry.leadId === null ? (
                        "—"
                      ) : (
                        <Link href={`/leads/${entry.leadId}`}>Лид № {entry.leadId}</Link>
                      )}
                      {entry.partner ? (
                        <span className="muted small"> от «{entry.partner.name}»</span>
                      ) : null}
                    </td>
                    <td>
                      {CLIENT_CHANGE_STATUS_RU[entry.status]}
                      {entry.decidedBy && entry.decidedAt ? (
                        <span className="muted small">
                          {" "}
                          {entry.decidedBy}, {formatDateTime(entry.decidedAt)}
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
