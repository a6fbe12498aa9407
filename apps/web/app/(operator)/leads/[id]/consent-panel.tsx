"use client";
import type { RouterOutputs } from "@leadcore/api";
// The borrower's consents in force on a lead (the contract's `consents`), each with «Отозвать…»:
// the borrower withdrew it by phone or in writing. The dialog says what follows before it is
// done — withdrawing the personal-data consent destroys the data of a lead that is not a
// client's, at once and for good (lead.withdrawConsent; core lead-consents.ts).
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { CONSENT_CHANNEL_RU, CONSENT_KIND_RU, formatDateTime } from "../../../../lib/labels.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ActionDialog } from "../../../_components/action-dialog.tsx";

type StoredLead = RouterOutputs["lead"]["get"];
type Consent = NonNullable<StoredLead["consents"]>[number];
type Answer = RouterOutputs["lead"]["withdrawConsent"];

function outcomeText(answer: Answer): string {
  if (answer.erased) return "Согласие отозвано. Персональные данные лида уничтожены.";
  if (answer.keptBecause === "CONVERTED_TO_CLIENT")
    return "Согласие отозвано. Данные сохранены: лид стал заявкой клиента, а кредитор обязан хранить данные договора.";
  return "Согласие отозвано.";
}

function consequence(consent: Consent, lead: StoredLead): string {
  if (consent.kind !== "PERSONAL_DATA") return "Отзыв запишется в лиде; данные лида не изменятся.";
  if (lead.status === "CONVERTED")
    return "Лид стал заявкой клиента: кредитор обязан хранить данные договора, поэтому данные останутся, а отзыв запишется.";
  return "Персональные данные лида (ФИО, паспорт, телефоны, адреса, ИНН, СНИЛС, карта, родственники) будут уничтожены сразу, лид станет отозванным. Отменить это нельзя.";
}

export function ConsentPanel({
  lead,
  dirty,
  onNotice,
}: {
  lead: StoredLead;
  dirty: boolean;
  onNotice: (text: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Consent | null>(null);
  const withdraw = useMutation(
    trpc.lead.withdrawConsent.mutationOptions({
      onSuccess: async (answer) => {
        setPending(null);
        onNotice(outcomeText(answer));
        await queryClient.invalidateQueries({ queryKey: trpc.lead.pathKey() });
      },
    }),
  );
  const inForce = (lead.consents ?? []).filter((consent) => !consent.withdrawnAt);
  if (inForce.length === 0) return null;
  return (
    <section className="card consent-panel" aria-labelledby="consents-title">
      <h2 id="consents-title">Действующие согласия</h2>
      <ul className="consent-list">
        {inForce.map((consent) => (
          <li
            className="consent-item"
            key={`${consent.kind}-${consent.textVersion}-${consent.givenAt}`}
          >
            <span>
              <strong>{CONSENT_KIND_RU[consent.kind]}</strong>, версия {consent.textVersion}, дано{" "}
              {formatDateTime(consent.givenAt)} ({CONSENT_CHANNEL_RU[consent.channel].toLowerCase()}
              )
            </span>
            <button
              type="button"
              className="button button-small button-danger-quiet"
              disabled={dirty}
              title={dirty ? "Сначала сохраните или отмените изменения" : undefined}
              onClick={() => {
                withdraw.reset();
                setPending(consent);
              }}
            >
              Отозвать…
            </button>
          </li>
        ))}
      </ul>
      {pending ? (
        <ActionDialog
          title={`Отозвать согласие: ${CONSENT_KIND_RU[pending.kind].toLowerCase()}?`}
          confirmLabel="Отозвать согласие"
          danger
          pending={withdraw.isPending}
          error={withdraw.error}
          onClose={() => setPending(null)}
          onConfirm={() => withdraw.mutate({ id: lead.id, kind: pending.kind })}
        >
          <p>{consequence(pending, lead)}</p>
        </ActionDialog>
      ) : null}
    </section>
  );
}
