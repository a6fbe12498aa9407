"use client";
// The dialogs of one endpoint: turning it off (confirmed: what the partner then misses), a new
// signing secret (with the hours the old one still signs), and its delivery log (every attempt:
// when, the answer, how long; «Отправить снова» on a finished delivery).
import type { RouterOutputs } from "@leadcore/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { formatDateTime } from "../../../lib/labels.ts";
import { useTRPC } from "../../../lib/trpc.tsx";
import {
  attemptAnswerRu,
  DELIVERY_STATUS_RU,
  WEBHOOK_MESSAGE_RU,
} from "../../../lib/webhook-labels.ts";
import { ActionDialog } from "../../_components/action-dialog.tsx";
import { ApiErrorMessage } from "../../_components/api-error.tsx";
import { Pager } from "../../_components/list-controls.tsx";
import type { Endpoint } from "./webhooks-view.tsx";

const DEFAULT_OVERLAP_HOURS = 24;
const MAX_OVERLAP_HOURS = 168;
const LOG_PAGE_SIZE = 20;

export function DisableDialog(props: {
  endpoint: Endpoint;
  onDone: (notice: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const disable = useMutation(
    trpc.webhook.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
        props.onDone(`Вебхук ${props.endpoint.url} отключён.`);
      },
    }),
  );
  return (
    <ActionDialog
      title="Отключить вебхук?"
      confirmLabel="Отключить"
      danger
      pending={disable.isPending}
      error={disable.error}
      onClose={props.onClose}
      onConfirm={() => disable.mutate({ id: props.endpoint.id, enabled: false })}
    >
      <p className="dialog-url">
        {props.endpoint.partnerName}: <span className="mono">{props.endpoint.url}</span>
      </p>
      <p>
        Пока вебхук отключён, партнёр не получает событий по своим лидам, и они не копятся: после
        включения придут только новые. Отправки, которые ждали очередной попытки, станут «Не
        доставлено»; их можно отправить снова из журнала, когда вебхук снова включён.
      </p>
    </ActionDialog>
  );
}

export function RotateDialog(props: {
  endpoint: Endpoint;
  onDone: (secret: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [hours, setHours] = useState(String(DEFAULT_OVERLAP_HOURS));
  const [problem, setProblem] = useState<string | undefined>();
  const rotate = useMutation(
    trpc.webhook.rotate.mutationOptions({
      onSuccess: async (rotated) => {
        await queryClient.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
        props.onDone(rotated.secret);
      },
    }),
  );
  const confirm = () => {
    const value = Number(hours);
    if (!/^\d+$/.test(hours.trim()) || value > MAX_OVERLAP_HOURS) {
      setProblem(`Целое число часов от 0 до ${MAX_OVERLAP_HOURS}`);
      return;
    }
    rotate.mutate({ id: props.endpoint.id, overlapHours: value });
  };
  return (
    <ActionDialog
      title="Сменить секрет подписи?"
      confirmLabel="Сменить секрет"
      pending={rotate.isPending}
      error={rotate.error}
      onClose={props.onClose}
      onConfirm={confirm}
    >
      <p className="dialog-url">
        {props.endpoint.partnerName}: <span className="mono">{props.endpoint.url}</span>
      </p>
      <p>
        Новый секрет подписывает вебхуки сразу. Старый подписывает вместе с ним ещё столько часов,
        сколько указано ниже, чтобы партнёр успел заменить его у себя; 0 — старый перестаёт
        действовать сразу.
      </p>
      <div className={problem ? "field has-error" : "field"}>
        <label htmlFor="rotate-overlap">
          <span className="field-label">Старый секрет действует ещё, часов</span>
        </label>
        <input
          id="rotate-overlap"
          className="overlap-input"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_OVERLAP_HOURS}
          step={1}
          value={hours}
          onChange={(event) => {
            setHours(event.target.value);
            setProblem(undefined);
          }}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? "rotate-overlap-error" : undefined}
        />
        {problem ? (
          <p className="field-error" id="rotate-overlap-error">
            {problem}
          </p>
        ) : null}
      </div>
    </ActionDialog>
  );
}

