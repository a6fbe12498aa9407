"use client";
// Clients, newest first; searched by name or passport (in a POST body, never in the URL).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formatDateTime } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
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
  const [draft, setDraft] = useState(search);
  const page = useQuery({
    ...trpc.client.list.queryOptions({ search: search || undefined, cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const nextCursor = page.data?.nextCursor;

  const goTo = (nextPage: number | undefined) => router.push(nextPage ? `${pathname}?cursor=${nextPage}` : pathname);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSearch(draft.trim());
    router.replace(pathname);
  };

  return (
    <>
      <div className="page-head">
        <h1>Клиенты</h1>
      </div>
      <div className="toolbar">
        <form role="search" className="search" onSubmit={submit}>
          <label htmlFor="client-search" className="visually-hidden">
            Поиск клиентов
          </label>
          <input
            id="client-search"
            type="search"
            placeholder="Фамилия [имя] или номер паспорта (6 цифр, или 10 с серией)"
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
            maxLength={100}
            autoComplete="off"
          />
          <button type="submit" className="button">
            Найти
          </button>
          {search ? (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                setDraft("");
                setSearch("");
              }}
            >
              Сбросить поиск
            </button>
          ) : null}
        </form>
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
        {page.data && page.data.items.length === 0 ? <p className="table-empty">{search ? "Ничего не найдено" : "Клиентов пока нет"}</p> : null}
      </div>
      <nav className="pager" aria-label="Страницы">
        {cursor ? (
          <button type="button" className="button button-quiet" onClick={() => goTo(undefined)}>
            ← К первой странице
          </button>
        ) : null}
        {nextCursor ? (
          <button type="button" className="button" onClick={() => goTo(nextCursor)}>
            Следующие {PAGE_SIZE} →
          </button>
        ) : null}
      </nav>
    </>
  );
}
