"use client";
// A repeat request (duplicate.repeatsOfLead): the same person has another open lead, or one from
// the last days (LEADCORE_REPEAT_WINDOW_DAYS). The operator denies this one with the "repeat
// application" reason in one click, or keeps it (the notice is then put away for this visit; the
// flag itself is recomputed, not stored, so it is there again next time).
import type { RouterOutputs } from "@leadcore/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDateTime, LEAD_STATUS_RU } from "../../../../lib/labels.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";

type StoredLead = RouterOutputs["lead"]["get"];

// The seeded reason a repeat is denied with (migration lead_lifecycle).
const REPEAT_REASON_CODE = "REPEAT_APPLICATION";

export function RepeatNotice({
  lead,
  disabled,
  onNotice,
}: {
  lead: StoredLead;
  /** True while the form has unsaved edits: a denial would lose them. */
  disabled: boolean;
  onNotice: (notice: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kept, setKept] = useState(false);
  const open = lead.status === "NEW";
  const repeats = useQuery({
    ...trpc.duplicate.repeatsOfLead.queryOptions({ id: lead.id }),
    enabled: open,
  });
  const reasons = useQuery({ ...trpc.denialReason.list.queryOptions({}), enabled: open });
  const reason = reasons.data?.find((r) => r.code === REPEAT_REASON_CODE && r.active);
  const deny = useMutation(
    trpc.lead.deny.mutationOptions({
      onSuccess: async (after) => {
        queryClient.setQueryData(trpc.lead.get.queryKey({ id: lead.id }), after);
        await queryClient.invalidateQueries({ queryKey: trpc.lead.pathKey() });
        onNotice(
          `По лиду № ${lead.id} отказано: ${after.denial?.reason.title ?? "повторная заявка"}.`,
        );
      },
    }),
  );

  if (!open || kept || !repeats.data || repeats.data.length === 0) return null;
  return (
    <div className="notice notice-warning" role="status">
      <strong>Повторная заявка:</strong> у этого человека есть другие лиды.
      <ul>
        {repeats.data.map((other) => (
          <li key={other.id}>
            <Link href={`/leads/${other.id}`}>Лид № {other.id}</Link> —{" "}
            {LEAD_STATUS_RU[other.status].toLowerCase()}, создан {formatDateTime(other.createdAt)}{" "}
            <span className="muted small">
              ({other.sameBy === "passport" ? "тот же паспорт" : "тот же телефон, фамилия и имя"})
            </span>
          </li>
        ))}
      </ul>
      {deny.isError ? <ApiErrorMessage error={deny.error} title="Отказ не записан" /> : null}
      <div className="row-actions">
        {reason ? (
          <button
            type="button"
            className="button button-danger"
            disabled={disabled || deny.isPending}
            title={disabled ? "Сначала сохраните или отмените изменения" : undefined}
            onClick={() => deny.mutate({ id: lead.id, reasonId: reason.id })}
          >
            {deny.isPending ? "Отказываем…" : `Отказать: ${reason.title.toLowerCase()}`}
          </button>
        ) : null}
        <button type="button" className="button button-quiet" onClick={() => setKept(true)}>
          Оставить в работе
        </button>
      </div>
    </div>
  );
}
