// The figures of a dedup run, from what happened to each case (pure: the unit tests feed it
// outcomes by hand). A suspect is right when it is a client of the case's own person; every
// other suspect is a false one. Recall counts the cases of the suspicion kinds whose person was
// suspected; precision counts every suspect of every preview (exact kinds and hard negatives too,
// since an operator reads them all).
import {
  ALL_KINDS,
  type CaseKind,
  EXACT_KINDS,
  NEGATIVE_KINDS,
  SUSPICION_KINDS,
} from "./corruptions.ts";

export type CaseOutcome = {
  kind: CaseKind;
  personId: number;
  /** The conversion: whether it joined an existing client, and whose client that was. */
  outcome: "MATCHED_EXISTING_CLIENT" | "CREATED_NEW_CLIENT";
  clientPersonId: number;
  /** Every suspect of the preview's subject (threshold 0), as the person its client is. */
  suspects: { personId: number; score: number; reasons: string[] }[];
  previewMs: number;
};

export type ExactRuleRow = {
  kind: CaseKind;
  cases: number;
  /** Joined the client of its own person (what the exact kinds must do). */
  attached: number;
  /** Made a new client (what every other kind does by the rule). */
  created: number;
  /** Joined the client of another person. */
  falseMerges: number;
};

export type SuspicionRow = {
  kind: CaseKind | "all";
  cases: number;
  /** Cases whose own person was suspected (null for kinds with no one to find). */
  recall: number | null;
  found: number;
  truePositives: number;
  falsePositives: number;
  precision: number | null;
  /** Cases with at least one wrong suspect. */
  flagged: number;
};

export const CURVE_THRESHOLDS = Array.from(
  { length: 18 },
  (_, i) => Math.round((0.1 + i * 0.05) * 100) / 100,
);

const isExact = (kind: CaseKind) => (EXACT_KINDS as readonly CaseKind[]).includes(kind);
const isSuspicion = (kind: CaseKind) => (SUSPICION_KINDS as readonly CaseKind[]).includes(kind);

export function exactRule(outcomes: CaseOutcome[]): {
  rows: ExactRuleRow[];
  exactAttached: number;
  exactCases: number;
  falseMerges: number;
} {
  const rows = ALL_KINDS.map((kind): ExactRuleRow => {
    const of = outcomes.filter((o) => o.kind === kind);
    const joined = of.filter((o) => o.outcome === "MATCHED_EXISTING_CLIENT");
    return {
      kind,
      cases: of.length,
      attached: joined.filter((o) => o.clientPersonId === o.personId).length,
      created: of.length - joined.length,
      falseMerges: joined.filter((o) => o.clientPersonId !== o.personId).length,
    };
  });
  const exact = rows.filter((row) => isExact(row.kind));
  return {
    rows,
    exactAttached: exact.reduce((n, row) => n + row.attached, 0),
    exactCases: exact.reduce((n, row) => n + row.cases, 0),
    falseMerges: rows.reduce((n, row) => n + row.falseMerges, 0),
  };
}

function suspicionOf(kind: CaseKind | "all", of: CaseOutcome[], threshold: number): SuspicionRow {
  let found = 0;
  let truePositives = 0;
  let falsePositives = 0;
  let flagged = 0;
  let findable = 0;
  for (const o of of) {
    const shown = o.suspects.filter((s) => s.score >= threshold);
    const right = shown.filter((s) => s.personId === o.personId).length;
    truePositives += right;
    falsePositives += shown.length - right;
    if (shown.length > right) flagged++;
    if (isSuspicion(o.kind)) {
      findable++;
      if (right > 0) found++;
    }
  }
  const shown = truePositives + falsePositives;
  return {
    kind,
    cases: of.length,
    recall: findable > 0 ? found / findable : null,
    found,
    truePositives,
    falsePositives,
    precision: shown > 0 ? truePositives / shown : null,
    flagged,
  };
}

/** Per kind and over all cases, at one threshold. */
export function suspicion(outcomes: CaseOutcome[], threshold: number): SuspicionRow[] {
  return [
    ...ALL_KINDS.map((kind) =>
      suspicionOf(
        kind,
        outcomes.filter((o) => o.kind === kind),
        threshold,
      ),
    ),
    suspicionOf("all", outcomes, threshold),
  ];
}

/** Overall precision and recall at each threshold of CURVE_THRESHOLDS. */
export function curve(
  outcomes: CaseOutcome[],
): { threshold: number; precision: number | null; recall: number | null }[] {
  return CURVE_THRESHOLDS.map((threshold) => {
    const all = suspicionOf("all", outcomes, threshold);
    return { threshold, precision: all.precision, recall: all.recall };
  });
}

/** The wrong suspects shown at `threshold`, best first: what lowers precision, and why. */
export function wrongSuspects(
  outcomes: CaseOutcome[],
  threshold: number,
): { kind: CaseKind; score: number; reasons: string[] }[] {
  return outcomes
    .flatMap((o) =>
      o.suspects
        .filter((s) => s.score >= threshold && s.personId !== o.personId)
        .map((s) => ({ kind: o.kind, score: s.score, reasons: s.reasons })),
    )
    .sort((a, b) => b.score - a.score);
}

/** The q-th quantile (0..1) of a list of milliseconds, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const KIND_GROUPS = {
  exact: EXACT_KINDS,
  suspicion: SUSPICION_KINDS,
  negative: NEGATIVE_KINDS,
};
