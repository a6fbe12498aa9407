"use client";
import { MAX_LIST_OFFSET } from "@leadcore/schema";
// Clients, newest first or by name; searched by name, passport or mobile phone (in a POST body,
// never in the URL) and filtered by the day they became clients. The order, the dates, the page
// and its size live in the URL, so a view can be shared.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { formatCalendarDate, formatDateTime } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import {
  NumberedPager,
  pageSizeFrom,
  SearchForm,
  SortHeader,
  useListNavigation,
} from "../../_components/list-controls.tsx";
import { useRememberedSearch } from "../../_components/search-memory.tsx";

type ClientSort = "created" | "name";

const isoDate = (value: string | null) =>
  value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;

export function ClientsView() {
  const trpc = useTRPC();
  const _router = useRouter();
  const _pathname = usePathname();
  const params = useSearchParams();
  const size = pageSizeFrom(params.get("size"));
  const pageNumber = Number(params.get("page"));
  const offset =
    Number.isSafeInteger(pageNumber) && pageNumber > 1
      ? Math.min((pageNumber - 1) * size, MAX_LIST_OFFSET)
      : 0;
  const sort: ClientSort = params.get("sort") === "name" ? "name" : "created";
  const order =
    params.get("order") === "asc" || params.get("order") === "desc"
      ? (params.get("order") as "asc" | "desc")
      : sort === "name"
        ? "asc"
        : "desc";
  const createdFrom = isoDate(params.get("from"));
  const createdTo = isoDate(params.get("to"));
  const [search, setSearch] = useRememberedSearch("clients");
  const page = useQuery({
    ...trpc.client.list.queryOptions({
      search: search || undefined,
      createdFrom,
      createdTo,
      sort,
      order,
      offset,
      limit: size,
    }),
    placeholderData: keepPreviousData,
  });
  const inverted = Boolean(createdFrom && createdTo && createdFrom > createdTo);

  const navigate = useListNavigation();
  const sorting = {
    current: sort,
    order,
    onSort: (next: ClientSort, nextOrder: "asc" | "desc") =>
      navigate({ sort: next === "created" ? undefined : next, order: nextOrder }),
  };

  return (
    <div className="clients-page">
      <div className="page-head">
        <h1>Клиенты</h1>
      </div>
      <div className="toolbar">
        <SearchForm
          id="client-search"
          label="Поиск клиентов"
          placeholder="Фамилия [имя], номер паспорта или мобильный телефон"
          search={search}
          onSearch={(text) => {
            setSearch(text);
            navigate({});
          }}
        />
        <fieldset className="filters plain" aria-label="Фильтры">
          <label>
            <span>Клиент с</span>
            <input
              type="date"
              value={createdFrom ?? ""}
              onChange={(event) => navigate({ from: event.target.value })}
            />
          </label>
          <label>
            <span>по</span>
            <input
              type="date"
              value={createdTo ?? ""}
              onChange={(event) => navigate({ to: event.target.value })}
            />
          </label>
          {createdFrom || createdTo ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => navigate({ from: undefined, to: undefined })}
            >
              Сбросить даты
            </button>
          ) : null}
        </fieldset>
      </div>
      {inverted && createdFrom && createdTo ? (
        <div className="notice notice-warning" role="alert">
          Даты перепутаны: «Клиент с» ({formatCalendarDate(createdFrom)}) позже, чем «по» (
          {formatCalendarDate(createdTo)}).
        </div>
      ) : null}
      {page.isError ? <ApiErrorMessage error={page.error} title="Список не загружен" /> : null}
      <div className="table-wrap card-wrap" aria-busy={page.isFetching}>
        <table className="table card-table">
          <thead>
            <tr>
              <th scope="col">№</th>
              <SortHeader sort="name" label="ФИО" {...sorting} firstOrder="asc" />
              <th scope="col">Паспорт</th>
              <th scope="col">Телефон</th>
              <th scope="col" className="num">
                Заявок
              </th>
              <SortHeader sort="created" label="Создан" {...sorting} />
            </tr>
          </thead>
          <tbody>
            {page.data?.items.map((client) => (
              <tr key={client.id}>
                <td className="mono" data-label="№">
                  {client.id}
                </td>
                <td data-label="ФИО">
                  <Link href={`/clients/${client.id}`} className="row-link">
                    {client.fullName}
                  </Link>
                </td>
                <td className="mono" data-label="Паспорт">
                  {client.passportMasked}
                </td>
                <td className="mono" data-label="Телефон">
                  {client.mobilePhoneMasked ?? "—"}
                </td>
                <td className="num" data-label="Заявок">
                  {client.applicationsCount}
                </td>
                <td data-label="Создан">{formatDateTime(client.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.isPending && !page.isError ? <p className="table-empty">Загрузка…</p> : null}
        {page.data && page.data.items.length === 0 ? (
          <p className="table-empty">
            {inverted
              ? "Ничего не найдено: даты диапазона перепутаны"
              : search || createdFrom || createdTo
                ? "Ничего не найдено"
                : "Клиентов пока нет"}
          </p>
        ) : null}
      </div>
      <NumberedPager
        total={page.data?.total}
        offset={offset}
        size={size}
        goTo={(to) => navigate({ page: to > 0 ? String(to / size + 1) : undefined }, "push")}
        onSize={(next) => navigate({ size: next === 50 ? undefined : String(next) })}
      />
    </div>
  );
}
