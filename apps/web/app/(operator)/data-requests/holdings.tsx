"use client";
// What LeadCore holds about a person (dataRequest.preview, and a recorded request's holdings):
// the leads, the clients, the stop-list entries and who looked, each with what the erasure does
// ("will") or did ("did") with it, in words an admin can repeat in the answer to the person.
import { countRu, type DataHoldings, type DataSubjectOutcome } from "@leadcore/schema";
import Link from "next/link";
import { formatDateTime, LEAD_STATUS_RU } from "../../../lib/labels.ts";
import { STOP_LIST_KIND_RU } from "../../../lib/stop-list-labels.ts";

export type HoldingsMode = "will" | "did";

const LOAN_RECORDS = "записи о займах кредитор обязан хранить";

/** An outcome as a sentence: what will happen (the preview) or what happened (the request). */
function outcomeRu(
  outcome: DataSubjectOutcome,
  mode: HoldingsMode,
  detail: { clientId?: number | null; applications?: number } = {},
): string {
  switch (outcome) {
    case "ERASED":
      return mode === "will"
        ? "Будут удалены сразу; новый лид будет отозван"
        : "Персональные данные удалены";
    case "ALREADY_ERASED":
      return "Персональные данные удалены раньше";
    case "KEPT_CONVERTED":
      return `Сохраняется: лид стал заявкой клиента № ${detail.clientId ?? "—"}, а ${LOAN_RECORDS}`;
    case "KEPT_LOAN_RECORDS": {
      const applications = countRu(detail.applications ?? 0, APPLICATIONS);
      return `Сохраняется: у клиента ${applications} на заём, а ${LOAN_RECORDS}; в карточке клиента отмечено обращение`;
    }
    case "KEPT_STOP_LIST":
      return "Сохраняется: это решение кредитора об отказе; снять запись может администратор в разделе «Стоп-лист»";
  }
}

const APPLICATIONS = { one: "заявка", few: "заявки", many: "заявок" };

/** One access as the end of a sentence: "открыл лид № 5". */
function accessRu(access: DataHoldings["accesses"][number]): string {
  const lead = `лид № ${access.leadId}`;
  switch (access.kind) {
    case "VIEW_LEAD":
      return `открыл ${lead}`;
    case "VIEW_CLIENT":
      return `открыл карточку клиента № ${access.clientId}`;
    case "REVEAL":
      return `показал скрытое значение: ${lead}`;
    default:
      return access.leadId
        ? `обращался к лиду № ${access.leadId}`
        : `обращался к клиенту № ${access.clientId}`;
  }
}

const keptClass = (outcome: DataSubjectOutcome) =>
  outcome.startsWith("KEPT_") ? "outcome outcome-kept" : "outcome outcome-erased";

export function Holdings({ holdings, mode }: { holdings: DataHoldings; mode: HoldingsMode }) {
  const nothing =
    holdings.leads.length === 0 && holdings.clients.length === 0 && holdings.stopList.length === 0;
  if (nothing) {
    return (
      <p className="notice notice-info">
        О человеке с такими данными ничего не хранится: ни лидов, ни клиентов, ни записей
        стоп-листа.
      </p>
    );
  }
  return (
    <div className="holdings">
      <section aria-labelledby="held-leads">
        <h3 id="held-leads">Лиды ({holdings.leads.length})</h3>
        {holdings.leads.length === 0 ? (
          <p className="muted">Лидов нет.</p>
        ) : (
          <div className="table-wrap card-wrap">
            <table className="table card-table" aria-label="Лиды">
              <thead>
                <tr>
                  <th scope="col">Лид</th>
                  <th scope="col">ФИО</th>
                  <th scope="col">Партнёр</th>
                  <th scope="col">Статус</th>
                  <th scope="col">Создан</th>
                  <th scope="col">Вебхуки партнёру</th>
                  <th scope="col">Что с данными</th>
                </tr>
              </thead>
              <tbody>
                {holdings.leads.map((lead) => (
                  <tr key={lead.id}>
                    <td data-label="Лид" className="nowrap">
                      <Link href={`/leads/${lead.id}`}>Лид № {lead.id}</Link>
                    </td>
                    <td data-label="ФИО">
                      {lead.fullName ?? <span className="muted">удалено</span>}
                    </td>
                    <td data-label="Партнёр">{lead.partner ?? "Свой канал"}</td>
                    <td data-label="Статус">{LEAD_STATUS_RU[lead.status]}</td>
                    <td data-label="Создан">{formatDateTime(lead.createdAt)}</td>
                    <td data-label="Вебхуки партнёру">{lead.webhooksSent}</td>
                    <td data-label="Что с данными" className={keptClass(lead.outcome)}>
                      {outcomeRu(lead.outcome, mode, { clientId: lead.clientId })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {holdings.leads.some((lead) => lead.webhooksSent > 0) ? (
          <p className="muted small">
            В уведомлениях партнёрам только номер лида, статус и коды — персональных данных в них
            нет.
          </p>
        ) : null}
      </section>

      <section aria-labelledby="held-clients">
        <h3 id="held-clients">Клиенты ({holdings.clients.length})</h3>
        {holdings.clients.length === 0 ? (
          <p className="muted">Клиентом человек не стал.</p>
        ) : (
          <ul className="held-list">
            {holdings.clients.map((client) => (
              <li key={client.id}>
                <Link href={`/clients/${client.id}`}>Клиент № {client.id}</Link> — {client.fullName}
                {client.mergedIntoId ? ` (объединён с клиентом № ${client.mergedIntoId})` : ""}
                <div className={keptClass(client.outcome)}>
                  {outcomeRu(client.outcome, mode, { applications: client.applications })}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="held-stop-list">
        <h3 id="held-stop-list">Стоп-лист ({holdings.stopList.length})</h3>
        {holdings.stopList.length === 0 ? (
          <p className="muted">В стоп-листе человека нет.</p>
        ) : (
          <ul className="held-list">
            {holdings.stopList.map((entry) => (
              <li key={entry.id}>
                {STOP_LIST_KIND_RU[entry.kind]}: {entry.display}
                {entry.active ? "" : " (запись снята)"}
                <div className={keptClass(entry.outcome)}>{outcomeRu(entry.outcome, mode)}</div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="held-accesses">
        <h3 id="held-accesses">Кто смотрел данные</h3>
        {holdings.accesses.length === 0 ? (
          <p className="muted">Никто из операторов не открывал эти записи.</p>
        ) : (
          <ul className="access-list">
            {holdings.accesses.map((access, index) => (
              <li key={`${access.at}-${index}`}>
                <span className="nowrap">{formatDateTime(access.at)}</span> — оператор «
                {access.operator.login}» {accessRu(access)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
