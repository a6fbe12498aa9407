"use client";
import type { RouterOutputs } from "@leadcore/api";
// Contact changes a partner could only propose: its lead matched a client that never came through
// that partner (packages/core/src/conversion.ts), so the client kept its contacts. The operator
// checks the new values with the person and accepts them (the client takes them) or rejects them;
// either way the decision stays in the contact history.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { fieldValueText } from "../../../../lib/display.ts";
import { fieldLabel, formatDateTime } from "../../../../lib/labels.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { FieldName } from "../../../_components/field-name.tsx";

type ClientView = RouterOutputs["client"]["get"];
type HistoryEntry = ClientView["history"][number];
/** One lead's proposed fields: there is never a proposal of none. */
type ProposalEntries = [HistoryEntry, ...HistoryEntry[]];

// The client's fields a proposal can name (the contact fields a conversion refreshes).
const CONTACT_FIELDS = [
  "mobilePhone",
  "email",
  "addressData",
  "registrationAddressData",
  "employerTitle",
  "employerInn",
  "meanIncome",
] as const satisfies readonly (keyof ClientView)[];

function currentValue(client: ClientView, field: string): unknown {
  const known = CONTACT_FIELDS.find((name) => name === field);
  return known ? client[known] : undefined;
}

export function ContactProposals({ client }: { client: ClientView }) {
  // One proposal = the fields one lead's conversion proposed; they are decided together.
  const byLead = new Map<number, ProposalEntries>();
  for (const entry of client.history) {
    if (entry.status !== "PROPOSED" || entry.leadId === null) continue;
    const earlier = byLead.get(entry.leadId);
    byLead.set(entry.leadId, earlier ? [...earlier, entry] : [entry]);
  }
  if (byLead.size === 0) return null;

  return (
    <section className="card proposals" aria-labelledby="proposals-title">
      <h2 id="proposals-title">Предложенные изменения контактов ({byLead.size})</h2>
      <p className="notice notice-warning">
        Эти данные прислал партнёр, через которого клиент раньше не приходил, поэтому они не
        применены. Убедитесь, что они принадлежат клиенту (например, позвоните по текущему номеру),
        и примите или отклоните их.
      </p>
      {[...byLead].map(([leadId, entries]) => (
        <Proposal key={leadId} client={client} leadId={leadId} entries={entries} />
      ))}
    </section>
  );
}

function Proposal({
  client,
  leadId,
  entries,
}: {
  client: ClientView;
  leadId: number;
  entries: ProposalEntries;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Both procedures answer with the client as it now is.
  const onSuccess = (view: ClientView) =>
    queryClient.setQueryData(trpc.client.get.queryKey({ id: client.id }), view);
  const accept = useMutation(trpc.client.acceptContactProposal.mutationOptions({ onSuccess }));
  const reject = useMutation(trpc.client.rejectContactProposal.mutationOptions({ onSuccess }));
  const busy = accept.isPending || reject.isPending;
  const failure = accept.error ?? reject.error;
  const [first] = entries;
  const titleId = `proposal-${leadId}-title`;

  return (
    // A fieldset: the proposal's two buttons decide its fields together.
    <fieldset className="proposal" aria-labelledby={titleId}>
      <h3 id={titleId}>
        <Link href={`/leads/${leadId}`}>Лид № {leadId}</Link>
        {first.partner ? <> от партнёра «{first.partner.name}»</> : null}
        <span className="muted small"> · {formatDateTime(first.changedAt)}</span>
      </h3>
      <div className="table-wrap">
        <table className="table proposal-table">
          <thead>
            <tr>
              <th scope="col">Поле</th>
              <th scope="col">Сейчас у клиента</th>
              <th scope="col">Предложено</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.field}>
                <td data-label="Поле">
                  {/* One element, so the label and its API name stay together in the phone layout's grid. */}
                  <span>
                    {fieldLabel(entry.field) ?? entry.field} <FieldName path={entry.field} />
                  </span>
                </td>
                <td data-label="Сейчас у клиента">
                  {fieldValueText(entry.field, currentValue(client, entry.field))}
                </td>
                <td data-label="Предложено">
                  <strong>{fieldValueText(entry.field, entry.newValue)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failure ? <ApiErrorMessage error={failure} title="Решение не сохранено" /> : null}
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() => accept.mutate({ clientId: client.id, leadId })}
        >
          {accept.isPending ? "Применяем…" : "Принять и применить"}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => reject.mutate({ clientId: client.id, leadId })}
        >
          {reject.isPending ? "Отклоняем…" : "Отклонить"}
        </button>
      </div>
    </fieldset>
  );
}
