"use client";
// A new endpoint: the partner it is for, its URL, the events it receives, a note. The server checks
// the URL (https only, never an internal address); its objections show at their fields, in Russian.
// On success the page shows the signing secret once (_components/secret-box.tsx).
import type { RouterOutputs } from "@leadcore/api";
import { MAX_WEBHOOK_URL, WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@leadcore/schema";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { issueRu } from "../../../lib/labels.ts";
import { issuesOf, useTRPC } from "../../../lib/trpc.tsx";
import { WEBHOOK_EVENT_RU } from "../../../lib/webhook-labels.ts";
import { ApiErrorMessage } from "../../_components/api-error.tsx";

type Made = RouterOutputs["webhook"]["create"];
type Field = "partnerId" | "url" | "events" | "description";
type Errors = Partial<Record<Field, string>>;

const DESCRIPTION_MAX = 300;
// lead.created only when asked for: most partners want the lender's answers, not their own sends.
const DEFAULT_EVENTS: WebhookEventType[] = WEBHOOK_EVENT_TYPES.filter((e) => e !== "lead.created");

/** The server's objections at their fields (events.2 is the events'); empty when it named none. */
function serverErrors(error: unknown): Errors {
  const errors: Errors = {};
  for (const issue of issuesOf(error)) {
    const field = issue.path.split(".")[0] as Field;
    if (["partnerId", "url", "events", "description"].includes(field)) {
      errors[field] ??= issueRu(issue);
    }
  }
  return errors;
}

export function AddWebhookForm(props: {
  onStart: () => void;
  onDirty: (dirty: boolean) => void;
  onAdded: (made: Made) => Promise<void>;
}) {
  const trpc = useTRPC();
  const partners = useQuery(trpc.partner.list.queryOptions({}));
  const [partnerId, setPartnerId] = useState("");
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<WebhookEventType[]>(DEFAULT_EVENTS);
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const add = useMutation(
    trpc.webhook.create.mutationOptions({
      onSuccess: async (made) => {
        setPartnerId("");
        setUrl("");
        setEvents(DEFAULT_EVENTS);
        setDescription("");
        setErrors({});
        await props.onAdded(made);
      },
      onError: (error) => setErrors(serverErrors(error)),
    }),
  );

  // Typed but not added: leaving the page asks first.
  const dirty = Boolean(partnerId || url.trim() || description.trim());
  const { onDirty } = props;
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  // An objection stays only until the admin changes what it was about.
  const edited = (field: Field) => {
    setErrors((current) => ({ ...current, [field]: undefined }));
    if (add.isError) add.reset();
  };
  const toggle = (event: WebhookEventType, on: boolean) => {
    setEvents((current) =>
      WEBHOOK_EVENT_TYPES.filter((e) => (e === event ? on : current.includes(e))),
    );
    edited("events");
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {
      partnerId: partnerId ? undefined : "Выберите партнёра",
      url: url.trim() ? undefined : "Обязательное поле",
      events: events.length > 0 ? undefined : "Отметьте хотя бы одно событие",
    };
    setErrors(found);
    if (found.partnerId || found.url || found.events) return;
    props.onStart();
    add.mutate({
      partnerId: Number(partnerId),
      url: url.trim(),
      events,
      description: description.trim() || null,
    });
  };
  const fieldErrorsShown = Object.values(errors).some(Boolean);
  const noPartners = partners.data?.length === 0;

  return (
    <section className="card" aria-labelledby="new-webhook">
      <h2 id="new-webhook">Новый вебхук</h2>
      <form className="webhook-form" onSubmit={submit} noValidate>
        <div className={errors.partnerId ? "field has-error" : "field"}>
          <label htmlFor="webhook-partner">
            <span className="field-label">Партнёр</span>
          </label>
          <select
            id="webhook-partner"
            value={partnerId}
            onChange={(event) => {
              setPartnerId(event.target.value);
              edited("partnerId");
            }}
            disabled={!partners.data || noPartners}
            aria-invalid={errors.partnerId ? true : undefined}
            aria-describedby={errors.partnerId ? "webhook-partner-error" : undefined}
          >
            <option value="">{partners.isPending ? "Загрузка…" : "— выберите —"}</option>
            {partners.data?.map((partner) => (
              <option key={partner.id} value={partner.id}>
                {partner.name}
              </option>
            ))}
          </select>
          {noPartners ? (
            <p className="field-hint muted small">
              Партнёров пока нет: их заводят командой <code>pnpm cli partner create</code>.
            </p>
          ) : null}
          {errors.partnerId ? (
            <p className="field-error" id="webhook-partner-error">
              {errors.partnerId}
            </p>
          ) : null}
        </div>
        <div className={errors.url ? "field has-error" : "field"}>
          <label htmlFor="webhook-url">
            <span className="field-label">Адрес (URL)</span>
          </label>
          <input
            id="webhook-url"
            type="url"
            inputMode="url"
            value={url}
            onChange={(event) => {
              setUrl(event.target.value);
              edited("url");
            }}
            maxLength={MAX_WEBHOOK_URL}
            placeholder="https://partner.example/webhooks/leadcore"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="none"
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? "webhook-url-error" : "webhook-url-hint"}
          />
          {errors.url ? (
            <p className="field-error" id="webhook-url-error">
              {errors.url}
            </p>
          ) : (
            <p className="field-hint muted small" id="webhook-url-hint">
              Только https:// и публичный адрес партнёра
            </p>
          )}
        </div>
        <fieldset
          className={errors.events ? "plain field wide has-error" : "plain field wide"}
          aria-describedby={errors.events ? "webhook-events-error" : undefined}
        >
          <legend className="field-label">События</legend>
          <div className="event-choices">
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <label key={type} className="event-choice">
                <input
                  type="checkbox"
                  name="events"
                  value={type}
                  checked={events.includes(type)}
                  onChange={(event) => toggle(type, event.target.checked)}
                />
                <span>
                  {WEBHOOK_EVENT_RU[type]} <span className="mono muted small">{type}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.events ? (
            <p className="field-error" id="webhook-events-error">
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <div className={errors.description ? "field wide has-error" : "field wide"}>
          <label htmlFor="webhook-description">
            <span className="field-label">
              Описание <span className="muted">(необязательно)</span>
            </span>
          </label>
          <textarea
            id="webhook-description"
            rows={2}
            value={description}
            onChange={(event) => {
              setDescription(event.target.value);
              edited("description");
            }}
            maxLength={DESCRIPTION_MAX}
            placeholder="Например: CRM партнёра, контакт — Иван, ivan@partner.example"
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? "webhook-description-error" : undefined}
          />
          {errors.description ? (
            <p className="field-error" id="webhook-description-error">
              {errors.description}
            </p>
          ) : null}
        </div>
        <div className="webhook-form-actions">
          <button type="submit" className="button button-primary" disabled={add.isPending}>
            {add.isPending ? "Добавляем…" : "Добавить вебхук"}
          </button>
        </div>
      </form>
      {partners.isError ? (
        <ApiErrorMessage error={partners.error} title="Список партнёров не загружен" />
      ) : null}
      {add.isError && !fieldErrorsShown ? (
        <ApiErrorMessage error={add.error} title="Вебхук не добавлен" />
      ) : null}
    </section>
  );
}
