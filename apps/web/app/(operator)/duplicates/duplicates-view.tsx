"use client";
// The queue of possible duplicates (duplicate.list): pairs of clients the background scan or a
// re-keying found, the most likely first. For each pair the operator opens the clients to merge
// them, or says they are two people (the pair leaves the queue for good).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { reasonsRu, scoreRu } from "../../../lib/duplicate-labels.ts";
import { formatDateTime } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { Pager } from "../../_components/list-controls.tsx";

const PAGE_SIZE = 50;

export function DuplicatesView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const cursorParam = Number(params.get("cursor"));
  const cursor = Number.isSafeInteger(cursorParam) && cursorParam > 0 ? cursorParam : undefined;
  const page = useQuery({
    ...trpc.duplicate.list.queryOptions({ cursor, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const notSame = useMutation(
    trpc.duplicate.notSamePerson.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.duplicate.pathKey() }),
    }),
  );
  const goTo = (next: number | undefined) =>
    router.push(next ? `${pathname}?cursor=${next}` : pathname);

  return (
    <div className="duplicates-page">
      <div className="page-head">
        <div>
          <h1>Возможные дубликаты</h1>
          <p className="muted">
            Пары клиентов, которые, вероятно, один человек, но правило (ФИО и паспорт) их не
            объединяет.
            {page.data ? ` Открытых пар: ${page.data.total}.` : ""}
          </p>
        </div>
      </div>
      {page.isError ? <ApiErrorMessage error={page.error} title="Список не загружен" /> : null}
      {notSame.isError ? <ApiErrorMessage error={notSame.error} title="Не отмечено" /> : null}
      <div className="table-wrap" aria-busy={page.isFetching}>
        <table className="table duplicates-table">
          <thead>
            <tr>
              <th scope="col">Клиенты</th>
              <th scope="col" className="num">
                Вероятность
              </th>
              <th scope="col">Почему</th>
              <th scope="col">Найдено</th>
              <th scope="col">
                <span className="visually-hidden">Действия</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.data?.items.map((pair) => (
              <tr key={pair.id}>
                <td>
                  {pair.clients.map((client) => (
                    <div key={client.id}>
                      <Link href={`/clients/${client.id}`}>Клиент № {client.id}</Link> —{" "}
                      {client.fullName}, <span className="mono">{client.passportMasked}</span>
                    </div>
                  ))}
                </td>
                <td className="num">{scoreRu(pair.score)}</td>
                <td>{reasonsRu(pair.reasons)}</td>
                <td className="nowrap">{formatDateTime(pair.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="button button-quiet"
                    disabled={notSame.isPending}
                    onClick={() =>
                      notSame.mutate({
                        clientId: pair.clients[0].id,
                        otherClientId: pair.clients[1].id,
                      })
                    }
                  >
                    Разные люди
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.isPending && !page.isError ? <p className="table-empty">Загрузка…</p> : null}
        {page.data && page.data.items.length === 0 ? (
          <p className="table-empty">Открытых пар нет</p>
        ) : null}
      </div>
      <Pager
        onFirstPage={!cursor}
        nextCursor={page.data?.nextCursor}
        pageSize={PAGE_SIZE}
        goTo={goTo}
      />
    </div>
  );
}
