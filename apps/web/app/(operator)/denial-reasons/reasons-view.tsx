"use client";
import type { RouterOutputs } from "@leadcore/api";
import { DENIAL_REASON_CODE, LIMITS } from "@leadcore/schema";
// The denial-reason dictionary for admins (core denial-reasons.ts): add a reason (a stable code
// partners switch on, and a Russian title), rename it, deactivate it (kept for the leads denied
// with it, no longer offered) or activate it again, and delete one no lead was ever denied with.
// The server's refusals (a code taken, a reason in use, the stop-list's own) are said in Russian.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { issueRu } from "../../../lib/labels.ts";
import { issuesOf, useTRPC } from "../../../lib/trpc.tsx";
import { ActionDialog } from "../../_components/action-dialog.tsx";
import { AdminPageHead } from "../../_components/admin-page-head.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { CreateFormCard, clearingObjections } from "../../_components/create-form.tsx";
import { TextField } from "../operators/operator-fields.tsx";

type Reason = RouterOutputs["denialReason"]["list"][number];
type Errors = Partial<Record<"code" | "title", string>>;

const CODE_RULE = "Латинские заглавные буквы, цифры и «_», от 2 до 40 знаков, первая — буква";

function titleProblem(title: string): string | undefined {
  const text = title.trim();
  if (!text) return "Обязательное поле";
  if (text.length > LIMITS.title) return `Не длиннее ${LIMITS.title} символов`;
}

/** The server's objections at their fields (code, title); empty when it named none. */
function serverErrors(error: unknown): Errors {
  const errors: Errors = {};
  for (const issue of issuesOf(error)) {
    if (issue.path === "code" || issue.path === "title")
      errors[issue.path] = issue.path === "code" ? CODE_RULE : issueRu(issue);
  }
  return errors;
}

export function ReasonsView() {
  const trpc = useTRPC();
  const reasons = useQuery(trpc.denialReason.list.queryOptions({}));
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<{ action: "rename" | "delete"; reason: Reason } | null>(
    null,
  );

  return (
    <div className="reasons-page">
      <AdminPageHead title="Причины отказа" notice={notice}>
        Из этого списка оператор выбирает причину, когда отказывает по лиду. Партнёры видят код и
        название причины в своих лидах.
      </AdminPageHead>
      <CreateReasonForm onCreated={(reason) => setNotice(`Причина «${reason.title}» добавлена.`)} />

      <h2 className="section-title">Все причины</h2>
      {reasons.isError ? (
        <ApiErrorMessage error={reasons.error} title="Список не загружен" />
      ) : null}
      <div className="table-wrap card-wrap" aria-busy={reasons.isFetching}>
        <table className="table card-table reasons-table">
          <thead>
            <tr>
              <th scope="col">Код</th>
              <th scope="col">Название</th>
              <th scope="col">Состояние</th>
              <th scope="col">Действия</th>
            </tr>
          </thead>
          <tbody>
            {reasons.data?.map((reason) => (
              <ReasonRow
                key={reason.id}
                reason={reason}
                onAction={(action) => setPending({ action, reason })}
                onNotice={setNotice}
              />
            ))}
          </tbody>
        </table>
        {reasons.isPending && !reasons.isError ? <p className="table-empty">Загрузка…</p> : null}
      </div>
      {pending?.action === "rename" ? (
        <RenameDialog
          key={`rename-${pending.reason.id}`}
          reason={pending.reason}
          onDone={(text) => {
            setPending(null);
            setNotice(text);
          }}
          onClose={() => setPending(null)}
        />
      ) : null}
      {pending?.action === "delete" ? (
        <DeleteDialog
          key={`delete-${pending.reason.id}`}
          reason={pending.reason}
          onDone={(text) => {
            setPending(null);
            setNotice(text);
          }}
          onClose={() => setPending(null)}
        />
      ) : null}
    </div>
  );
}

function ReasonRow(props: {
  reason: Reason;
  onAction: (action: "rename" | "delete") => void;
  onNotice: (text: string) => void;
}) {
  const { reason } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // (De)activation takes nothing away (the reason and its leads stay): no confirmation.
  const toggle = useMutation(
    trpc.denialReason.update.mutationOptions({
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries({ queryKey: trpc.denialReason.list.queryKey() });
        props.onNotice(
          updated.active
            ? `Причина «${updated.title}» снова предлагается при отказе.`
            : `Причина «${updated.title}» отключена: при новых отказах её больше не предложат, у прежних лидов она остаётся.`,
        );
      },
    }),
  );
  return (
    <tr className={reason.active ? undefined : "is-inactive"}>
      <td data-label="Код">
        <span className="mono">{reason.code}</span>
      </td>
      <td data-label="Название">{reason.title}</td>
      <td data-label="Состояние">
        {reason.active ? (
          <span className="badge badge-active">Активна</span>
        ) : (
          <span className="badge badge-disabled">Отключена</span>
        )}
      </td>
      <td data-label="Действия">
        <div className="row-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => props.onAction("rename")}
          >
            Переименовать…
          </button>
          <button
            type="button"
            className={
              reason.active ? "button button-small button-danger-quiet" : "button button-small"
            }
            disabled={toggle.isPending}
            onClick={() => toggle.mutate({ id: reason.id, active: !reason.active })}
          >
            {reason.active ? "Отключить" : "Включить"}
          </button>
          <button
            type="button"
            className="button button-small button-danger-quiet"
            onClick={() => props.onAction("delete")}
          >
            Удалить…
          </button>
        </div>
        {toggle.isError ? (
          <ApiErrorMessage
            error={toggle.error}
            title={reason.active ? "Не отключена" : "Не включена"}
          />
        ) : null}
      </td>
    </tr>
  );
}

