"use client";
import type { RouterOutputs } from "@leadcore/api";
import {
  COUNTRY_ENTRIES,
  LENDER_LISTS,
  type LenderListName,
  LIMITS,
  lenderListTitleRu,
} from "@leadcore/schema";
// The lender's own reference lists for admins (core reference-lists.ts): each lead field such as
// creditProductId or shopId picks from one. An entry is the lender's number and a Russian name;
// it can be renamed and archived (no longer offered in the editor, still named on the leads that
// carry it) or brought back, never deleted. Sex and countries are shipped with LeadCore.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { errorRu, issueRu } from "../../../lib/labels.ts";
import { isApiError, issuesOf, useTRPC } from "../../../lib/trpc.tsx";
import { ActionDialog } from "../../_components/action-dialog.tsx";
import { AdminPageHead } from "../../_components/admin-page-head.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { CreateFormCard, clearingObjections } from "../../_components/create-form.tsx";
import { TextField } from "../operators/operator-fields.tsx";

type Entry = RouterOutputs["referenceList"]["list"][number];
type Errors = Partial<Record<"id" | "name", string>>;

const ID_RULE = "Целое число от 0: номер записи в системе кредитора";

function nameProblem(name: string): string | undefined {
  const text = name.trim();
  if (!text) return "Обязательное поле";
  if (text.length > LIMITS.title) return `Не длиннее ${LIMITS.title} символов`;
}

/** The number an admin typed, or undefined when it is not a whole number the contract takes. */
function parsedId(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0]/g, "");
  if (!/^\d{1,15}$/.test(compact)) return undefined;
  return Number(compact);
}

/** The server's objections at their fields; empty when it named none. */
function serverErrors(error: unknown): Errors {
  const errors: Errors = {};
  for (const issue of issuesOf(error)) {
    if (issue.path === "id" || issue.path === "name") errors[issue.path] = issueRu(issue);
  }
  // A taken number is said as such, not as a generic "wrong value".
  if (isApiError(error) && error.data?.reason === "REFERENCE_ENTRY_EXISTS")
    errors.id = errorRu({ reason: "REFERENCE_ENTRY_EXISTS" });
  return errors;
}

export function ReferenceListsView() {
  const trpc = useTRPC();
  const [list, setList] = useState<LenderListName>(LENDER_LISTS[0]);
  const entries = useQuery(trpc.referenceList.list.queryOptions({}));
  const [notice, setNotice] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<Entry | null>(null);
  const shown = entries.data?.filter((entry) => entry.list === list) ?? [];
  const countOf = (name: LenderListName) =>
    entries.data?.filter((entry) => entry.list === name && !entry.archived).length;
  const title = lenderListTitleRu(list);

  return (
    <div className="reference-page">
      <AdminPageHead title="Справочники" notice={notice}>
        Из этих списков оператор выбирает значения в карточке лида, а в истории и у клиента видит
        названия вместо номеров. Номер записи — тот, что присылают партнёры и хранит система
        кредитора; лид с номером, которого нет в справочнике, всё равно принимается. Пол (ISO/IEC
        5218) и страны (ISO 3166, {COUNTRY_ENTRIES.length}) встроены в LeadCore.
      </AdminPageHead>

      <ul className="reference-lists" aria-label="Справочник">
        {LENDER_LISTS.map((name) => (
          <li key={name}>
            <button
              type="button"
              className="button button-small"
              aria-pressed={name === list}
              onClick={() => {
                setList(name);
                setNotice(null);
              }}
            >
              {lenderListTitleRu(name)}
              {countOf(name) === undefined ? "" : ` (${countOf(name)})`}
            </button>
          </li>
        ))}
      </ul>

      <CreateEntryForm
        key={list}
        list={list}
        onCreated={(entry) => setNotice(`«${entry.name}» (№ ${entry.id}) добавлена в «${title}».`)}
      />

      <h2 className="section-title">{title}</h2>
      {entries.isError ? (
        <ApiErrorMessage error={entries.error} title="Список не загружен" />
      ) : null}
      <div className="table-wrap card-wrap" aria-busy={entries.isFetching}>
        <table className="table card-table reference-table" aria-label={title}>
          <thead>
            <tr>
              <th scope="col">Номер</th>
              <th scope="col">Название</th>
              <th scope="col">Состояние</th>
              <th scope="col">Действия</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((entry) => (
              <EntryRow
                key={entry.id}
                entry={entry}
                onRename={() => setRenaming(entry)}
                onNotice={setNotice}
              />
            ))}
          </tbody>
        </table>
        {entries.isPending && !entries.isError ? <p className="table-empty">Загрузка…</p> : null}
        {entries.isSuccess && shown.length === 0 ? (
          <p className="table-empty">
            В справочнике пока нет записей: операторы вводят номер вручную.
          </p>
        ) : null}
      </div>
      {renaming ? (
        <RenameDialog
          key={`${renaming.list}-${renaming.id}`}
          entry={renaming}
          onDone={(text) => {
            setRenaming(null);
            setNotice(text);
          }}
          onClose={() => setRenaming(null)}
        />
      ) : null}
    </div>
  );
}

