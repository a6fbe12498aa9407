"use client";
// One recorded data subject's request (dataRequest.get): when it came, its deadline, who carried
// it out, and what became of each record found: what an admin needs to answer the person and to
// show the regulator. The names it shows are recorded as viewed, as every page with them is.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatDate, formatDateTime } from "../../../../lib/labels.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { Holdings } from "../holdings.tsx";

const FOUND_BY_RU = { PASSPORT: "по паспорту", PHONE: "по мобильному телефону" } as const;

export function DataRequestView({ id }: { id: number }) {
  const trpc = useTRPC();
  const request = useQuery(trpc.dataRequest.get.queryOptions({ id }));
  const data = request.data;
  return (
    <div className="data-requests-page">
      <p>
        <Link href="/data-requests">← Обращения субъектов</Link>
      </p>
      <h1>Обращение № {id}</h1>
      {request.isError ? <ApiErrorMessage error={request.error} title="Не загружено" /> : null}
      {request.isPending ? <p className="muted">Загрузка…</p> : null}
      {data ? (
        <>
          <section className="card" aria-labelledby="request-facts">
            <h2 id="request-facts" className="visually-hidden">
              Сведения об обращении
            </h2>
            <dl className="request-facts">
              <dt>Номер у кредитора</dt>
              <dd>{data.reference ?? "—"}</dd>
              <dt>Получено</dt>
              <dd>{formatDate(data.receivedAt)}</dd>
              <dt>Срок ответа</dt>
              <dd>до {formatDate(data.dueAt)}</dd>
              <dt>Исполнено</dt>
              <dd>
                {formatDateTime(data.doneAt)}, администратор «{data.recordedBy}»
                {Date.parse(data.doneAt) > Date.parse(data.dueAt) ? " — позже срока" : " — в срок"}
              </dd>
              <dt>Человек найден</dt>
              <dd>{FOUND_BY_RU[data.foundBy]} (сам номер в обращении не хранится)</dd>
              <dt>Итог</dt>
              <dd>
                удалено: {data.erased}, сохранено: {data.kept}
              </dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="request-holdings">
            <h2 id="request-holdings">Что было найдено и что с ним сделано</h2>
            <Holdings holdings={data.holdings} mode="did" />
          </section>
        </>
      ) : null}
    </div>
  );
}
