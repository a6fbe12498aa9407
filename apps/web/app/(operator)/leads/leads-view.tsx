"use client";
import type { RouterInputs, RouterOutputs } from "@leadcore/api";
import {
  CHANNELS,
  LEAD_SORTS,
  LEAD_STATUSES,
  type LeadSort,
  MAX_LIST_OFFSET,
} from "@leadcore/schema";
// The list of leads (lead.search), newest first unless sorted by a column header. The queue (my
// leads, unassigned, all), the filters (status, channel, dates), the order, the page and its size
// live in the URL, so a view can be shared;
// an operator lands on "Мои лиды", an admin on all leads. The search text (a name, a phone, a
// passport number) does not go there: it is kept in memory and sent in a POST body. Rows can be
// selected for a bulk action (deny with one reason; assign, for admins); each lead is its own
// transaction, and the report says which failed and why. A row says at a glance that its lead
// would join a client that exists, and how many of its identifiers fail their checks.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import {
  CHANNEL_RU,
  countRu,
  errorRu,
  formatCalendarDate,
  formatDateTime,
  formatMoney,
  fullName,
  LEAD_STATUS_RU,
} from "../../../lib/labels.ts";
import { formatPhone } from "../../../lib/phone.ts";
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
import { StatusBadge } from "../../_components/status-badge.tsx";
import { AssignDialog, DenyDialog, type Me } from "./lead-actions.tsx";
import { LeadExport } from "./lead-export.tsx";

const NOTHING: ReadonlySet<number> = new Set();

type SearchInput = RouterInputs["lead"]["search"];
type Summary = RouterOutputs["lead"]["search"]["items"][number];
type Outcome = RouterOutputs["lead"]["bulkDeny"][number];

// On a phone the table's headers are gone (each row is a card): the order is chosen here.
const SORT_CHOICES = [
  { value: "created:desc", label: "Сначала новые" },
  { value: "created:asc", label: "Сначала старые" },
  { value: "amount:desc", label: "Сумма: по убыванию" },
  { value: "amount:asc", label: "Сумма: по возрастанию" },
  { value: "name:asc", label: "ФИО: А–Я" },
  { value: "name:desc", label: "ФИО: Я–А" },
  { value: "status:asc", label: "По статусу" },
  { value: "status:desc", label: "По статусу, с конца" },
] as const;

const QUEUES = [
  { value: "me", label: "Мои лиды" },
  { value: "none", label: "Без исполнителя" },
  { value: "all", label: "Все" },
] as const;
type Queue = (typeof QUEUES)[number]["value"];

const isoDate = (value: string | null) =>
  value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((candidate) => candidate === value);

/** An operator works a queue of their own; an admin watches all leads. */
const defaultQueue = (me: Me): Queue => (me.role === "admin" ? "all" : "me");

function filtersFrom(params: URLSearchParams, me: Me) {
  const pageNumber = Number(params.get("page"));
  const size = pageSizeFrom(params.get("size"));
  const sort: LeadSort = oneOf(LEAD_SORTS, params.get("sort")) ?? "created";
  const queue =
    oneOf(
      QUEUES.map((queue) => queue.value),
      params.get("assignee"),
    ) ?? defaultQueue(me);
  return {
    queue,
    input: {
      status: oneOf(LEAD_STATUSES, params.get("status")),
      channel: oneOf(CHANNELS, params.get("channel")),
      createdFrom: isoDate(params.get("from")),
      createdTo: isoDate(params.get("to")),
      sort,
      order: oneOf(["asc", "desc"] as const, params.get("order")) ?? "desc",
      offset:
        Number.isSafeInteger(pageNumber) && pageNumber > 1
          ? Math.min((pageNumber - 1) * size, MAX_LIST_OFFSET)
          : 0,
      limit: size,
      ...(queue === "all" ? {} : { assignee: queue }),
    } satisfies SearchInput,
  };
}

type Report = {
  action: "deny" | "assign";
  outcomes: Outcome[];
  /** The names of the leads acted on, as the list showed them: a failed one may leave the view. */
  names: Record<number, string>;
  login?: string | null;
};