function EntryRow(props: { entry: Entry; onRename: () => void; onNotice: (text: string) => void }) {
  const { entry } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Archiving takes nothing away (leads keep the entry's name): no confirmation.
  const toggle = useMutation(
    trpc.referenceList.update.mutationOptions({
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries({ queryKey: trpc.referenceList.list.queryKey() });
        props.onNotice(
          updated.archived
            ? `«${updated.name}» в архиве: в карточке лида её больше не предложат, у прежних лидов название остаётся.`
            : `«${updated.name}» снова предлагается в карточке лида.`,
        );
      },
    }),
  );
  return (
    <tr className={entry.archived ? "is-archived" : undefined}>
      <td data-label="Номер">
        <span className="mono">{entry.id}</span>
      </td>
      <td data-label="Название">{entry.name}</td>
      <td data-label="Состояние">
        {entry.archived ? (
          <span className="badge badge-disabled">В архиве</span>
        ) : (
          <span className="badge badge-active">Предлагается</span>
        )}
      </td>
      <td data-label="Действия">
        <div className="row-actions">
          <button type="button" className="button button-small" onClick={props.onRename}>
            Переименовать…
          </button>
          <button
            type="button"
            className={
              entry.archived ? "button button-small" : "button button-small button-danger-quiet"
            }
            disabled={toggle.isPending}
            onClick={() =>
              toggle.mutate({ list: entry.list, id: entry.id, archived: !entry.archived })
            }
          >
            {entry.archived ? "Вернуть из архива" : "В архив"}
          </button>
        </div>
        {toggle.isError ? <ApiErrorMessage error={toggle.error} title="Не изменено" /> : null}
      </td>
    </tr>
  );
}

function CreateEntryForm(props: { list: LenderListName; onCreated: (entry: Entry) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation(
    trpc.referenceList.create.mutationOptions({
      onSuccess: async (created) => {
        setId("");
        setName("");
        await queryClient.invalidateQueries({ queryKey: trpc.referenceList.list.queryKey() });
        props.onCreated(created);
      },
      onError: (error) => setErrors(serverErrors(error)),
    }),
  );
  const edit = clearingObjections(create, () => setErrors({}));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const number = parsedId(id);
    const found: Errors = {
      id: id.trim() === "" ? "Обязательное поле" : number === undefined ? ID_RULE : undefined,
      name: nameProblem(name),
    };
    setErrors(found);
    if (found.id || found.name || number === undefined) return;
    create.mutate({ list: props.list, id: number, name: name.trim() });
  };
  return (
    <CreateFormCard
      id="new-entry"
      heading={`Новая запись: ${lenderListTitleRu(props.list)}`}
      formClassName="reference-form"
      actionsClassName="operator-form-actions"
      onSubmit={submit}
      mutation={create}
      submitLabel="Добавить запись"
      pendingLabel="Добавляем…"
      refusedTitle="Запись не добавлена"
      fieldErrorsShown={Boolean(errors.id || errors.name)}
    >
      <TextField
        id="new-entry-id"
        label="Номер"
        autoComplete="off"
        maxLength={20}
        value={id}
        onChange={edit(setId)}
        error={errors.id}
        hint="Не меняется: его присылают партнёры"
      />
      <TextField
        id="new-entry-name"
        label="Название"
        autoComplete="off"
        maxLength={LIMITS.title}
        value={name}
        onChange={edit(setName)}
        error={errors.name}
        hint="Как его видит оператор"
      />
    </CreateFormCard>
  );
}

function RenameDialog(props: {
  entry: Entry;
  onDone: (notice: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState(props.entry.name);
  const [error, setError] = useState<string | undefined>();
  const rename = useMutation(
    trpc.referenceList.update.mutationOptions({
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries({ queryKey: trpc.referenceList.list.queryKey() });
        props.onDone(`Запись № ${updated.id} теперь называется «${updated.name}».`);
      },
      onError: (failure) => setError(serverErrors(failure).name),
    }),
  );
  return (
    <ActionDialog
      title={`Переименовать запись № ${props.entry.id}`}
      confirmLabel="Сохранить название"
      pending={rename.isPending}
      error={error ? null : rename.error}
      onClose={props.onClose}
      onConfirm={() => {
        const problem = nameProblem(name);
        setError(problem);
        if (!problem)
          rename.mutate({ list: props.entry.list, id: props.entry.id, name: name.trim() });
      }}
    >
      <p>Новое название увидят и в лидах, где эта запись уже выбрана. Номер не меняется.</p>
      <TextField
        id="rename-entry-name"
        label="Название"
        autoComplete="off"
        maxLength={LIMITS.title}
        value={name}
        onChange={(value) => {
          setName(value);
          setError(undefined);
        }}
        error={error}
      />
    </ActionDialog>
  );
}
