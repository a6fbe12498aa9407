"use client";
import type { RouterOutputs } from "@leadcore/api";
// The act of destroyed personal data (152-FZ), for admins: each lead whose personal data LeadCore
// destroyed, under which policy and when (dataDestruction.list; core lead-depersonalize.ts), and
// the same as a CSV file to hand to the regulator. The records hold ids only, so the file does.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDateTime } from "../../../lib/labels.ts";
import { saveFile } from "../../../lib/save-file.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { AdminPageHead } from "../../_components/admin-page-head.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";

type Destruction = RouterOutputs["dataDestruction"]["list"][number];

const POLICY_RU: Record<Destruction["policy"], string> = {
  RETENTION: "Истёк срок хранения",
  CONSENT_WITHDRAWN: "Отзыв согласия",
  REQUEST: "Требование субъекта",
};

// The newest records the page shows and the act holds (the procedure's own bound).
const ACT_ROWS = 10_000;

/** The act as CSV for Excel: UTF-8 with a BOM, «;» between fields; ids, fixed words and dates only. */
function destructionActCsv(records: readonly Destruction[]): string {
  const lines = [
    "№ записи;№ лида;Основание;Код основания;Когда (UTC)",
    ...records.map((record) =>
      [record.id, record.leadId, POLICY_RU[record.policy], record.policy, record.at].join(";"),
    ),
  ];
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

function downloadAct(records: readonly Destruction[]) {
  saveFile(
    new Blob([destructionActCsv(records)], { type: "text/csv" }),
    `destruction-act-${new Date().toISOString().slice(0, 10)}.csv`,
  );
}

export function DestructionActView() {
  const trpc = useTRPC();
  const records = useQuery(trpc.dataDestruction.list.queryOptions({ limit: ACT_ROWS }));
  return (
    <div className="destruction-page">
      <AdminPageHead title="Уничтожение данных" notice={null}>
        Лиды, персональные данные которых LeadCore уничтожил: по истечении срока хранения, после
        отзыва согласия или по требованию субъекта. У лида остаются номер, статус, партнёр, канал,
        сумма и даты; в акте — только номера, основание и время. Требование человека удалить его
        данные записывается в разделе <Link href="/data-requests">«Обращения субъектов»</Link>.
      </AdminPageHead>
      {records.isError ? <ApiErrorMessage error={records.error} title="Акт не загружен" /> : null}
      {records.data ? (
        <p>
          <button
            type="button"
            className="button"
            disabled={records.data.length === 0}
            onClick={() => downloadAct(records.data)}
          >
            Скачать акт (CSV)
          </button>
        </p>
      ) : null}
      <div className="table-wrap card-wrap" aria-busy={records.isFetching}>
        <table className="table card-table" aria-label="Акт об уничтожении">
          <thead>
            <tr>
              <th scope="col">№ записи</th>
              <th scope="col">Лид</th>
              <th scope="col">Основание</th>
              <th scope="col">Когда</th>
            </tr>
          </thead>
          <tbody>
            {records.data?.map((record) => (
              <tr key={record.id}>
                <td data-label="№ записи" className="mono">
                  {record.id}
                </td>
                <td data-label="Лид">
                  <Link href={`/leads/${record.leadId}`}>Лид № {record.leadId}</Link>
                </td>
                <td data-label="Основание">{POLICY_RU[record.policy]}</td>
                <td data-label="Когда">{formatDateTime(record.at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {records.isPending ? <p className="table-empty">Загрузка…</p> : null}
        {records.data?.length === 0 ? (
          <p className="table-empty">Персональные данные ещё не уничтожались.</p>
        ) : null}
      </div>
    </div>
  );
}
