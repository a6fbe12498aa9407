"use client";
// The admins' dashboard (dashboard.get, computed by the database): leads per day by channel and by
// partner as stacked bars (recharts), what became of the period's leads, the top denial reasons,
// and the queues now. Each chart also has its figures as text, for a screen reader and a quick read.
import type { Channel } from "@leadcore/schema";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { CHANNEL_RU, LEAD_STATUS_RU } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";

const PERIODS = [7, 30, 90] as const;
// Distinct, print-safe colours for the series (the first is the app's own blue).
const COLOURS = ["#1f5bc6", "#e07a1f", "#2e9d5b", "#b23a48", "#7b5cc4", "#6b7280", "#c9a227"];

const percent = (part: number, whole: number) =>
  whole === 0 ? "—" : `${Math.round((part / whole) * 100)} %`;
const shortDate = (date: string) => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

type Series = { name: string; counts: number[] };

function StackedByDay({
  id,
  title,
  dates,
  series,
}: {
  id: string;
  title: string;
  dates: string[];
  series: Series[];
}) {
  const rows = dates.map((date, i) => ({
    date: shortDate(date),
    ...Object.fromEntries(series.map((s) => [s.name, s.counts[i] ?? 0])),
  }));
  const totals = series.map((s) => `${s.name}: ${s.counts.reduce((a, b) => a + b, 0)}`);
  return (
    <section className="card dashboard-card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {series.length === 0 ? (
        <p className="muted">За период лидов нет.</p>
      ) : (
        <>
          <div className="chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={rows} margin={{ top: 8, right: 8, left: -16, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="date" tick={{ fontSize: 12 }} minTickGap={12} />
                <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Legend />
                {series.map((s, i) => (
                  <Bar
                    key={s.name}
                    dataKey={s.name}
                    stackId="day"
                    fill={COLOURS[i % COLOURS.length]}
                    // Drawn at once: a screenshot or a quick look never catches a bar half grown.
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <p className="small muted">За период: {totals.join(", ")}.</p>
        </>
      )}
    </section>
  );
}

export function DashboardView() {
  const trpc = useTRPC();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const data = useQuery({
    ...trpc.dashboard.get.queryOptions({ days }),
    placeholderData: keepPreviousData,
  });
  const d = data.data;
  const total = d ? Object.values(d.outcomes).reduce((a, b) => a + b, 0) : 0;

  return (
    <div className="dashboard-page">
      <div className="page-head">
        <div>
          <h1>Сводка</h1>
          <p className="muted">
            Приём лидов за последние дни; считает база данных. Уничтоженные персональные данные — в{" "}
            <Link href="/data-destruction">акте об уничтожении</Link>, требования людей удалить их
            данные — в <Link href="/data-requests">обращениях субъектов</Link>.
          </p>
        </div>
        <fieldset className="plain period">
          <legend className="visually-hidden">Период</legend>
          {PERIODS.map((period) => (
            <button
              key={period}
              type="button"
              className={period === days ? "button button-primary" : "button"}
              aria-pressed={period === days}
              onClick={() => setDays(period)}
            >
              {period} дней
            </button>
          ))}
        </fieldset>
      </div>
      {data.isError ? <ApiErrorMessage error={data.error} title="Сводка не загружена" /> : null}
      {data.isPending ? <p className="muted">Загрузка…</p> : null}
      {d ? (
        <div className="dashboard-grid" aria-busy={data.isFetching}>
          <section className="card dashboard-card" aria-labelledby="queues-title">
            <h2 id="queues-title">Очереди сейчас</h2>
            <dl className="tiles">
              <div>
                <dt>Новые лиды</dt>
                <dd>
                  <Link href="/leads">{d.queues.newLeads}</Link>
                </dd>
              </div>
              <div>
                <dt>Без исполнителя</dt>
                <dd>{d.queues.unassigned}</dd>
              </div>
              <div>
                <dt>Возможные дубликаты</dt>
                <dd>
                  <Link href="/duplicates">{d.queues.openSuspicions}</Link>
                </dd>
              </div>
            </dl>
          </section>
          <section className="card dashboard-card" aria-labelledby="outcomes-title">
            <h2 id="outcomes-title">Что стало с лидами периода ({total})</h2>
            <dl className="tiles">
              {(["CONVERTED", "DENIED", "WITHDRAWN", "NEW"] as const).map((status) => (
                <div key={status}>
                  <dt>{LEAD_STATUS_RU[status]}</dt>
                  <dd>
                    {d.outcomes[status]}{" "}
                    <span className="muted small">{percent(d.outcomes[status], total)}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          <StackedByDay
            id="by-channel-title"
            title="Лиды по дням и каналам"
            dates={d.dates}
            series={d.byChannel.map((s) => ({
              name: s.channel ? (CHANNEL_RU[s.channel as Channel] ?? s.channel) : "канал не указан",
              counts: s.counts,
            }))}
          />
          <StackedByDay
            id="by-partner-title"
            title="Лиды по дням и партнёрам"
            dates={d.dates}
            series={d.byPartner.map((s) => ({
              name: s.other
                ? "другие партнёры"
                : (s.name ??
                  (s.partnerId === null ? "сотрудники и сервисы" : `партнёр № ${s.partnerId}`)),
              counts: s.counts,
            }))}
          />
          <section className="card dashboard-card" aria-labelledby="reasons-title">
            <h2 id="reasons-title">Частые причины отказа</h2>
            {d.topDenialReasons.length === 0 ? (
              <p className="muted">Отказов за период нет.</p>
            ) : (
              <ol className="reasons">
                {d.topDenialReasons.map((reason) => (
                  <li key={reason.code}>
                    {reason.title}: <strong>{reason.count}</strong>{" "}
                    <span className="muted small">{percent(reason.count, d.outcomes.DENIED)}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </div>
      ) : null}
    </div>
  );
}
