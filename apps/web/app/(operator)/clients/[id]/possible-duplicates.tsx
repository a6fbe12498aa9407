"use client";
// A client's possible duplicates (duplicate.ofClient): clients that are probably the same person,
// best first, with how likely and why. An operator who knows they are two people says so, and the
// pair is never suggested again; one who knows they are one merges them (the merge panel).
import type { Suspect } from "@leadcore/schema";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { SuspectList } from "../../../_components/suspect-list.tsx";

export function PossibleDuplicates({ clientId }: { clientId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const suspects = useQuery(trpc.duplicate.ofClient.queryOptions({ id: clientId }));
  const notSame = useMutation(
    trpc.duplicate.notSamePerson.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.duplicate.pathKey() }),
    }),
  );

  if (suspects.isPending) return null;
  if (suspects.isError)
    return <ApiErrorMessage error={suspects.error} title="Возможные дубликаты не загружены" />;
  if (suspects.data.length === 0) return null;

  return (
    <section className="card" aria-labelledby="duplicates-title">
      <h2 id="duplicates-title">Возможные дубликаты ({suspects.data.length})</h2>
      <p className="muted small">
        Похожие клиенты, которых правило (ФИО и паспорт) не объединяет. Если это один человек,
        объедините клиентов; если разные — отметьте, и пара больше не будет предлагаться.
      </p>
      {notSame.isError ? <ApiErrorMessage error={notSame.error} title="Не отмечено" /> : null}
      <SuspectList
        suspects={suspects.data}
        action={(suspect: Suspect) => (
          <button
            type="button"
            className="button button-quiet"
            disabled={notSame.isPending}
            onClick={() => notSame.mutate({ clientId, otherClientId: suspect.client.id })}
          >
            Разные люди
          </button>
        )}
      />
    </section>
  );
}
