"use client";
// «Кто смотрел»: the newest accesses to a lead's or a client's personal data (personalData.accessesOf),
// for admins only: an operator's page never shows it, and the procedure refuses them anyway.
import { useQuery } from "@tanstack/react-query";
import { fieldTitle, formatDateTime } from "../../lib/labels.ts";
import { useTRPC } from "../../lib/trpc.tsx";
import { ApiErrorMessage } from "./api-error.tsx";

type Of = { leadId: number } | { clientId: number };

const KIND_RU = {
  VIEW_LEAD: "открыл лид",
  VIEW_CLIENT: "открыл карточку клиента",
  REVEAL: "показал скрытое значение",
  EXPORT: "выгрузил лид в файл",
} as const;

export function AccessRecord({ of, admin }: { of: Of; admin: boolean }) {
  const trpc = useTRPC();
  const accesses = useQuery({ ...trpc.personalData.accessesOf.queryOptions(of), enabled: admin });
  if (!admin) return null;
  return (
    <section className="card" aria-labelledby="accesses-title">
      <h2 id="accesses-title">Кто смотрел</h2>
      <p className="muted small">
        Каждое открытие страницы с персональными данными и каждый показ скрытого значения; последние
        100.
      </p>
      {accesses.isError ? (
        <ApiErrorMessage error={accesses.error} title="Не загружено" />
      ) : accesses.isPending ? (
        <p className="muted">Загрузка…</p>
      ) : (
        <ul className="access-list">
          {accesses.data.map((access, index) => (
            <li key={`${access.at}-${index}`}>
              <span className="nowrap">{formatDateTime(access.at)}</span> — оператор «
              {access.operator.login}» {KIND_RU[access.kind]}
              {access.field ? ` (${fieldTitle(access.field)})` : ""}
              {access.exportId ? ` (выгрузка № ${access.exportId})` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
