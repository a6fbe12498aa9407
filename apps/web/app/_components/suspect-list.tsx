// Clients that are probably the same person, as a list: the client (a link), the masked passport,
// how likely, and why. Used by the convert preview and the client page; `action` adds a control
// per suspect (the client page's "not the same person").
import type { Suspect } from "@leadcore/schema";
import Link from "next/link";
import type { ReactNode } from "react";
import { reasonsRu, scoreRu } from "../../lib/duplicate-labels.ts";

export function SuspectList({
  suspects,
  action,
}: {
  suspects: Suspect[];
  action?: (suspect: Suspect) => ReactNode;
}) {
  return (
    <ul className="suspect-list">
      {suspects.map((suspect) => (
        <li key={suspect.client.id} className="suspect">
          <div>
            <Link href={`/clients/${suspect.client.id}`}>Клиент № {suspect.client.id}</Link> —{" "}
            {suspect.client.fullName}, паспорт{" "}
            <span className="mono">{suspect.client.passportMasked}</span>
            <div className="muted small">
              Вероятность {scoreRu(suspect.score)}: {reasonsRu(suspect.reasons)}
            </div>
          </div>
          {action ? <div className="suspect-action">{action(suspect)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
