"use client";
import type { RouterOutputs } from "@leadcore/api";
import { identifierProblems } from "@leadcore/schema";
// One lead: every field of the contract in sections, editable while the lead is NEW; checked in
// the browser with the contract's zod schema before it is sent, and the server's own objections
// shown at their fields. Identifier problems are warnings, recomputed as one types. The lead's
// state and the moves it allows (take, assign, deny, withdraw, reopen) are in lifecycle.tsx.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { type ReactNode, useMemo, useState } from "react";
import { formatDateTime, fullName, OUTCOME_RU } from "../../../../lib/labels.ts";
import {
  type FieldErrors,
  type FormValue,
  type Path,
  pathKey,
  setIn,
  toFormValues,
  toLeadBody,
} from "../../../../lib/lead-form/values.ts";
import { issuesOf, useTRPC } from "../../../../lib/trpc.tsx";
import { AccessRecord } from "../../../_components/access-record.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { useLeaveGuard } from "../../../_components/leave-guard.ts";
import { StatusBadge } from "../../../_components/status-badge.tsx";
import type { Me } from "../lead-actions.tsx";
import { ConsentPanel } from "./consent-panel.tsx";
import { ConvertDialog } from "./convert-dialog.tsx";
import { type FormApi, LeadFormProvider } from "./lead-form.tsx";
import { LeadHistory } from "./lead-history.tsx";
import {
  bodyToSend,
  FormIssues,
  LeadSections,
  SectionNav,
  savesOnCtrlS,
  toErrors,
} from "./lead-sections.tsx";
import { type LifecycleAction, LifecycleDialog, LifecyclePanel } from "./lifecycle.tsx";
import { RepeatNotice } from "./repeat-notice.tsx";

type StoredLead = RouterOutputs["lead"]["get"];

export function LeadView({ id, me }: { id: number; me: Me }) {
  const trpc = useTRPC();
  const lead = useQuery(trpc.lead.get.queryOptions({ id }));
  const [notice, setNotice] = useState<string | null>(null);
  const [converting, setConverting] = useState(false);
  const [action, setAction] = useState<LifecycleAction | null>(null);

  if (lead.isPending) return <p className="muted">Загрузка…</p>;
  if (lead.isError) {
    return (
      <div className="lead-page">
        <p className="breadcrumbs">
          <Link href="/leads">← Лиды</Link>
        </p>
        <ApiErrorMessage error={lead.error} title="Лид не открыт" />
      </div>
    );
  }
  return (
    <>
      {/* A new version of the lead (saved, converted, taken, denied...) starts the form afresh
          from it; the moves that make one wait until the form has no unsaved edits. */}
      <LeadEditor
        key={lead.data.updatedAt}
        lead={lead.data}
        me={me}
        notice={notice}
        onNotice={setNotice}
        onConvert={() => setConverting(true)}
        onAction={(next) => {
          setNotice(null);
          setAction(next);
        }}
      />
      <ConvertDialog lead={lead.data} open={converting} onClose={() => setConverting(false)} />
      {action ? (
        <LifecycleDialog
          key={action}
          action={action}
          lead={lead.data}
          onDone={(text) => {
            setAction(null);
            setNotice(text);
          }}
          onClose={() => setAction(null)}
        />
      ) : null}
    </>
  );
}

/** LeadCore's own fields, said in words: the client, the denial reason, the operator. */
function serverOwnedValues(lead: StoredLead): Record<string, ReactNode> {
  return {
    clientId:
      lead.clientId === undefined ? (
        "нет: лид не конвертирован"
      ) : (
        <Link href={`/clients/${lead.clientId}`}>Клиент № {lead.clientId}</Link>
      ),
    denialReasonId: lead.denial
      ? `№ ${lead.denial.reason.id}: ${lead.denial.reason.title}`
      : lead.denialReasonId === undefined
        ? "нет"
        : `№ ${lead.denialReasonId}`,
    managerId: lead.manager
      ? `${lead.manager.login} (№ ${lead.manager.id})`
      : lead.managerId === undefined
        ? "не назначен"
        : `№ ${lead.managerId}`,
  };
}

