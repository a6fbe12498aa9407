"use client";
import type { RouterOutputs } from "@leadcore/api";
// The lead's state on its page and the moves it allows there (core lead-lifecycle.ts): a NEW lead
// is taken, assigned (admins), denied or withdrawn (on the partner's word); a denied or withdrawn
// one says why, by whom and when, and only an admin reopens it. Every move makes a new version of
// the lead, which starts the form afresh: so while the form has unsaved edits the moves wait,
// and say why, instead of dropping the edits.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { ACTOR_KIND_RU, formatDateTime } from "../../../../lib/labels.ts";
import { useTRPC } from "../../../../lib/trpc.tsx";
import { ActionDialog } from "../../../_components/action-dialog.tsx";
import { ApiErrorMessage } from "../../../_components/api-error.tsx";
import { AssignDialog, DenyDialog, type Me, TransitionText } from "../lead-actions.tsx";

type StoredLead = RouterOutputs["lead"]["get"];
export type LifecycleAction = "deny" | "withdraw" | "reopen" | "assign";

const WAIT_FOR_EDITS = "Сначала сохраните или отмените изменения";

/** Who made the lead's last move into its current state, from its history. */
function useClosedBy(lead: StoredLead): string | null {
  const trpc = useTRPC();
  const history = useQuery({
    ...trpc.lead.history.queryOptions({ id: lead.id }),
    enabled: lead.status === "DENIED" || lead.status === "WITHDRAWN",
  });
  const entry = history.data?.findLast((event) => event.kind === lead.status);
  return entry ? `${ACTOR_KIND_RU[entry.actor.kind].toLowerCase()} «${entry.actor.name}»` : null;
}