export function DeliveriesDialog(props: { endpoint: Endpoint; onClose: () => void }) {
  const trpc = useTRPC();
  const dialog = useRef<HTMLDialogElement>(null);
  const [cursors, setCursors] = useState<number[]>([]);
  const before = cursors[cursors.length - 1];
  const [notice, setNotice] = useState<string | null>(null);
  const log = useQuery({
    ...trpc.webhook.deliveries.queryOptions({
      id: props.endpoint.id,
      before,
      limit: LOG_PAGE_SIZE,
    }),
    // A delivery on its way: its next attempt shows by itself.
    refetchInterval: (query) =>
      query.state.data?.some((delivery) => delivery.status === "PENDING") ? 3000 : false,
  });
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const items = log.data ?? [];
  const last = items[items.length - 1];
  const close = (event: FormEvent) => {
    event.preventDefault();
    props.onClose();
  };
  return (
    <dialog
      ref={dialog}
      className="dialog deliveries-dialog"
      aria-labelledby="deliveries-title"
      onClose={props.onClose}
    >
      <form className="stack" onSubmit={close} noValidate>
        <h2 id="deliveries-title">Журнал отправок</h2>
        <p className="dialog-url">
          {props.endpoint.partnerName}: <span className="mono">{props.endpoint.url}</span>
        </p>
        {notice ? (
          <p className="notice notice-success" role="status">
            {notice}
          </p>
        ) : null}
        {log.isError ? <ApiErrorMessage error={log.error} title="Журнал не загружен" /> : null}
        {log.isPending && !log.isError ? <p className="muted">Загрузка…</p> : null}
        {log.data && items.length === 0 ? (
          <p className="muted">
            {cursors.length === 0 ? "Отправок ещё не было." : "Более ранних отправок нет."}
          </p>
        ) : null}
        <ol className="delivery-list">
          {items.map((delivery) => (
            <DeliveryItem
              key={delivery.id}
              endpoint={props.endpoint}
              delivery={delivery}
              onNotice={setNotice}
            />
          ))}
        </ol>
        <Pager
          onFirstPage={cursors.length === 0}
          nextCursor={items.length === LOG_PAGE_SIZE ? last?.id : undefined}
          pageSize={LOG_PAGE_SIZE}
          goTo={(next) => setCursors(next ? [...cursors, next] : [])}
        />
        <div className="dialog-actions">
          <button type="submit" className="button button-primary">
            Закрыть
          </button>
        </div>
      </form>
    </dialog>
  );
}

type Delivery = RouterOutputs["webhook"]["deliveries"][number];

const STATUS_BADGE: Record<Delivery["status"], string> = {
  DELIVERED: "badge badge-active",
  PENDING: "badge badge-new",
  FAILED: "badge badge-denied",
};

function DeliveryItem(props: {
  endpoint: Endpoint;
  delivery: Delivery;
  onNotice: (text: string) => void;
}) {
  const { delivery } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resend = useMutation(
    trpc.webhook.resend.mutationOptions({
      onSuccess: async () => {
        props.onNotice(
          `${WEBHOOK_MESSAGE_RU[delivery.eventType]} от ${formatDateTime(delivery.createdAt)}: отправляем снова, ответ появится здесь.`,
        );
        await queryClient.invalidateQueries({ queryKey: trpc.webhook.deliveries.queryKey() });
      },
    }),
  );
  return (
    <li className="delivery">
      <div className="delivery-head">
        <span className="delivery-what">
          <strong>{WEBHOOK_MESSAGE_RU[delivery.eventType]}</strong>
          <span className="muted">
            {" "}
            · {formatDateTime(delivery.createdAt)}
            {delivery.leadId ? ` · лид № ${delivery.leadId}` : ""}
          </span>
        </span>
        <span className={STATUS_BADGE[delivery.status]}>{DELIVERY_STATUS_RU[delivery.status]}</span>
        {delivery.status === "PENDING" ? null : (
          <button
            type="button"
            className="button button-small"
            disabled={resend.isPending || !props.endpoint.enabled}
            title={props.endpoint.enabled ? undefined : "Вебхук отключён: сначала включите его"}
            onClick={() => resend.mutate({ id: props.endpoint.id, deliveryId: delivery.id })}
          >
            {resend.isPending ? "Отправляем…" : "Отправить снова"}
          </button>
        )}
      </div>
      {delivery.attempts.length === 0 ? (
        <p className="muted small">Попыток ещё не было.</p>
      ) : (
        <ol className="attempt-list">
          {delivery.attempts.map((attempt) => (
            <li key={attempt.number} className={attempt.ok ? "attempt is-ok" : "attempt is-failed"}>
              Попытка {attempt.number} · {formatDateTime(attempt.startedAt)} ·{" "}
              {attemptAnswerRu(attempt)}
            </li>
          ))}
        </ol>
      )}
      {delivery.status === "PENDING" && delivery.nextAttemptAt ? (
        <p className="muted small">Следующая попытка: {formatDateTime(delivery.nextAttemptAt)}</p>
      ) : null}
      {resend.isError ? <ApiErrorMessage error={resend.error} title="Не отправлено" /> : null}
    </li>
  );
}
