// The dedup run's Markdown: what the README's "Dedup benchmark" section quotes.
import type { ExactRuleRow, SuspicionRow } from "./measure.ts";

export type DedupReport = {
  title: string;
  header: string[];
  exactRule: {
    rows: ExactRuleRow[];
    exactAttached: number;
    exactCases: number;
    falseMerges: number;
  };
  threshold: number;
  suspicion: SuspicionRow[];
  wrongSuspects: { kind: string; score: number; reasons: string[] }[];
  curve: { threshold: number; precision: number | null; recall: number | null }[];
  latency: { previews: number; p50: number; p99: number; max: number };
  verdicts: { target: string; met: boolean; measured: string }[];
};

const ratio = (value: number | null) => (value === null ? "–" : value.toFixed(3));
const table = (head: string[], rows: (string | number)[][]) =>
  [
    `| ${head.join(" | ")} |`,
    `|${head.map(() => " --- ").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");

export function dedupMarkdown(report: DedupReport): string {
  const { exactRule, suspicion, latency } = report;
  return [
    `# ${report.title}`,
    "",
    ...report.header.map((line) => `${line}  `),
    "",
    "## Targets",
    "",
    table(
      ["target", "measured", "met"],
      report.verdicts.map((v) => [v.target, v.measured, v.met ? "yes" : "**no**"]),
    ),
    "",
    "## The exact rule (conversions)",
    "",
    `Exact-kind duplicates attached to their own client: **${exactRule.exactAttached} / ${exactRule.exactCases}**. ` +
      `False merges (a lead joined another person's client): **${exactRule.falseMerges}**.`,
    "",
    table(
      ["kind", "cases", "joined own client", "new client", "false merges"],
      exactRule.rows.map((r) => [r.kind, r.cases, r.attached, r.created, r.falseMerges]),
    ),
    "",
    `## Suspicion at the default threshold (${report.threshold})`,
    "",
    "Recall: cases whose own client was suspected (suspicion kinds only; an exact kind's client is " +
      "the match itself, a hard negative has no one to find). Precision: right suspects / all suspects " +
      "shown. Flagged: cases with at least one wrong suspect.",
    "",
    table(
      [
        "kind",
        "cases",
        "recall",
        "found",
        "right suspects",
        "wrong suspects",
        "precision",
        "flagged",
      ],
      suspicion.map((r) => [
        r.kind === "all" ? "**all**" : r.kind,
        r.cases,
        ratio(r.recall),
        r.recall === null ? "–" : r.found,
        r.truePositives,
        r.falsePositives,
        ratio(r.precision),
        r.flagged,
      ]),
    ),
    "",
    `Wrong suspects shown (the case's kind, the suspect's score and reasons)${report.wrongSuspects.length > 20 ? ", the first 20" : ""}:`,
    "",
    report.wrongSuspects.length === 0
      ? "none."
      : table(
          ["case kind", "score", "reasons"],
          report.wrongSuspects
            .slice(0, 20)
            .map((w) => [w.kind, w.score.toFixed(3), w.reasons.join(", ")]),
        ),
    "",
    "## Precision and recall over thresholds (all cases)",
    "",
    table(
      ["threshold", "precision", "recall"],
      report.curve.map((p) => [p.threshold.toFixed(2), ratio(p.precision), ratio(p.recall)]),
    ),
    "",
    "## Preview latency",
    "",
    `previewMatch as an operator (the exact match and the suspects), ${latency.previews} previews, one at a time: ` +
      `p50 **${latency.p50.toFixed(1)} ms**, p99 **${latency.p99.toFixed(1)} ms**, max ${latency.max.toFixed(1)} ms.`,
  ].join("\n");
}
