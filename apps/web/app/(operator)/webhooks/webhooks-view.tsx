"use client";
// Partners' webhook endpoints for admins (core webhook-endpoints.ts): the list with each one's
// events and state (an endpoint that failed for days is turned off by itself, and says so), a new
// endpoint, and per endpoint a test message, its delivery log, a new signing secret, and turning it
// off or on. A signing secret is shown once (_components/secret-box.tsx); leaving the page while one is shown,
// or with the new endpoint's form typed in, asks first.
import type { RouterOutputs } from "@leadcore/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import { formatDateTime } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import {
  attemptAnswerRu,
  endpointStateRu,
  failingSinceRu,
  WEBHOOK_EVENT_RU,
} from "../../../lib/webhook-labels.ts";
import { AdminPageHead } from "../../_components/admin-page-head.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { useLeaveGuard } from "../../_components/leave-guard.ts";
import { SecretBox, type ShownSecret } from "../../_components/secret-box.tsx";
import { AddWebhookForm } from "./add-webhook-form.tsx";
import { DeliveriesDialog, DisableDialog, RotateDialog } from "./webhook-dialogs.tsx";

export type Endpoint = RouterOutputs["webhook"]["list"][number];
type Action = "disable" | "rotate" | "deliveries";

export function WebhooksView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endpoints = useQuery(trpc.webhook.list.queryOptions({}));
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const [formDirty, setFormDirty] = useState(false);
  const [dialog, setDialog] = useState<{ action: Action; endpoint: Endpoint } | null>(null);
  const onDirty = useCallback((dirty: boolean) => setFormDirty(dirty), []);
  useLeaveGuard(formDirty || secret !== null);

  return (
    <div className="webhooks-page">
      <AdminPageHead title="Вебхуки" notice={notice}>
        Адреса партнёров, на которые LeadCore сам сообщает, что стало с их лидами: конвертирован,
        отказ, отозван. Каждое сообщение подписано секретом партнёра; не доставленное повторяется
        несколько часов.
      </AdminPageHead>
      {secret ? (
        <SecretBox
          key={secret.secret}
          {...secret}
          title="Секрет подписи — показан один раз, передайте его партнёру"
          hint="Партнёр проверяет им подпись каждого вебхука (заголовок webhook-signature). Больше этот секрет не показать: если он потерян, смените секрет."
          hideLabel="Секрет передан — скрыть"
          onHide={() => setSecret(null)}
        />
      ) : null}
      <AddWebhookForm
        onStart={() => setNotice(null)}
        onDirty={onDirty}
        onAdded={async ({ endpoint, secret: made }) => {
          await queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
          setNotice(`Вебхук для партнёра «${endpoint.partnerName}» добавлен и включён.`);
          setSecret({
            secret: made,
            about: `Новый вебхук партнёра «${endpoint.partnerName}»: ${endpoint.url}`,
          });
        }}
      />

      <h2 className="section-title">Все вебхуки</h2>
      {endpoints.isError ? (
        <ApiErrorMessage error={endpoints.error} title="Список не загружен" />
      ) : null}
      <div className="table-wrap card-wrap" aria-busy={endpoints.isFetching}>
        <table className="table card-table webhooks-table">
          <thead>
            <tr>
              <th scope="col">Партнёр</th>
              <th scope="col">Адрес</th>
              <th scope="col">События</th>
              <th scope="col">Состояние</th>
              <th scope="col">Секрет</th>
              <th scope="col">Действия</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.data?.map((endpoint) => (
              <EndpointRow
                key={endpoint.id}
                endpoint={endpoint}
                onAction={(action) => setDialog({ action, endpoint })}
                onNotice={setNotice}
              />
            ))}
          </tbody>
        </table>
        {endpoints.isPending && !endpoints.isError ? (
          <p className="table-empty">Загрузка…</p>
        ) : null}
        {endpoints.data?.length === 0 ? <p className="table-empty">Вебхуков пока нет</p> : null}
      </div>
      {dialog?.action === "disable" ? (
        <DisableDialog
          key={`disable-${dialog.endpoint.id}`}
          endpoint={dialog.endpoint}
          onDone={(text) => {
            setDialog(null);
            setNotice(text);
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.action === "rotate" ? (
        <RotateDialog
          key={`rotate-${dialog.endpoint.id}`}
          endpoint={dialog.endpoint}
          onDone={(made) => {
            const { endpoint } = dialog;
            setDialog(null);
            setNotice(`Секрет вебхука ${endpoint.url} сменён.`);
            setSecret({
              secret: made,
              about: `Новый секрет вебхука партнёра «${endpoint.partnerName}»: ${endpoint.url}`,
            });
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.action === "deliveries" ? (
        <DeliveriesDialog
          key={`deliveries-${dialog.endpoint.id}`}
          endpoint={dialog.endpoint}
          onClose={() => {
            setDialog(null);
            // A resend's answer may have changed the endpoint's state (failing since, or no longer).
            void queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
          }}
        />
      ) : null}
    </div>
  );
}

function EndpointState({ endpoint }: { endpoint: Endpoint }) {
  return (
    <div className="endpoint-state">
      <span
        className={
          endpoint.enabled
            ? "badge badge-active"
            : endpoint.disabledReason === "FAILING"
              ? "badge badge-denied"
              : "badge badge-disabled"
        }
      >
        {endpointStateRu(endpoint)}
      </span>
      {endpoint.disabledAt ? (
        <span className="muted small">с {formatDateTime(endpoint.disabledAt)}</span>
      ) : null}
      {endpoint.failingSince ? (
        <span className="failing small">{failingSinceRu(endpoint.failingSince)}</span>
      ) : null}
    </div>
  );
}

function EndpointRow(props: {
  endpoint: Endpoint;
  onAction: (action: Action) => void;
  onNotice: (text: string | null) => void;
}) {
  const { endpoint } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(
    trpc.webhook.test.mutationOptions({
      // The answer also changes the endpoint's state (failing since, or no longer).
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.webhook.pathKey() }),
    }),
  );
  // A test's answer says how it was then: once the endpoint is turned off or on, it is gone.
  const { reset } = test;
  useEffect(() => reset(), [endpoint.enabled, reset]);
  // Turning it on takes nothing away: no confirmation (turning it off asks).
  const enable = useMutation(
    trpc.webhook.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
        props.onNotice(`Вебхук ${endpoint.url} включён.`);
      },
    }),
  );
  return (
    <tr className={endpoint.enabled ? undefined : "is-disabled"}>
      <td data-label="Партнёр">{endpoint.partnerName}</td>
      <td data-label="Адрес" className="endpoint-url">
        <span>
          <span className="mono">{endpoint.url}</span>
          {endpoint.description ? (
            <span className="endpoint-description muted small">{endpoint.description}</span>
          ) : null}
        </span>
      </td>
      <td data-label="События">
        <ul className="event-list">
          {endpoint.events.map((event) => (
            <li key={event}>{WEBHOOK_EVENT_RU[event]}</li>
          ))}
        </ul>
      </td>
      <td data-label="Состояние">
        <EndpointState endpoint={endpoint} />
      </td>
      <td data-label="Секрет">
        <span>
          <span className="mono">{endpoint.secretPrefix}…</span>
          {endpoint.previousSecretExpiresAt ? (
            <span className="endpoint-description muted small">
              прежний действует до {formatDateTime(endpoint.previousSecretExpiresAt)}
            </span>
          ) : null}
        </span>
      </td>
      <td data-label="Действия">
        <div className="row-actions">
          <button
            type="button"
            className="button button-small"
            disabled={test.isPending || !endpoint.enabled}
            title={endpoint.enabled ? undefined : "Вебхук отключён: сначала включите его"}
            onClick={() => {
              props.onNotice(null);
              test.mutate({ id: endpoint.id });
            }}
          >
            {test.isPending ? "Проверяем…" : "Проверить"}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => props.onAction("deliveries")}
          >
            Журнал отправок
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => props.onAction("rotate")}
          >
            Сменить секрет…
          </button>
          {endpoint.enabled ? (
            <button
              type="button"
              className="button button-small button-danger-quiet"
              onClick={() => props.onAction("disable")}
            >
              Отключить…
            </button>
          ) : (
            <button
              type="button"
              className="button button-small"
              disabled={enable.isPending}
              onClick={() => enable.mutate({ id: endpoint.id, enabled: true })}
            >
              Включить
            </button>
          )}
        </div>
        {test.data ? (
          <p
            className={
              test.data.ok ? "notice notice-success test-answer" : "notice notice-error test-answer"
            }
            role="status"
          >
            <strong>{test.data.ok ? "Проверка прошла" : "Проверка не прошла"}:</strong> ответ{" "}
            {attemptAnswerRu(test.data)}
          </p>
        ) : null}
        {test.isError ? <ApiErrorMessage error={test.error} title="Не проверено" /> : null}
        {enable.isError ? <ApiErrorMessage error={enable.error} title="Не включён" /> : null}
      </td>
    </tr>
  );
}
