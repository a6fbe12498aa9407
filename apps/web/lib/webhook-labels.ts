// The webhooks page's Russian: the events a partner subscribes to, what a delivery was, its state,
// an endpoint's state and one attempt's answer.
import type { RouterOutputs } from "@leadcore/api";
import type { WebhookAttemptError, WebhookEventType, WebhookMessageType } from "@leadcore/schema";
import { formatDateTime } from "./labels.ts";

type Endpoint = RouterOutputs["webhook"]["list"][number];
type Delivery = RouterOutputs["webhook"]["deliveries"][number];
type Attempt = Pick<Delivery["attempts"][number], "statusCode" | "error" | "durationMs">;

export const WEBHOOK_EVENT_RU: Record<WebhookEventType, string> = {
  "lead.created": "Лид создан",
  "lead.converted": "Конвертирован",
  "lead.denied": "Отказ",
  "lead.withdrawn": "Отозван",
  "lead.reopened": "Открыт заново",
};

export const WEBHOOK_MESSAGE_RU: Record<WebhookMessageType, string> = {
  ...WEBHOOK_EVENT_RU,
  "webhook.test": "Проверка",
};

export const DELIVERY_STATUS_RU: Record<Delivery["status"], string> = {
  DELIVERED: "Доставлено",
  PENDING: "Ожидает",
  FAILED: "Не доставлено",
};

/** The endpoint's state in words: enabled, or disabled and by whom (or by what). */
export function endpointStateRu(endpoint: Pick<Endpoint, "enabled" | "disabledReason">): string {
  if (endpoint.enabled) return "Включён";
  return endpoint.disabledReason === "FAILING"
    ? "Отключён: не отвечал несколько дней"
    : "Отключён администратором";
}

/** The errors the sender writes down (@leadcore/schema WEBHOOK_ATTEMPT_ERRORS), in Russian. */
const ATTEMPT_ERROR_RU: Record<WebhookAttemptError, string> = {
  timeout: "нет ответа за отведённое время",
  "connection refused": "соединение отклонено",
  "connection reset": "соединение оборвалось",
  "host not found": "адрес не найден",
  "TLS error": "ошибка сертификата (TLS)",
  "connection error": "ошибка соединения",
  "blocked address": "адрес запрещён: внутренняя сеть или не https",
};

export const attemptErrorRu = (error: WebhookAttemptError): string => ATTEMPT_ERROR_RU[error];

/** One attempt's answer: «HTTP 200» or the error, and how long it took. */
export function attemptAnswerRu(attempt: Attempt): string {
  const answer =
    attempt.statusCode !== null
      ? `HTTP ${attempt.statusCode}`
      : attempt.error
        ? attemptErrorRu(attempt.error)
        : "нет ответа";
  return `${answer} · ${formatDuration(attempt.durationMs)}`;
}

export function formatDuration(ms: number): string {
  return ms < 1000
    ? `${ms} мс`
    : `${(ms / 1000).toLocaleString("ru-RU", { maximumFractionDigits: 1 })} с`;
}

export const failingSinceRu = (iso: string) => `сбои с ${formatDateTime(iso)}`;
