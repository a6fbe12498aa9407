"use client";
import type { RouterOutputs } from "@leadcore/api";
import type { Suspect } from "@leadcore/schema";
// Converting a lead: first what would happen (lead.matchPreview: the client it will join and on
// which fields it matched, or that a new client will be created, or why it cannot be converted),
// then, on confirmation, the conversion itself and its outcome with a link to the client. A lead
// denied or withdrawn meanwhile (by someone else) says so, and the page reloads it.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { fieldTitle, issueRu, OUTCOME_RU } from "../../../../lib/labels.ts";
import { storedBody } from "../../../../lib/lead-form/values.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { FieldName } from "../../../_components/field-name.tsx";
import { SuspectList } from "../../../_components/suspect-list.tsx";
import { inputId } from "./lead-form.tsx";

type StoredLead = RouterOutputs["lead"]["get"];
type ClientSummary = { id: number; fullName: string; passportMasked: string };

function ClientLine({ client }: { client: ClientSummary }) {
  return (
    <p className="client-line">
      <strong>Клиент № {client.id}</strong> — {client.fullName}, паспорт{" "}
      <span className="mono">{client.passportMasked}</span>
    </p>
  );
}

/** Near misses beyond the exact rule: shown, never applied (the rule alone decides). */
function Suspects({ suspects }: { suspects: Suspect[] }) {
  if (suspects.length === 0) return null;
  return (
    <div className="notice notice-warning">
      <strong>Возможно, это уже наш клиент ({suspects.length}).</strong> Правило их не объединит:
      проверьте, не тот ли это человек. Объединить клиентов можно на странице клиента.
      <SuspectList suspects={suspects} />
    </div>
  );
}

/** Suspects, and the same-passport clients that are not among them (each client listed once). */
function NearMisses({
  samePassport,
  suspects,
}: {
  samePassport: ClientSummary[];
  suspects: Suspect[];
}) {
  const suspected = new Set(suspects.map((suspect) => suspect.client.id));
  return (
    <>
      <Suspects suspects={suspects} />
      <SamePassport clients={samePassport.filter((client) => !suspected.has(client.id))} />
    </>
  );
}

