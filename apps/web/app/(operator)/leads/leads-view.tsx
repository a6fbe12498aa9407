"use client";
import type { RouterInputs } from "@leadcore/api";
import { CHANNELS } from "@leadcore/schema";
// The list of leads, newest first. Filters (status, channel, dates) and the page cursor live in
// the URL, so a view can be shared; the search text (a name, a phone, a passport number) does not:
// it is kept in memory and sent in a POST body (lead.search).
import { keepPreviousData, skipToken, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import {
  CHANNEL_RU,
  formatDateTime,
  formatMoney,
  fullName,
  LEAD_STATUS_RU,
} from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { Pager, SearchForm } from "../../_components/list-controls.tsx";
import { useRememberedSearch } from "../../_components/search-memory.tsx";
import { StatusBadge } from "../../_components/status-badge.tsx";

const PAGE_SIZE = 50;

type ListInput = RouterInputs["lead"]["list"];
const STATUSES = ["NEW", "CONVERTED"] as const;

const isoDate = (value: string | null) =>
  value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((candidate) => candidate === value);

function filtersFrom(params: URLSearchParams): ListInput {
  const cursor = Number(params.get("cursor"));
  return {
    status: oneOf(STATUSES, params.get("status")),
    channel: oneOf(CHANNELS, params.get("channel")),
    createdFrom: isoDate(params.get("from")),
    createdTo: isoDate(params.get("to")),
    cursor: Number.isSafeInteger(cursor) && cursor > 0 ? cursor : undefined,
    limit: PAGE_SIZE,
  };
}

export function LeadsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = filtersFrom(params);
  const [search, setSearch] = useRememberedSearch("leads");

  const list = useQuery({
    ...trpc.lead.list.queryOptions(search ? skipToken : filters),
    placeholderData: keepPreviousData,
  });
  const found = useQuery({
    ...trpc.lead.search.queryOptions(search ? { ...filters, search } : skipToken),
    placeholderData: keepPreviousData,
  });
  const page = search ? found : list;
  const nextCursor = page.data?.nextCursor;

  /** Changes URL parameters; any change of filter starts again from the first page. */
  const navigate = (
    changes: Record<string, string | undefined>,
    mode: "push" | "replace" = "replace",
  ) => {
    const next = new URLSearchParams(params);
    if (!("cursor" in changes)) next.delete("cursor");
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const query = next.toString();
    router[mode](query ? `${pathname}?${query}` : pathname, { scroll: mode === "push" });
  };

  const hasFilters = Boolean(
    filters.status || filters.channel || filters.createdFrom || filters.createdTo,
  );

  return (
    <>
      <div className="page-head">
        <h1>Лиды</h1>
      </div>

      <div className="toolbar">
        <SearchForm
          id="lead-search"
          label="Поиск лидов"
          placeholder="Фамилия [имя [отчество]], мобильный телефон или номер паспорта"
          search={search}
          onSearch={(text) => {
            setSearch(text);
            navigate({});
          }}
        />

        <fieldset className="filters plain" aria-label="Фильтры">
          <label>
            <span>Статус</span>
            <select
              value={filters.status ?? ""}
              onChange={(event) => navigate({ status: event.target.value })}
            >
              <option value="">Все</option>
              {STATUSES.map((status) => (
                <option key={status} value={status}>
                  {LEAD_STATUS_RU[status]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Канал</span>
            <select
              value={filters.channel ?? ""}
              onChange={(event) => navigate({ channel: event.target.value })}
            >
              <option value="">Все</option>
              {CHANNELS.map((channel) => (
                <option key={channel} value={channel}>
                  {CHANNEL_RU[channel]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Создан с</span>
            <input
              type="date"
              value={filters.createdFrom ?? ""}
              onChange={(event) => navigate({ from: event.target.value })}
            />
          </label>
          <label>
            <span>по</span>
            <input
              type="date"
              value={filters.createdTo ?? ""}
              onChange={(event) => navigate({ to: event.target.value })}
            />
          </label>
          {hasFilters ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() =>
                navigate({ status: undefined, channel: undefined, from: undefined, to: undefined })
              }
            >
              Сбросить фильтры
            </button>
          ) : null}
        </fieldset>
      </div>

      {search ? (
        <p className="muted" aria-live="polite">
          Результаты поиска по запросу «{search}»
        </p>
      ) : null}

      {page.isError ? <ApiErrorMessage error={page.error} title="Список не загружен" /> : null}

      <div className="table-wrap" aria-busy={page.isFetching}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">Создан</th>
              <th scope="col">Статус</th>
              <th scope="col">Канал</th>
              <th scope="col">ФИО</th>
              <th scope="col">Телефон</th>
              <th scope="col" className="num">
                Сумма
              </th>
              <th scope="col">Партнёр</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.items.map((lead) => (
              <tr key={lead.id}>
                <td className="mono">{lead.id}</td>
                <td>{formatDateTime(lead.createdAt)}</td>
                <td>
                  <StatusBadge status={lead.status} />
                </td>
                <td>{lead.channel ? CHANNEL_RU[lead.channel] : "—"}</td>
                <td>
                  <Link href={`/leads/${lead.id}`} className="row-link">
                    {fullName(lead)}
                  </Link>
                </td>
                <td className="mono">{lead.mobilePhoneMasked ?? "—"}</td>
                <td className="num">{formatMoney(lead.amount)}</td>
                <td>{lead.partner?.name ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.isPending && !page.isError ? <p className="table-empty">Загрузка…</p> : null}
        {page.data && page.data.items.length === 0 ? (
          <p className="table-empty">
            {search || hasFilters ? "Ничего не найдено" : "Лидов пока нет"}
          </p>
        ) : null}
      </div>

      <Pager
        onFirstPage={!filters.cursor}
        nextCursor={nextCursor}
        pageSize={PAGE_SIZE}
        goTo={(cursor) => navigate({ cursor: cursor ? String(cursor) : undefined }, "push")}
      />
    </>
  );
}