function LeadEditor({
  lead,
  me,
  notice,
  onNotice,
  onConvert,
  onAction,
}: {
  lead: StoredLead;
  me: Me;
  notice: string | null;
  onNotice: (notice: string | null) => void;
  onConvert: () => void;
  onAction: (action: LifecycleAction) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => toFormValues(lead));
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formGeneration, setFormGeneration] = useState(0);
  // Only a NEW lead is edited: converted, denied and withdrawn ones are read-only until reopened.
  const readOnly = lead.status !== "NEW";
  const serverOwned = useMemo(() => serverOwnedValues(lead), [lead]);

  const checked = useMemo(() => toLeadBody(values), [values]);
  const warnings = useMemo(
    () => toErrors(checked.ok ? identifierProblems(checked.body) : lead.warnings),
    [checked, lead.warnings],
  );

  const update = useMutation(
    trpc.lead.update.mutationOptions({
      onSuccess: async () => {
        onNotice("Изменения сохранены");
        await queryClient.invalidateQueries({ queryKey: trpc.lead.pathKey() });
      },
      onError: (error) => setErrors(toErrors(issuesOf(error))),
    }),
  );

  useLeaveGuard(dirty);

  const api: FormApi = {
    values,
    errors,
    warnings,
    readOnly,
    serverOwned,
    set: (path: Path, value: FormValue | undefined) => {
      setValues((current) => setIn(current, path, value));
      setDirty(true);
      onNotice(null);
      const key = pathKey(path);
      if (errors[key]) setErrors(({ [key]: _fixed, ...rest }) => rest);
    },
  };

  const save = () => {
    if (readOnly || update.isPending) return;
    onNotice(null);
    const body = bodyToSend(values, setErrors);
    if (body === null) return;
    update.mutate({ ...body, id: lead.id });
  };

  const discard = () => {
    setValues(toFormValues(lead));
    setErrors({});
    setDirty(false);
    setFormGeneration((generation) => generation + 1);
  };

  const errorCount = Object.keys(errors).length;

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Ctrl+S is caught as it bubbles up from the fields inside; the wrapper itself takes no input
    <div className="lead-page" onKeyDown={savesOnCtrlS(save)}>
      <div className="page-head sticky">
        <div>
          <p className="breadcrumbs">
            <Link href="/leads">← Лиды</Link>
          </p>
          <h1>
            Лид № {lead.id} <StatusBadge status={lead.status} />
          </h1>
          <p className="muted">
            {fullName(lead)} · партнёр:{" "}
            {lead.partner?.name ?? "нет (создан сотрудником или сервисом)"} · создан{" "}
            {formatDateTime(lead.createdAt)} · изменён {formatDateTime(lead.updatedAt)}
          </p>
        </div>
        {readOnly ? null : (
          <div className="actions">
            {dirty ? (
              <button type="button" className="button button-quiet" onClick={discard}>
                Отменить изменения
              </button>
            ) : null}
            <button
              type="submit"
              form="lead-form"
              className="button button-primary"
              disabled={!dirty || update.isPending}
              title="Ctrl+S"
            >
              {update.isPending ? "Сохраняем…" : "Сохранить"}
            </button>
            <button
              type="button"
              className="button"
              onClick={onConvert}
              disabled={dirty}
              title={
                dirty
                  ? "Сначала сохраните или отмените изменения"
                  : "Показать, к какому клиенту попадёт заявка"
              }
            >
              Конвертировать…
            </button>
          </div>
        )}
      </div>

      {lead.conversion ? (
        <div className="notice notice-info" role="status">
          <strong>Лид конвертирован</strong> {formatDateTime(lead.conversion.convertedAt)}:{" "}
          {OUTCOME_RU[lead.conversion.outcome]}.{" "}
          <Link href={`/clients/${lead.conversion.clientId}`}>
            Клиент № {lead.conversion.clientId}
          </Link>
          , заявка № {lead.conversion.applicationId}. Изменить конвертированный лид нельзя.
        </div>
      ) : null}
      {notice ? (
        <div className="notice notice-success" role="status">
          {notice}
        </div>
      ) : null}
      <RepeatNotice lead={lead} disabled={dirty} onNotice={onNotice} />
      <LifecyclePanel lead={lead} me={me} dirty={dirty} onAction={onAction} onNotice={onNotice} />
      <ConsentPanel lead={lead} dirty={dirty} onNotice={onNotice} />
      {update.isError && errorCount === 0 ? (
        <ApiErrorMessage error={update.error} title="Не сохранено" />
      ) : null}

      <FormIssues errors={errors} warnings={warnings} refused="Не сохранено" />

      <div className="lead-layout">
        <SectionNav />

        <div className="lead-main">
          <form
            id="lead-form"
            key={formGeneration}
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              save();
            }}
          >
            <LeadFormProvider api={api}>
              <fieldset className="plain" disabled={readOnly}>
                <legend className="visually-hidden">Данные лида</legend>
                <LeadSections />
              </fieldset>
            </LeadFormProvider>
          </form>
          <LeadHistory id={lead.id} manager={lead.manager} admin={me.role === "admin"} />
          <AccessRecord of={{ leadId: lead.id }} admin={me.role === "admin"} />
        </div>
      </div>
    </div>
  );
}
