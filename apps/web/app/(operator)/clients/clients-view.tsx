"use client";
// Clients, newest first; searched by name or passport (in a POST body, never in the URL).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { formatDateTime } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { Pager, SearchForm } from "../../_components/list-controls.tsx";
import { useRememberedSearch } from "../../_components/search-memory.tsx";

const PAGE_SIZE = 50;

export function ClientsView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const cursorParam = Number(params.get("cursor"));
  const cursor = Number.isSafeInteger(cursorParam) && cursorParam > 0 ? cursorParam : undefined;
  const [search, setSearch] = useRememberedSearch("clients");
  const page = useQuery({
    ...trpc.client.list.queryOptions({ search: search || undefined, cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const nextCursor = page.data?.nextCursor;

  const goTo = (nextPage: number | undefined) =>
    router.push(nextPage ? `${pathname}?cursor=${nextPage}` : pathname);

  return (
    <>
      <div className="page-head">
        <h1>Клиенты</h1>
      </div>
      <div className="toolbar">
        <SearchForm
          id="client-search"
          label="Поиск клиентов"
          placeholder="Фамилия [имя] или номер паспорта (6 цифр, или 10 с серией)"
          search={search}
          onSearch={(text) => {
            setSearch(text);
            router.replace(pathname);
          }}
        />
      </div>
      {page.isError ? <ApiErrorMessage error={page.error} title="Список не загружен" /> : null}
      <div className="table-wrap" aria-busy={page.isFetching}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">№</th>
              <th scope="col">ФИО</th>
              <th scope="col">Паспорт</th>
              <th scope="col" className="num">
                Заявок
              </th>
              <th scope="col">Создан</th>
            </tr>
          </thead>
          <tbody>
            {page.data?.items.map((client) => (
              <tr key={client.id}>
                <td className="mono">{client.id}</td>
                <td>
                  <Link href={`/clients/${client.id}`} className="row-link">
                    {client.fullName}
                  </Link>
                </td>
                <td className="mono">{client.passportMasked}</td>
                <td className="num">{client.applicationsCount}</td>
                <td>{formatDateTime(client.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.isPending && !page.isError ? <p className="table-empty">Загрузка…</p> : null}
        {page.data && page.data.items.length === 0 ? (
          <p className="table-empty">{search ? "Ничего не найдено" : "Клиентов пока нет"}</p>
        ) : null}
      </div>
      <Pager onFirstPage={!cursor} nextCursor={nextCursor} pageSize={PAGE_SIZE} goTo={goTo} />
    </>
  );
}