export function LifecyclePanel({
  lead,
  me,
  dirty,
  onAction,
  onNotice,
}: {
  lead: StoredLead;
  me: Me;
  dirty: boolean;
  onAction: (action: LifecycleAction) => void;
  onNotice: (notice: string | null) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const closedBy = useClosedBy(lead);
  const take = useMutation(
    trpc.lead.take.mutationOptions({
      onSuccess: async (taken) => {
        queryClient.setQueryData(trpc.lead.get.queryKey({ id: lead.id }), taken);
        await queryClient.invalidateQueries({ queryKey: trpc.lead.pathKey() });
        onNotice("Лид взят в работу: он в вашей очереди «Мои лиды».");
      },
    }),
  );
  const admin = me.role === "admin";
  const mine = lead.manager?.login === me.login;

  if (lead.status === "CONVERTED") return null;

  if (lead.status === "DENIED" || lead.status === "WITHDRAWN") {
    const denial = lead.denial;
    const withdrawal = lead.withdrawal;
    const closedAt = denial?.at ?? withdrawal?.at;
    return (
      <section
        className="card state-card state-closed"
        aria-labelledby="state-title"
        id="lead-state"
      >
        <h2 id="state-title">
          {denial
            ? `Отказ: ${denial.reason.title}`
            : `Лид отозван${withdrawal?.reason ? "" : " (причина не указана)"}`}
        </h2>
        <dl className="state-facts">
          {withdrawal?.reason ? <Fact term="Причина отзыва">{withdrawal.reason}</Fact> : null}
          {denial?.comment ? <Fact term="Комментарий">{denial.comment}</Fact> : null}
          {denial?.stopListEntryId ? (
            <Fact term="Запись стоп-листа">№ {denial.stopListEntryId}</Fact>
          ) : null}
          {denial ? (
            <Fact term="Код причины">
              <span className="mono">{denial.reason.code}</span>
            </Fact>
          ) : null}
          <Fact term={denial ? "Отказал" : "Отозвал"}>
            {denial?.stopListEntryId ? "стоп-лист, автоматически" : (closedBy ?? "—")}
          </Fact>
          <Fact term="Когда">{closedAt ? formatDateTime(closedAt) : "—"}</Fact>
        </dl>
        <p className="muted small">
          Лид только для чтения: изменить или конвертировать его нельзя, пока администратор не
          откроет его заново.
        </p>
        {admin ? (
          <div className="actions">
            <button type="button" className="button" onClick={() => onAction("reopen")}>
              Открыть заново…
            </button>
          </div>
        ) : null}
      </section>
    );
  }

  const blocked = dirty || take.isPending;
  const title = dirty ? WAIT_FOR_EDITS : undefined;
  return (
    <section className="card state-card" aria-label="Работа с лидом" id="lead-state">
      <div className="state-line">
        <p>
          <span className="muted">Исполнитель:</span>{" "}
          <strong>
            {lead.manager ? `${lead.manager.login}${mine ? " (вы)" : ""}` : "не назначен"}
          </strong>
        </p>
        <div className="actions">
          {lead.managerId === undefined ? (
            <button
              type="button"
              className="button button-primary"
              disabled={blocked}
              title={title}
              onClick={() => {
                onNotice(null);
                take.mutate({ id: lead.id });
              }}
            >
              {take.isPending ? "Берём…" : "Взять в работу"}
            </button>
          ) : null}
          {admin ? (
            <button
              type="button"
              className="button"
              disabled={blocked}
              title={title}
              onClick={() => onAction("assign")}
            >
              Назначить…
            </button>
          ) : null}
          <button
            type="button"
            className="button button-danger-quiet"
            disabled={blocked}
            title={title}
            onClick={() => onAction("deny")}
          >
            Отказать…
          </button>
          <button
            type="button"
            className="button"
            disabled={blocked}
            title={title}
            onClick={() => onAction("withdraw")}
          >
            Отозвать…
          </button>
        </div>
      </div>
      {dirty ? (
        <p className="muted small">
          {WAIT_FOR_EDITS}: взять, назначить, отказать или отозвать лид можно, когда в форме нет
          несохранённых изменений.
        </p>
      ) : null}
      {take.isError ? <ApiErrorMessage error={take.error} title="Не взят" /> : null}
    </section>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="state-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The dialog of one move; on success the page shows the lead as the move left it. */
export function LifecycleDialog({
  action,
  lead,
  onDone,
  onClose,
}: {
  action: LifecycleAction;
  lead: StoredLead;
  onDone: (notice: string) => void;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const done = (notice: (after: StoredLead) => string) => async (after: StoredLead) => {
    queryClient.setQueryData(trpc.lead.get.queryKey({ id: lead.id }), after);
    await queryClient.invalidateQueries({ queryKey: trpc.lead.pathKey() });
    onDone(notice(after));
  };
  const deny = useMutation(
    trpc.lead.deny.mutationOptions({
      onSuccess: done(
        (after) => `По лиду № ${lead.id} отказано: ${after.denial?.reason.title ?? "причина"}.`,
      ),
    }),
  );
  const withdraw = useMutation(
    trpc.lead.withdraw.mutationOptions({ onSuccess: done(() => `Лид № ${lead.id} отозван.`) }),
  );
  const reopen = useMutation(
    trpc.lead.reopen.mutationOptions({
      onSuccess: done(
        () => `Лид № ${lead.id} открыт заново: его снова можно изменять и конвертировать.`,
      ),
    }),
  );
  const assign = useMutation(
    trpc.lead.assign.mutationOptions({
      onSuccess: done((after) =>
        after.manager
          ? `Лид № ${lead.id} назначен оператору «${after.manager.login}».`
          : `С лида № ${lead.id} снято назначение.`,
      ),
    }),
  );

  switch (action) {
    case "deny":
      return (
        <DenyDialog
          title={`Отказать по лиду № ${lead.id}?`}
          pending={deny.isPending}
          error={deny.error}
          onClose={onClose}
          onConfirm={(denial) => deny.mutate({ id: lead.id, ...denial })}
        >
          <p>Лид станет только для чтения; открыть его заново сможет администратор.</p>
        </DenyDialog>
      );
    case "assign":
      return (
        <AssignDialog
          title={`Назначить лид № ${lead.id}`}
          current={lead.manager?.login}
          pending={assign.isPending}
          error={assign.error}
          onClose={onClose}
          onConfirm={(login) => assign.mutate({ id: lead.id, login })}
        />
      );
    case "withdraw":
      return (
        <ActionDialog
          title={`Отозвать лид № ${lead.id}?`}
          confirmLabel="Отозвать"
          danger
          pending={withdraw.isPending}
          error={withdraw.error}
          onClose={onClose}
          onConfirm={() => {
            const reason = text.trim();
            withdraw.mutate({ id: lead.id, ...(reason ? { reason } : {}) });
          }}
        >
          <p>
            Отзывайте лид, только если об этом попросил партнёр
            {lead.partner ? ` «${lead.partner.name}»` : ""}: например, покупатель отказался от
            покупки. Лид станет только для чтения.
          </p>
          <TransitionText
            id="withdraw-reason"
            label="Причина со слов партнёра (необязательно)"
            value={text}
            onChange={setText}
            hint="Партнёр видит этот текст в своём лиде"
          />
        </ActionDialog>
      );
    case "reopen":
      return (
        <ActionDialog
          title={`Открыть лид № ${lead.id} заново?`}
          confirmLabel="Открыть заново"
          pending={reopen.isPending}
          error={reopen.error}
          onClose={onClose}
          onConfirm={() => {
            const comment = text.trim();
            if (!comment) return setMissing(true);
            reopen.mutate({ id: lead.id, comment });
          }}
        >
          <p>
            Лид снова станет новым: {lead.denial ? "отказ будет снят" : "отзыв будет снят"}, его
            можно будет изменять и конвертировать. Запись об этом останется в истории.
          </p>
          <TransitionText
            id="reopen-comment"
            label="Почему лид открывается заново"
            value={text}
            onChange={(value) => {
              setText(value);
              setMissing(false);
            }}
            error={missing ? "Напишите, почему лид открывается заново" : undefined}
          />
        </ActionDialog>
      );
  }
}