function CreateReasonForm({ onCreated }: { onCreated: (reason: Reason) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [title, setTitle] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const create = useMutation(
    trpc.denialReason.create.mutationOptions({
      onSuccess: async (created) => {
        setCode("");
        setTitle("");
        await queryClient.invalidateQueries({ queryKey: trpc.denialReason.list.queryKey() });
        onCreated(created);
      },
      onError: (error) => setErrors(serverErrors(error)),
    }),
  );
  const edit = clearingObjections(create, () => setErrors({}));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = code.trim().toUpperCase();
    const found: Errors = {
      code: !normalized
        ? "Обязательное поле"
        : DENIAL_REASON_CODE.test(normalized)
          ? undefined
          : CODE_RULE,
      title: titleProblem(title),
    };
    setErrors(found);
    if (found.code || found.title) return;
    create.mutate({ code: normalized, title: title.trim() });
  };
  const fieldErrorsShown = Boolean(errors.code || errors.title);
  return (
    <CreateFormCard
      id="new-reason"
      heading="Новая причина"
      formClassName="reason-form"
      actionsClassName="operator-form-actions"
      onSubmit={submit}
      mutation={create}
      submitLabel="Добавить причину"
      pendingLabel="Добавляем…"
      refusedTitle="Причина не добавлена"
      fieldErrorsShown={fieldErrorsShown}
    >
      <TextField
        id="new-code"
        label="Код"
        autoComplete="off"
        maxLength={40}
        value={code}
        onChange={edit((value) => setCode(value.toUpperCase()))}
        error={errors.code}
        hint="Не меняется: по нему партнёры узнают причину"
      />
      <TextField
        id="new-title"
        label="Название"
        autoComplete="off"
        maxLength={LIMITS.title}
        value={title}
        onChange={edit(setTitle)}
        error={errors.title}
        hint="Как её видят оператор и партнёр"
      />
    </CreateFormCard>
  );
}

function RenameDialog(props: {
  reason: Reason;
  onDone: (notice: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState(props.reason.title);
  const [error, setError] = useState<string | undefined>();
  const rename = useMutation(
    trpc.denialReason.update.mutationOptions({
      onSuccess: async (updated) => {
        await queryClient.invalidateQueries({ queryKey: trpc.denialReason.list.queryKey() });
        props.onDone(`Причина ${updated.code} теперь называется «${updated.title}».`);
      },
      onError: (failure) => setError(serverErrors(failure).title),
    }),
  );
  return (
    <ActionDialog
      title={`Переименовать причину ${props.reason.code}`}
      confirmLabel="Сохранить название"
      pending={rename.isPending}
      error={error ? null : rename.error}
      onClose={props.onClose}
      onConfirm={() => {
        const problem = titleProblem(title);
        setError(problem);
        if (!problem) rename.mutate({ id: props.reason.id, title: title.trim() });
      }}
    >
      <p>Новое название увидят и лиды, уже отказанные по этой причине. Код не меняется.</p>
      <TextField
        id="rename-title"
        label="Название"
        autoComplete="off"
        maxLength={LIMITS.title}
        value={title}
        onChange={(value) => {
          setTitle(value);
          setError(undefined);
        }}
        error={error}
      />
    </ActionDialog>
  );
}

function DeleteDialog(props: {
  reason: Reason;
  onDone: (notice: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.denialReason.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.denialReason.list.queryKey() });
        props.onDone(`Причина «${props.reason.title}» удалена.`);
      },
    }),
  );
  return (
    <ActionDialog
      title={`Удалить причину «${props.reason.title}»?`}
      confirmLabel="Удалить"
      danger
      pending={remove.isPending}
      error={remove.error}
      onClose={props.onClose}
      onConfirm={() => remove.mutate({ id: props.reason.id })}
    >
      <p>
        Удалить можно только причину, по которой ещё ни разу не отказывали; иначе её можно
        отключить.
      </p>
    </ActionDialog>
  );
}