export function LeadsView({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const _router = useRouter();
  const _pathname = usePathname();
  const params = useSearchParams();
  const { queue, input: filters } = filtersFrom(params, me);
  const [search, setSearch] = useRememberedSearch("leads");
  // A selection belongs to one view: another queue, filter, search or page starts with none.
  const viewKey = `${params.toString()}|${search}`;
  const [selection, setSelection] = useState<{ view: string; ids: ReadonlySet<number> }>({
    view: viewKey,
    ids: new Set(),
  });
  const selected = selection.view === viewKey ? selection.ids : NOTHING;
  const setSelected = (ids: ReadonlySet<number>) => setSelection({ view: viewKey, ids });
  const [bulk, setBulk] = useState<"deny" | "assign" | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const admin = me.role === "admin";

  const page = useQuery({
    ...trpc.lead.search.queryOptions(search ? { ...filters, search } : filters),
    placeholderData: keepPreviousData,
  });
  const items = page.data?.items ?? [];

  const navigate = useListNavigation();

  const sorting = {
    current: filters.sort,
    order: filters.order,
    onSort: (sort: LeadSort, order: "asc" | "desc") =>
      navigate({
        sort: sort === "created" ? undefined : sort,
        order: order === "desc" ? undefined : order,
      }),
  };

  const hasFilters = Boolean(
    filters.status || filters.channel || filters.createdFrom || filters.createdTo,
  );
  // ISO dates compare as text. No lead is created after one day and before an earlier one.
  const inverted = Boolean(
    filters.createdFrom && filters.createdTo && filters.createdFrom > filters.createdTo,
  );

  const toggle = (id: number, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const shown = items.filter((lead) => selected.has(lead.id));
  const allShown = items.length > 0 && shown.length === items.length;

  const finish =
    (action: Report["action"], login?: string | null) => async (outcomes: Outcome[]) => {
      const names = Object.fromEntries(shown.map((lead) => [lead.id, fullName(lead)]));
      setBulk(null);
      setSelected(new Set());
      setReport({ action, outcomes, names, ...(login === undefined ? {} : { login }) });
      await queryClient.invalidateQueries({ queryKey: trpc.lead.pathKey() });
    };
  const bulkDeny = useMutation(trpc.lead.bulkDeny.mutationOptions());
  const bulkAssign = useMutation(trpc.lead.bulkAssign.mutationOptions());

  return (
    <div className="leads-page">
      <div className="page-head">
        <h1>Лиды</h1>
        <div className="actions">
          <Link href="/leads/new" className="button button-primary">
            Новый лид
          </Link>
        </div>
      </div>

      <div className="toolbar">
        <fieldset className="queue">
          <legend className="visually-hidden">Очередь</legend>
          {QUEUES.map((option) => (
            <button
              key={option.value}
              type="button"
              className={queue === option.value ? "queue-button active" : "queue-button"}
              aria-pressed={queue === option.value}
              onClick={() =>
                navigate({
                  assignee: option.value === defaultQueue(me) ? undefined : option.value,
                })
              }
            >
              {option.label}
            </button>
          ))}
        </fieldset>

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
              {LEAD_STATUSES.map((status) => (
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
          <label className="narrow-only">
            <span>Порядок</span>
            <select
              aria-label="Порядок"
              value={`${filters.sort}:${filters.order}`}
              onChange={(event) => {
                const [sort, order] = event.target.value.split(":") as [LeadSort, "asc" | "desc"];
                sorting.onSort(sort, order);
              }}
            >
              {SORT_CHOICES.map((choice) => (
                <option key={choice.value} value={choice.value}>
                  {choice.label}
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

        {admin ? (
          <LeadExport
            filter={{
              status: filters.status,
              channel: filters.channel,
              createdFrom: filters.createdFrom,
              createdTo: filters.createdTo,
              ...("assignee" in filters ? { assignee: filters.assignee } : {}),
            }}
            search={search}
          />
        ) : null}
      </div>

      {inverted && filters.createdFrom && filters.createdTo ? (
        <div className="notice notice-warning inverted-range" role="alert">
          <span>
            Даты перепутаны: «Создан с» ({formatCalendarDate(filters.createdFrom)}) позже, чем «по»
            ({formatCalendarDate(filters.createdTo)}), поэтому в такой диапазон не попадает ни один
            лид.
          </span>
          <button
            type="button"
            className="button button-small"
            onClick={() => navigate({ from: filters.createdTo, to: filters.createdFrom })}
          >
            Поменять местами
          </button>
        </div>
      ) : null}

      {search ? (
        <p className="muted" aria-live="polite">
          Результаты поиска по запросу «{search}»
          {queue === "all" ? "" : ` в очереди «${QUEUES.find((q) => q.value === queue)?.label}»`}
        </p>
      ) : null}

      {report ? <BulkReport report={report} onClose={() => setReport(null)} /> : null}

      {selected.size > 0 ? (
        <section className="bulk-bar" aria-label="Действия с выбранными лидами">
          <strong>Выбрано: {selected.size}</strong>
          <div className="actions">
            <button
              type="button"
              className="button button-danger-quiet"
              onClick={() => {
                bulkDeny.reset();
                setBulk("deny");
              }}
            >
              Отказать…
            </button>
            {admin ? (
              <button
                type="button"
                className="button"
                onClick={() => {
                  bulkAssign.reset();
                  setBulk("assign");
                }}
              >
                Назначить…
              </button>
            ) : null}
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setSelected(new Set())}
            >
              Снять выбор
            </button>
          </div>
        </section>
      ) : null}

      {page.isError ? <ApiErrorMessage error={page.error} title="Список не загружен" /> : null}

      <div className="table-wrap card-wrap" aria-busy={page.isFetching}>
        <table className="table card-table leads-table">
          <thead>
            <tr>
              <th scope="col" className="select-cell">
                <input
                  type="checkbox"
                  aria-label="Выбрать все лиды на странице"
                  checked={allShown}
                  disabled={items.length === 0}
                  onChange={(event) =>
                    setSelected(
                      event.target.checked ? new Set(items.map((lead) => lead.id)) : new Set(),
                    )
                  }
                />
              </th>
              <th scope="col">№</th>
              <SortHeader sort="created" label="Создан" {...sorting} />
              <SortHeader sort="status" label="Статус" {...sorting} firstOrder="asc" />
              <th scope="col">Канал</th>
              <SortHeader sort="name" label="ФИО" {...sorting} firstOrder="asc" />
              <th scope="col">Телефон</th>
              <SortHeader sort="amount" label="Сумма" className="num" {...sorting} />
              <th scope="col">Исполнитель</th>
              <th scope="col">Партнёр</th>
            </tr>
          </thead>
          <tbody>
            {items.map((lead) => (
              <LeadRow
                key={lead.id}
                lead={lead}
                me={me}
                selected={selected.has(lead.id)}
                onSelect={(on) => toggle(lead.id, on)}
              />
            ))}
          </tbody>
        </table>
        {page.isPending && !page.isError ? <p className="table-empty">Загрузка…</p> : null}
        {page.data && items.length === 0 ? (
          <div className="table-empty">
            <p>
              {inverted
                ? "Ничего не найдено: даты диапазона перепутаны"
                : search || hasFilters
                  ? "Ничего не найдено"
                  : queue === "me"
                    ? "В вашей очереди нет лидов. Возьмите лид в работу из списка «Без исполнителя»."
                    : queue === "none"
                      ? "Лидов без исполнителя нет"
                      : "Лидов пока нет"}
            </p>
            {search && queue !== "all" ? (
              <button
                type="button"
                className="button"
                onClick={() => navigate({ assignee: "all" })}
              >
                Искать во всех лидах
              </button>
            ) : null}
          </div>
        ) : null}
      </div>

      <NumberedPager
        total={page.data?.total}
        offset={filters.offset}
        size={filters.limit}
        goTo={(offset) =>
          navigate({ page: offset > 0 ? String(offset / filters.limit + 1) : undefined }, "push")
        }
        onSize={(size) => navigate({ size: size === 50 ? undefined : String(size) })}
      />

      {bulk === "deny" ? (
        <DenyDialog
          title={`Отказать по выбранным лидам (${selected.size})?`}
          pending={bulkDeny.isPending}
          error={bulkDeny.error}
          onClose={() => setBulk(null)}
          onConfirm={(denial) =>
            bulkDeny.mutate({ ids: [...selected], ...denial }, { onSuccess: finish("deny") })
          }
        >
          <p>
            Каждый лид получит отказ с этой причиной отдельно: лид, которому отказать нельзя
            (например, уже конвертированный), останется как был, остальные будут отказаны.
          </p>
        </DenyDialog>
      ) : null}
      {bulk === "assign" ? (
        <AssignDialog
          title={`Назначить выбранные лиды (${selected.size})`}
          pending={bulkAssign.isPending}
          error={bulkAssign.error}
          onClose={() => setBulk(null)}
          onConfirm={(login) =>
            bulkAssign.mutate({ ids: [...selected], login }, { onSuccess: finish("assign", login) })
          }
        />
      ) : null}
    </div>
  );
}

function LeadRow({
  lead,
  me,
  selected,
  onSelect,
}: {
  lead: Summary;
  me: Me;
  selected: boolean;
  onSelect: (on: boolean) => void;
}) {
  return (
    <tr className={selected ? "is-selected" : undefined}>
      <td className="select-cell" data-label="Выбор">
        <input
          type="checkbox"
          aria-label={`Выбрать лид № ${lead.id}`}
          checked={selected}
          onChange={(event) => onSelect(event.target.checked)}
        />
      </td>
      <td className="mono" data-label="№">
        {lead.id}
      </td>
      <td data-label="Создан">{formatDateTime(lead.createdAt)}</td>
      <td data-label="Статус">
        <span className="status-cell">
          <StatusBadge status={lead.status} />
          {lead.denialReason ? (
            <span className="muted small">{lead.denialReason.title}</span>
          ) : null}
        </span>
      </td>
      <td data-label="Канал">{lead.channel ? CHANNEL_RU[lead.channel] : "—"}</td>
      <td data-label="ФИО">
        <span>
          <Link href={`/leads/${lead.id}`} className="row-link">
            {fullName(lead)}
          </Link>
          <LeadMarks lead={lead} />
        </span>
      </td>
      <td className="mono" data-label="Телефон">
        {lead.mobilePhoneMasked && me.role === "admin" ? (
          <RevealedPhone leadId={lead.id} masked={lead.mobilePhoneMasked} />
        ) : (
          (lead.mobilePhoneMasked ?? "—")
        )}
      </td>
      <td className="num" data-label="Сумма">
        {formatMoney(lead.amount)}
      </td>
      <td data-label="Исполнитель">
        {lead.manager ? (
          lead.manager.login === me.login ? (
            <strong>вы</strong>
          ) : (
            lead.manager.login
          )
        ) : (
          <span className="muted">нет</span>
        )}
      </td>
      <td data-label="Партнёр">{lead.partner?.name ?? "—"}</td>
    </tr>
  );
}

/**
 * A masked phone an admin may show in full (personalData.revealLeadPhone): each reveal is
 * recorded under «Кто смотрел» on the lead's page.
 */
function RevealedPhone({ leadId, masked }: { leadId: number; masked: string }) {
  const trpc = useTRPC();
  const reveal = useMutation(trpc.personalData.revealLeadPhone.mutationOptions());
  const phone = reveal.data?.mobilePhone;
  if (phone) return <span>{formatPhone(phone)}</span>;
  return (
    <span className="revealable">
      {masked}{" "}
      <button
        type="button"
        className="button button-quiet button-small"
        disabled={reveal.isPending}
        onClick={() => reveal.mutate({ id: leadId })}
        aria-label={`Показать телефон лида № ${leadId}`}
        title="Показ записывается в «Кто смотрел»"
      >
        Показать
      </button>
      {reveal.isError ? <span className="muted small"> не удалось</span> : null}
    </span>
  );
}

const WARNING_FORMS = { one: "предупреждение", few: "предупреждения", many: "предупреждений" };

/** What the lead would do, said before it is opened (staff only: a partner's rows have neither). */
function LeadMarks({ lead }: { lead: Summary }) {
  const warnings = lead.identifierWarnings ?? 0;
  if (!lead.wouldAttach && warnings === 0) return null;
  return (
    <span className="lead-marks">
      {lead.wouldAttach ? (
        <span
          className="badge badge-converted"
          title="Клиент с такими ФИО и паспортом уже есть: конвертация добавит ему заявку"
        >
          Уже клиент
        </span>
      ) : null}
      {warnings > 0 ? (
        <span
          className="badge badge-warning"
          title="Паспорт, ИНН, СНИЛС или другие данные не прошли проверку"
        >
          {countRu(warnings, WARNING_FORMS)}
        </span>
      ) : null}
    </span>
  );
}

/** What a bulk action did: how many leads it changed, and each one it could not, with why. */
function BulkReport({ report, onClose }: { report: Report; onClose: () => void }) {
  const failed = report.outcomes.filter((outcome) => !outcome.ok);
  const done = report.outcomes.length - failed.length;
  const verb =
    report.action === "deny"
      ? "Отказано"
      : report.login
        ? `Назначено оператору «${report.login}»`
        : "Снято назначение";
  return (
    <div
      className={failed.length > 0 ? "notice notice-warning bulk-report" : "notice notice-success"}
      role="status"
    >
      <div className="bulk-report-head">
        <strong>
          {verb}: {done} из {report.outcomes.length}.
        </strong>
        <button type="button" className="button button-quiet button-small" onClick={onClose}>
          Скрыть
        </button>
      </div>
      {failed.length > 0 ? (
        <>
          <p className="bulk-report-lead">Не выполнено ({failed.length}):</p>
          <ul className="bulk-failures">
            {failed.map((outcome) => (
              <li key={outcome.id}>
                <Link href={`/leads/${outcome.id}`}>Лид № {outcome.id}</Link>
                {report.names[outcome.id] ? ` (${report.names[outcome.id]})` : ""}:{" "}
                {errorRu(outcome.reason ? { reason: outcome.reason } : {})}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
