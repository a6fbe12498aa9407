"use client";
// Partners and API keys for admins (core api-keys.ts): a new partner comes with its first key; a
// partner may get further keys (a second integration, a replacement); any key is revoked at once;
// each shows when it was last used (to the minute), so an admin sees which keys are alive. Service
// keys (internal systems: scoring, collection) are made here too. A key is shown once, when made
// (_components/secret-box.tsx); leaving the page while one is shown, or with a name typed, asks.
import type { RouterOutputs } from "@leadcore/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { formatDateTime } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import { ActionDialog } from "../../_components/action-dialog.tsx";
import { AdminPageHead } from "../../_components/admin-page-head.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { CreateFormCard, clearingObjections } from "../../_components/create-form.tsx";
import { useLeaveGuard } from "../../_components/leave-guard.ts";
import { SecretBox, type ShownSecret } from "../../_components/secret-box.tsx";

type Directory = RouterOutputs["partner"]["keys"];
type ApiKey = Directory["serviceKeys"][number];

const KEY_HINT =
  "Партнёр передаёт его в заголовке Authorization: Bearer … при каждом вызове API. LeadCore хранит только его отпечаток: потерянный ключ не восстановить — выпустите новый и отзовите старый.";

export function PartnersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const directory = useQuery(trpc.partner.keys.queryOptions({}));
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [typed, setTyped] = useState({ partner: "", service: "" });
  const [revoking, setRevoking] = useState<{ key: ApiKey; owner: string } | null>(null);
  useLeaveGuard(secret !== null || typed.partner.trim() !== "" || typed.service.trim() !== "");

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.partner.pathKey() });
  const issue = useMutation(
    trpc.partner.issueKey.mutationOptions({
      onSuccess: async ({ key }, { partnerId }) => {
        await refresh();
        const name = directory.data?.partners.find((p) => p.id === partnerId)?.name ?? "";
        setNotice(`Партнёру «${name}» выпущен новый ключ.`);
        setSecret({ secret: key, about: `Новый ключ партнёра «${name}».` });
      },
    }),
  );

  return (
    <div className="partners-page">
      <AdminPageHead title="Партнёры и ключи" notice={notice}>
        Партнёры присылают лиды через REST API со своим ключом; сервисы кредитора (скоринг,
        взыскание) — со служебным. Отозванный ключ перестаёт работать сразу.
      </AdminPageHead>
      {secret ? (
        <SecretBox
          key={secret.secret}
          {...secret}
          title="Ключ API — показан один раз, передайте его владельцу"
          hint={KEY_HINT}
          hideLabel="Ключ передан — скрыть"
          onHide={() => setSecret(null)}
        />
      ) : null}
      <div className="columns">
        <NameForm
          id="new-partner"
          kind="partner"
          heading="Новый партнёр"
          label="Название партнёра"
          submitLabel="Создать партнёра и ключ"
          value={typed.partner}
          onChange={(partner) => setTyped((t) => ({ ...t, partner }))}
          onMade={async (name, key) => {
            await refresh();
            setNotice(`Партнёр «${name}» создан.`);
            setSecret({ secret: key, about: `Первый ключ партнёра «${name}».` });
          }}
        />
        <NameForm
          id="new-service-key"
          kind="service"
          heading="Новый служебный ключ"
          label="Чей ключ (система)"
          submitLabel="Выпустить служебный ключ"
          value={typed.service}
          onChange={(service) => setTyped((t) => ({ ...t, service }))}
          onMade={async (name, key) => {
            await refresh();
            setNotice(`Служебный ключ «${name}» выпущен.`);
            setSecret({ secret: key, about: `Служебный ключ «${name}».` });
          }}
        />
      </div>

      {directory.isError ? (
        <ApiErrorMessage error={directory.error} title="Список не загружен" />
      ) : null}
      {issue.isError ? <ApiErrorMessage error={issue.error} title="Ключ не выпущен" /> : null}
      <h2 className="section-title">Партнёры</h2>
      {directory.data?.partners.length === 0 ? (
        <p className="table-empty">Партнёров пока нет</p>
      ) : null}
      {directory.data?.partners.map((partner) => (
        <section key={partner.id} className="card partner-card" aria-labelledby={`p-${partner.id}`}>
          <div className="partner-head">
            <h3 id={`p-${partner.id}`}>
              {partner.name} <span className="muted small">№ {partner.id}</span>
            </h3>
            <button
              type="button"
              className="button"
              disabled={issue.isPending}
              onClick={() => {
                setNotice(null);
                issue.mutate({ partnerId: partner.id });
              }}
            >
              Выпустить ещё ключ
            </button>
          </div>
          <KeyTable
            keys={partner.keys}
            onRevoke={(key) => setRevoking({ key, owner: `партнёра «${partner.name}»` })}
          />
        </section>
      ))}

      <h2 className="section-title">Служебные ключи</h2>
      <section className="card partner-card" aria-label="Служебные ключи">
        <KeyTable
          keys={directory.data?.serviceKeys ?? []}
          onRevoke={(key) => setRevoking({ key, owner: `сервиса «${key.name}»` })}
        />
      </section>

      {revoking ? (
        <RevokeDialog
          key={revoking.key.id}
          apiKey={revoking.key}
          owner={revoking.owner}
          onClose={() => setRevoking(null)}
          onDone={async () => {
            await refresh();
            setRevoking(null);
            setNotice(`Ключ ${revoking.key.prefix}… ${revoking.owner} отозван.`);
          }}
        />
      ) : null}
    </div>
  );
}

