"use client";
import type { RouterOutputs } from "@leadcore/api";
import {
  LOGIN_MAX_LENGTH,
  normalizeLogin,
  OPERATOR_ROLES,
  type OperatorRoleName,
} from "@leadcore/schema";
// Operator management for admins: who may sign in, with which role; create, change the role,
// set a new password, disable and enable. Each change to an existing operator is confirmed first.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatDateTime } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ActionDialog } from "../../_components/action-dialog.tsx";
import { AdminPageHead } from "../../_components/admin-page-head.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { CreateFormCard, clearingObjections } from "../../_components/create-form.tsx";
import {
  type FieldErrors,
  loginProblem,
  PasswordFields,
  passwordProblems,
  serverFieldErrors,
  TextField,
} from "./operator-fields.tsx";

type Operator = RouterOutputs["operator"]["list"][number];
type Action = "promote" | "demote" | "password" | "disable";

const ROLE_RU: Record<OperatorRoleName, string> = { operator: "Оператор", admin: "Администратор" };

export function OperatorsView({ me }: { me: string }) {
  const trpc = useTRPC();
  const operators = useQuery(trpc.operator.list.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<{ action: Action; operator: Operator } | null>(null);

  return (
    <div className="operators-page">
      <AdminPageHead title="Операторы" notice={notice}>
        Кто входит в LeadCore и с какой ролью. Администраторы управляют операторами.
      </AdminPageHead>
      <CreateOperatorForm
        onCreated={(login) =>
          setNotice(`Оператор «${login}» создан: он может войти со своим паролем.`)
        }
      />

      <h2 className="section-title">Все операторы</h2>
      {operators.isError ? (
        <ApiErrorMessage error={operators.error} title="Список не загружен" />
      ) : null}
      <div className="table-wrap operators-wrap" aria-busy={operators.isFetching}>
        <table className="table operators-table">
          <thead>
            <tr>
              <th scope="col">Логин</th>
              <th scope="col">Роль</th>
              <th scope="col">Состояние</th>
              <th scope="col">Создан</th>
              <th scope="col">Последний вход</th>
              <th scope="col">Действия</th>
            </tr>
          </thead>
          <tbody>
            {operators.data?.map((operator) => (
              <OperatorRow
                key={operator.login}
                operator={operator}
                me={me}
                onAction={(action) => setPending({ action, operator })}
                onNotice={setNotice}
              />
            ))}
          </tbody>
        </table>
        {operators.isPending && !operators.isError ? (
          <p className="table-empty">Загрузка…</p>
        ) : null}
      </div>
      {pending ? (
        <ChangeDialog
          key={`${pending.action}-${pending.operator.login}`}
          action={pending.action}
          operator={pending.operator}
          me={me}
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

function OperatorRow(props: {
  operator: Operator;
  me: string;
  onAction: (action: Action) => void;
  onNotice: (text: string) => void;
}) {
  const { operator } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Enabling takes nothing away from anyone: no confirmation.
  const enable = useMutation(
    trpc.operator.enable.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.operator.list.queryKey() });
        props.onNotice(`Оператор «${operator.login}» снова может входить.`);
      },
    }),
  );
  return (
    <tr className={operator.disabled ? "is-disabled" : undefined}>
      <td data-label="Логин">
        <span>
          <span className="mono">{operator.login}</span>
          {operator.login === props.me ? <span className="muted"> (вы)</span> : null}
        </span>
      </td>
      <td data-label="Роль">{ROLE_RU[operator.role]}</td>
      <td data-label="Состояние">
        {operator.disabled ? (
          <span className="badge badge-disabled">Отключён</span>
        ) : (
          <span className="badge badge-active">Активен</span>
        )}
      </td>
      <td data-label="Создан">{formatDateTime(operator.createdAt)}</td>
      <td data-label="Последний вход">
        {operator.lastSignInAt ? formatDateTime(operator.lastSignInAt) : "—"}
      </td>
      <td data-label="Действия">
        <div className="row-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => props.onAction(operator.role === "admin" ? "demote" : "promote")}
          >
            {operator.role === "admin" ? "Сделать оператором…" : "Сделать администратором…"}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => props.onAction("password")}
          >
            Новый пароль…
          </button>
          {operator.disabled ? (
            <button
              type="button"
              className="button button-small"
              disabled={enable.isPending}
              onClick={() => enable.mutate({ login: operator.login })}
            >
              Включить
            </button>
          ) : (
            <button
              type="button"
              className="button button-small button-danger-quiet"
              onClick={() => props.onAction("disable")}
            >
              Отключить…
            </button>
          )}
        </div>
        {enable.isError ? (
          <ApiErrorMessage
            error={enable.error}
            title="Не включён"
            context={{ login: operator.login }}
          />
        ) : null}
      </td>
    </tr>
  );
}

