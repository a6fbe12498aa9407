"use client";
// «Объединить с другим клиентом»: the operator names the other client's number, sees the fields
// where the two differ side by side, picks whose value stays in each (the defaults, this client's
// identity and the newer contact data, come preselected), confirms when the passports differ, and
// merges (client.merge). The other client's applications and leads come here; it remains only as
// a pointer to this client. Nothing typed or chosen is lost: leaving the page with a comparison
// open asks first, and a failed merge keeps every choice for another try.
import type { RouterOutputs } from "@leadcore/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { addressText, displayValue, fieldValueText } from "../../../../lib/display.ts";
import { clientFieldLabel, formatCalendarDate, formatMoney } from "../../../../lib/labels.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { FieldName } from "../../../_components/field-name.tsx";
import { useLeaveGuard } from "../../../_components/leave-guard.ts";

type Preview = RouterOutputs["client"]["mergePreview"];
type FieldDiff = Preview["fields"][number];
type Side = FieldDiff["default"];
type ClientView = RouterOutputs["client"]["get"];

/** A field's value as the operator reads it. */
function shown(field: FieldDiff["field"], value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (field === "addressData" || field === "registrationAddressData")
    return addressText(value) ?? displayValue(value);
  if (field === "birthDate" && typeof value === "string") return formatCalendarDate(value);
  if (field === "meanIncome" && typeof value === "number") return formatMoney(value);
  // Phones in the one format of the workplace (+7 916 123-45-67).
  return fieldValueText(field, value);
}

export function MergePanel({
  clientId,
  onMerged,
}: {
  clientId: number;
  onMerged: (sourceId: number) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inputId = useId();
  const [typed, setTyped] = useState("");
  const [sourceId, setSourceId] = useState<number | null>(null);
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const [confirmed, setConfirmed] = useState(false);
  const [badNumber, setBadNumber] = useState(false);

  const preview = useQuery({
    ...trpc.client.mergePreview.queryOptions({ targetId: clientId, sourceId: sourceId ?? 1 }),
    enabled: sourceId !== null,
    // A comparison is read once: a refetch in the background must not move the operator's table.
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const merge = useMutation(
    trpc.client.merge.mutationOptions({
      onSuccess: (view: ClientView, input) => {
        queryClient.setQueryData(trpc.client.get.queryKey({ id: clientId }), view);
        void queryClient.invalidateQueries({ queryKey: trpc.duplicate.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.client.list.pathKey() });
        queryClient.removeQueries({ queryKey: trpc.client.mergePreview.pathKey() });
        setTyped("");
        setSourceId(null);
        setChoices({});
        setConfirmed(false);
        onMerged(input.sourceId);
      },
    }),
  );
  useLeaveGuard(typed.trim() !== "");

  const compare = (event: FormEvent) => {
    event.preventDefault();
    const number = Number(typed.trim());
    const valid = /^\d{1,15}$/.test(typed.trim()) && Number.isSafeInteger(number) && number > 0;
    setBadNumber(!valid);
    if (!valid) return;
    if (number !== sourceId) {
      setChoices({});
      setConfirmed(false);
    }
    setSourceId(number);
  };

  const data = sourceId !== null && preview.isSuccess ? preview.data : null;
  const choiceOf = (diff: FieldDiff): Side => choices[diff.field] ?? diff.default;
  const canMerge = data !== null && (!data.passportsDiffer || confirmed) && !merge.isPending;

  return (
    <section className="card merge-panel" aria-labelledby="merge-title">
      <h2 id="merge-title">Объединить с другим клиентом</h2>
      <p className="muted small">
        Если другой клиент — этот же человек, его заявки и лиды перейдут сюда, а сам он останется
        только ссылкой на этого клиента. Отменить объединение нельзя.
      </p>
      <form className="merge-find" onSubmit={compare} noValidate>
        <div className="field">
          <label htmlFor={inputId}>
            <span className="field-label">Номер другого клиента</span>
          </label>
          <input
            id={inputId}
            inputMode="numeric"
            autoComplete="off"
            value={typed}
            aria-invalid={badNumber || undefined}
            onChange={(event) => {
              setTyped(event.target.value);
              setBadNumber(false);
            }}
          />
        </div>
        <button type="submit" className="button">
          Сравнить
        </button>
      </form>
      {badNumber ? (
        <p className="field-error" role="alert">
          Номер клиента — целое положительное число
        </p>
      ) : null}
      {sourceId !== null && preview.isPending ? <p className="muted">Сравниваем…</p> : null}
      {sourceId !== null && preview.isError ? (
        <ApiErrorMessage error={preview.error} title={`Клиента № ${sourceId} нельзя объединить`} />
      ) : null}

      {data ? (
        <form
          className="merge-compare"
          onSubmit={(event) => {
            event.preventDefault();
            if (!canMerge) return;
            merge.mutate({
              targetId: clientId,
              sourceId: data.source.id,
              choices: Object.fromEntries(data.fields.map((diff) => [diff.field, choiceOf(diff)])),
              ...(data.passportsDiffer ? { confirmDifferentPassport: true } : {}),
            });
          }}
        >
          <p>
            Клиент № {data.source.id}: {data.source.fullName}, паспорт{" "}
            <span className="mono">{data.source.passportMasked}</span>. Перейдут заявки:{" "}
            {data.applicationsToMove}.
          </p>
          {data.fields.length === 0 ? (
            <p className="muted">Данные клиентов совпадают.</p>
          ) : (
            <div className="table-wrap">
              <table className="table merge-table">
                <thead>
                  <tr>
                    <th scope="col">Поле</th>
                    <th scope="col">Этот клиент (№ {data.target.id})</th>
                    <th scope="col">Клиент № {data.source.id}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.fields.map((diff) => (
                    <tr key={diff.field}>
                      <th scope="row" data-label="Поле">
                        <span>
                          {clientFieldLabel(diff.field)} <FieldName path={diff.field} />
                        </span>
                      </th>
                      {(["target", "source"] as const).map((side) => (
                        <td
                          key={side}
                          data-label={
                            side === "target"
                              ? `Этот клиент (№ ${data.target.id})`
                              : `Клиент № ${data.source.id}`
                          }
                        >
                          <label className="merge-choice">
                            <input
                              type="radio"
                              name={`merge-${diff.field}`}
                              value={side}
                              checked={choiceOf(diff) === side}
                              onChange={() => setChoices({ ...choices, [diff.field]: side })}
                            />
                            <span>{shown(diff.field, diff[side])}</span>
                          </label>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data.passportsDiffer ? (
            <div className="notice notice-warning">
              <p>
                У клиентов разные паспорта. По правилу это разные клиенты; объединяйте, только если
                уверены, что это один человек (например, паспорт заменили в 20 или 45 лет).
              </p>
              <label className="merge-confirm">
                <input
                  type="checkbox"
                  checked={confirmed}
                  onChange={(event) => setConfirmed(event.target.checked)}
                />{" "}
                Я проверил(а): это один человек с другим паспортом
              </label>
            </div>
          ) : null}
          {merge.isError ? <ApiErrorMessage error={merge.error} title="Не объединено" /> : null}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={!canMerge}>
              {merge.isPending ? "Объединяем…" : "Объединить"}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