function SamePassport({ clients }: { clients: ClientSummary[] }) {
  if (clients.length === 0) return null;
  return (
    <div className="notice notice-warning">
      <strong>С тем же паспортом есть клиенты с другими ФИО.</strong> По правилу это другие люди, но
      проверьте данные лида:
      <ul>
        {clients.map((client) => (
          <li key={client.id}>
            <Link href={`/clients/${client.id}`} target="_blank">
              Клиент № {client.id}
            </Link>{" "}
            — {client.fullName}, паспорт <span className="mono">{client.passportMasked}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ConvertDialog({
  lead,
  open,
  onClose,
}: {
  lead: StoredLead;
  open: boolean;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const preview = useQuery({
    ...trpc.lead.matchPreview.queryOptions({ id: lead.id }),
    enabled: open,
    staleTime: 0,
    gcTime: 0,
  });
  const convert = useMutation(
    trpc.lead.convertWithOutcome.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.lead.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.client.pathKey() }),
        ]);
      },
    }),
  );

  const closed = preview.data?.status === "CLOSED";
  useEffect(() => {
    if (closed) void queryClient.invalidateQueries({ queryKey: trpc.lead.get.queryKey() });
  }, [closed, queryClient, trpc]);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  const close = () => {
    if (!convert.isSuccess) convert.reset();
    onClose();
  };

  const goToField = (path: string) => {
    close();
    requestAnimationFrame(() => {
      const target = document.getElementById(inputId(path));
      target?.closest("details")?.setAttribute("open", "");
      target?.scrollIntoView({ block: "center" });
      target?.focus({ preventScroll: true });
    });
  };

  // The conversion's own answer, not the lead read again: it is there as soon as the call returns.
  const outcome = convert.data ?? null;
  const canConfirm =
    preview.data?.status === "WILL_MATCH" || preview.data?.status === "WILL_CREATE";

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="convert-title" onClose={close}>
      <h2 id="convert-title">Конвертация лида № {lead.id}</h2>

      {outcome ? (
        <div className="stack" role="status">
          <p className="lead-in">
            Готово: {OUTCOME_RU[outcome.outcome]}, заявка № {outcome.applicationId}.
          </p>
          <div className="dialog-actions">
            <Link
              className="button button-primary"
              href={`/clients/${outcome.clientId}`}
              autoFocus
              onClick={onClose}
            >
              Открыть клиента № {outcome.clientId}
            </Link>
            <button type="button" className="button button-quiet" onClick={close}>
              Закрыть
            </button>
          </div>
        </div>
      ) : (
        <div className="stack">
          {preview.isPending && open ? (
            <p className="muted">Ищем клиента с такими ФИО и паспортом…</p>
          ) : null}
          {preview.isError ? (
            <ApiErrorMessage error={preview.error} title="Проверка не удалась" />
          ) : null}
          {preview.data?.status === "WILL_MATCH" ? (
            <>
              <p className="lead-in">Заявка будет добавлена существующему клиенту:</p>
              {/* Operators always get the client; the field is optional only for partner keys. */}
              {preview.data.client ? <ClientLine client={preview.data.client} /> : null}
              <p>
                Совпали:{" "}
                {preview.data.matchedOn.map((path) => fieldTitle(path).toLowerCase()).join(", ")}{" "}
                <span className="muted small">({preview.data.matchedOn.join(", ")})</span>.
              </p>
              <NearMisses
                samePassport={preview.data.samePassportOtherName ?? []}
                suspects={preview.data.suspects ?? []}
              />
            </>
          ) : null}
          {preview.data?.status === "WILL_CREATE" ? (
            <>
              <p className="lead-in">
                Клиента с такими ФИО и паспортом нет: будет создан новый клиент.
              </p>
              <NearMisses
                samePassport={preview.data.samePassportOtherName ?? []}
                suspects={preview.data.suspects ?? []}
              />
            </>
          ) : null}
          {preview.data?.status === "CANNOT_CONVERT" ? (
            <div className="notice notice-error">
              <strong>Лид нельзя конвертировать:</strong>
              <ul className="issue-list">
                {preview.data.problems.map((problem) => (
                  <li key={problem.path}>
                    <a
                      href={`#${inputId(problem.path)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        goToField(problem.path);
                      }}
                    >
                      {fieldTitle(problem.path)}
                    </a>{" "}
                    <FieldName path={problem.path} />: {issueRu(problem)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {preview.data?.status === "CLOSED" ? (
            <div className="notice notice-warning">
              <strong>
                {preview.data.leadStatus === "DENIED" ? "По лиду отказано" : "Лид отозван"}:
              </strong>{" "}
              конвертировать его нельзя, пока администратор не откроет его заново.
            </div>
          ) : null}
          {preview.data?.status === "ALREADY_CONVERTED" ? (
            <>
              <p className="lead-in">Лид уже конвертирован: {OUTCOME_RU[preview.data.outcome]}.</p>
              <ClientLine client={preview.data.client} />
            </>
          ) : null}
          {convert.isError ? (
            <ApiErrorMessage error={convert.error} title="Не конвертирован" />
          ) : null}

          <div className="dialog-actions">
            {canConfirm ? (
              <button
                type="button"
                className="button button-primary"
                // biome-ignore lint/a11y/noAutofocus: the modal dialog's one action, shown once the preview allows it; focus moves into the dialog, onto it
                autoFocus
                disabled={convert.isPending}
                onClick={() => convert.mutate(storedBody(lead))}
              >
                {convert.isPending ? "Конвертируем…" : "Конвертировать"}
              </button>
            ) : null}
            <button type="button" className="button button-quiet" onClick={close}>
              {canConfirm ? "Отмена" : "Закрыть"}
            </button>
          </div>
        </div>
      )}
    </dialog>
  );
}