function CreateOperatorForm({ onCreated }: { onCreated: (login: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [login, setLogin] = useState("");
  const [role, setRole] = useState<OperatorRoleName>("operator");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const create = useMutation(
    trpc.operator.create.mutationOptions({
      onSuccess: async (created) => {
        setLogin("");
        setRole("operator");
        setPassword("");
        setConfirmation("");
        await queryClient.invalidateQueries({ queryKey: trpc.operator.list.queryKey() });
        onCreated(created.login);
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    }),
  );

  const edit = clearingObjections(create, () => setErrors({}));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {
      login: loginProblem(login),
      ...passwordProblems(password, confirmation),
    };
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    create.mutate({ login, role, password });
  };
  const fieldErrorsShown = Object.values(errors).some(Boolean);

  return (
    <CreateFormCard
      id="new-operator"
      heading="Новый оператор"
      formClassName="operator-form"
      actionsClassName="operator-form-actions"
      onSubmit={submit}
      mutation={create}
      submitLabel="Создать оператора"
      pendingLabel="Создаём…"
      refusedTitle="Оператор не создан"
      fieldErrorsShown={fieldErrorsShown}
      errorContext={{
        login: create.variables ? normalizeLogin(create.variables.login) : undefined,
      }}
    >
      <TextField
        id="new-login"
        label="Логин"
        autoComplete="off"
        maxLength={LOGIN_MAX_LENGTH}
        value={login}
        onChange={edit(setLogin)}
        error={errors.login}
        hint="Латинские буквы, цифры, «.», «_», «-»"
      />
      <div className="field">
        <label htmlFor="new-role">
          <span className="field-label">Роль</span>
        </label>
        <select
          id="new-role"
          value={role}
          onChange={(event) => setRole(event.target.value as OperatorRoleName)}
        >
          {OPERATOR_ROLES.map((value) => (
            <option key={value} value={value}>
              {ROLE_RU[value]}
            </option>
          ))}
        </select>
      </div>
      <PasswordFields
        idPrefix="new"
        password={password}
        confirmation={confirmation}
        onPassword={edit(setPassword)}
        onConfirmation={edit(setConfirmation)}
        errors={errors}
      />
    </CreateFormCard>
  );
}

/** The confirmation of a change to one operator, and the change itself. */
function ChangeDialog(props: {
  action: Action;
  operator: Operator;
  me: string;
  onDone: (notice: string) => void;
  onClose: () => void;
}) {
  const { action, operator } = props;
  const login = operator.login;
  const self = login === props.me;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});

  const finish = (notice: string) => async () => {
    // Demoted, disabled or with a new password, the admin's own session no longer fits the page:
    // a full load shows what now applies (no access, or the sign-in page).
    if (self) return window.location.assign("/operators");
    await queryClient.invalidateQueries({ queryKey: trpc.operator.list.queryKey() });
    props.onDone(notice);
  };
  const setRole = useMutation(
    trpc.operator.setRole.mutationOptions({
      onSuccess: finish(
        action === "promote"
          ? `«${login}» теперь администратор.`
          : `«${login}» теперь оператор без прав администратора.`,
      ),
    }),
  );
  const disable = useMutation(
    trpc.operator.disable.mutationOptions({
      onSuccess: finish(`Оператор «${login}» отключён, его сеансы завершены.`),
    }),
  );
  const reset = useMutation(
    trpc.operator.resetPassword.mutationOptions({
      onSuccess: finish(
        `Пароль оператора «${login}» изменён, его сеансы завершены. Сообщите ему новый пароль.`,
      ),
      onError: (error) => setErrors(serverFieldErrors(error)),
    }),
  );

  if (action === "password") {
    const fieldErrorsShown = Object.values(errors).some(Boolean);
    return (
      <ActionDialog
        title={`Новый пароль для «${login}»`}
        confirmLabel="Сменить пароль"
        pending={reset.isPending}
        error={fieldErrorsShown ? null : reset.error}
        errorContext={{ login }}
        onClose={props.onClose}
        onConfirm={() => {
          const found = passwordProblems(password, confirmation);
          setErrors(found);
          if (!found.password && !found.confirmation) reset.mutate({ login, password });
        }}
      >
        <p>
          Старый пароль перестанет действовать, открытые сеансы {self ? "(и ваш тоже) " : ""}
          завершатся.
        </p>
        <PasswordFields
          idPrefix="reset"
          password={password}
          confirmation={confirmation}
          onPassword={setPassword}
          onConfirmation={setConfirmation}
          errors={errors}
          autoFocus
        />
      </ActionDialog>
    );
  }
  if (action === "disable") {
    return (
      <ActionDialog
        title={`Отключить «${login}»?`}
        confirmLabel="Отключить"
        danger
        pending={disable.isPending}
        error={disable.error}
        errorContext={{ login }}
        onClose={props.onClose}
        onConfirm={() => disable.mutate({ login })}
      >
        <p>
          {self ? "Вы отключаете себя: " : "Оператор "}сразу потеряет доступ, открытые сеансы
          завершатся. Включить его снова можно на этой странице.
        </p>
      </ActionDialog>
    );
  }
  const role = action === "promote" ? "admin" : "operator";
  return (
    <ActionDialog
      title={
        action === "promote"
          ? `Сделать «${login}» администратором?`
          : `Снять с «${login}» права администратора?`
      }
      confirmLabel={action === "promote" ? "Сделать администратором" : "Сделать оператором"}
      danger={action === "demote"}
      pending={setRole.isPending}
      error={setRole.error}
      errorContext={{ login }}
      onClose={props.onClose}
      onConfirm={() => setRole.mutate({ login, role })}
    >
      <p>
        {action === "promote"
          ? "Администратор может создавать и отключать операторов, менять их роли и пароли."
          : self
            ? "Вы больше не сможете управлять операторами."
            : "Он больше не сможет управлять операторами; лиды и клиенты останутся ему доступны."}
      </p>
    </ActionDialog>
  );
}