function KeyTable({ keys, onRevoke }: { keys: ApiKey[]; onRevoke: (key: ApiKey) => void }) {
  if (keys.length === 0) return <p className="muted">Ключей нет</p>;
  return (
    <div className="table-wrap card-wrap">
      <table className="table card-table keys-table">
        <thead>
          <tr>
            <th scope="col">Ключ</th>
            <th scope="col">Выпущен</th>
            <th scope="col">Последний вызов</th>
            <th scope="col">Состояние</th>
            <th scope="col">
              <span className="visually-hidden">Действия</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id} className={key.revokedAt ? "is-disabled" : undefined}>
              <td data-label="Ключ" className="mono">
                {key.prefix}…
              </td>
              <td data-label="Выпущен">{formatDateTime(key.createdAt)}</td>
              <td data-label="Последний вызов">
                {key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "не было"}
              </td>
              <td data-label="Состояние">
                {key.revokedAt ? `отозван ${formatDateTime(key.revokedAt)}` : "действует"}
              </td>
              <td data-label="Действия">
                {key.revokedAt ? null : (
                  <button
                    type="button"
                    className="button button-danger-quiet"
                    onClick={() => onRevoke(key)}
                  >
                    Отозвать
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A create form of one field, a name: a new partner's (with its first key), or a service key's. */
function NameForm(props: {
  id: string;
  kind: "partner" | "service";
  heading: string;
  label: string;
  submitLabel: string;
  value: string;
  onChange: (value: string) => void;
  onMade: (name: string, key: string) => Promise<void>;
}) {
  const trpc = useTRPC();
  const [missing, setMissing] = useState(false);
  const partner = useMutation(trpc.partner.create.mutationOptions());
  const service = useMutation(trpc.partner.createServiceKey.mutationOptions());
  const mutation = props.kind === "partner" ? partner : service;
  const change = clearingObjections(mutation, () => setMissing(false));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = props.value.trim();
    if (!name) return setMissing(true);
    mutation.mutate(
      { name },
      {
        onSuccess: async ({ key }) => {
          props.onChange("");
          await props.onMade(name, key);
        },
      },
    );
  };
  const inputId = `${props.id}-name`;
  return (
    <CreateFormCard
      id={`${props.id}-title`}
      heading={props.heading}
      formClassName="name-form"
      actionsClassName="name-form-actions"
      onSubmit={submit}
      mutation={mutation}
      submitLabel={props.submitLabel}
      pendingLabel="Создаём…"
      refusedTitle="Не создано"
      fieldErrorsShown={missing}
    >
      <div className="field">
        <label htmlFor={inputId}>{props.label}</label>
        <input
          id={inputId}
          value={props.value}
          maxLength={200}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${inputId}-error` : undefined}
          onChange={(event) => change(props.onChange)(event.target.value)}
        />
        {missing ? (
          <p className="field-error" id={`${inputId}-error`}>
            Нужно указать название
          </p>
        ) : null}
      </div>
    </CreateFormCard>
  );
}

function RevokeDialog(props: {
  apiKey: ApiKey;
  owner: string;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const revoke = useMutation(trpc.partner.revokeKey.mutationOptions({ onSuccess: props.onDone }));
  return (
    <ActionDialog
      title={`Отозвать ключ ${props.apiKey.prefix}…?`}
      confirmLabel="Отозвать"
      danger
      pending={revoke.isPending}
      error={revoke.error}
      onClose={props.onClose}
      onConfirm={() => revoke.mutate({ keyId: props.apiKey.id })}
    >
      <p>
        Ключ {props.owner} перестанет работать сразу: следующий вызов с ним получит ответ 401.
        Вернуть отозванный ключ нельзя — только выпустить новый.
      </p>
    </ActionDialog>
  );
}
