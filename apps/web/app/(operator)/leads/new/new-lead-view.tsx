"use client";
import { identifierProblems } from "@leadcore/schema";
// A lead an operator takes down on a call: the same editor, sections and checks as a stored
// lead's page, sent to lead.create (the server checks it again, the stop-list included). Until
// it is created, leaving asks first; once created, the operator lands on the lead's own page,
// which replaces this one in the history so that Back does not offer an empty form again.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import {
  type FieldErrors,
  type FormObject,
  type FormValue,
  type Path,
  pathKey,
  setIn,
  toLeadBody,
} from "../../../../lib/lead-form/values.ts";
import { issuesOf, useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { afterGuardReleased, useLeaveGuard } from "../../../_components/leave-guard.ts";
import { type FormApi, LeadFormProvider } from "../[id]/lead-form.tsx";
import {
  bodyToSend,
  FormIssues,
  LeadSections,
  SectionNav,
  savesOnCtrlS,
  toErrors,
} from "../[id]/lead-sections.tsx";

// LeadCore's own fields of a lead not yet created, in the words a stored lead's page uses.
const SERVER_OWNED = {
  clientId: "нет: лид не конвертирован",
  denialReasonId: "нет",
  managerId: "не назначен",
};

export function NewLeadView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [values, setValues] = useState<FormObject>({});
  const [dirty, setDirty] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<number | null>(null);

  const checked = useMemo(() => toLeadBody(values), [values]);
  const warnings = useMemo(
    () => toErrors(checked.ok ? identifierProblems(checked.body) : []),
    [checked],
  );

  const create = useMutation(
    trpc.lead.create.mutationOptions({
      onSuccess: async (id) => {
        await queryClient.invalidateQueries({ queryKey: trpc.lead.pathKey() });
        // Clean first, so the move does not ask; the move itself waits for the guard to go.
        setDirty(false);
        setCreated(id);
      },
      onError: (error) => setErrors(toErrors(issuesOf(error))),
    }),
  );
  // Still asks while the create is on its way: the lead is not there until the answer comes.
  useLeaveGuard(dirty);
  useEffect(() => {
    if (created !== null) afterGuardReleased(() => router.replace(`/leads/${created}`));
  }, [created, router]);

  const api: FormApi = {
    values,
    errors,
    warnings,
    readOnly: false,
    serverOwned: SERVER_OWNED,
    set: (path: Path, value: FormValue | undefined) => {
      setValues((current) => setIn(current, path, value));
      setDirty(true);
      const key = pathKey(path);
      if (errors[key]) setErrors(({ [key]: _fixed, ...rest }) => rest);
    },
  };

  const save = () => {
    if (create.isPending || created !== null) return;
    const body = bodyToSend(values, setErrors);
    if (body === null) return;
    create.mutate(body);
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
          <h1>Новый лид</h1>
          <p className="muted">
            Обязательны имя и мобильный телефон; остальное можно дополнить позже.
          </p>
        </div>
        <div className="actions">
          <button
            type="submit"
            form="lead-form"
            className="button button-primary"
            disabled={!dirty || create.isPending || created !== null}
            title="Ctrl+S"
          >
            {create.isPending || created !== null ? "Создаём…" : "Создать лид"}
          </button>
        </div>
      </div>

      {create.isError && errorCount === 0 ? (
        <ApiErrorMessage error={create.error} title="Лид не создан" />
      ) : null}
      <FormIssues errors={errors} warnings={warnings} refused="Лид не создан" />

      <div className="lead-layout">
        <SectionNav history={false} />
        <div className="lead-main">
          <form
            id="lead-form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              save();
            }}
          >
            <LeadFormProvider api={api}>
              <fieldset className="plain">
                <legend className="visually-hidden">Данные лида</legend>
                <LeadSections />
              </fieldset>
            </LeadFormProvider>
          </form>
        </div>
      </div>
    </div>
  );
}
