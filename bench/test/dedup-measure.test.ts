import { describe, expect, it } from "vitest";
import {
  type CaseOutcome,
  curve,
  exactRule,
  quantile,
  suspicion,
  wrongSuspects,
} from "../src/dedup/measure.ts";

const outcome = (o: Partial<CaseOutcome> & Pick<CaseOutcome, "kind">): CaseOutcome => ({
  personId: 1,
  outcome: "CREATED_NEW_CLIENT",
  clientPersonId: 1,
  suspects: [],
  previewMs: 1,
  ...o,
});

describe("dedup figures", () => {
  it("counts a lead that joined another person's client as a false merge", () => {
    const figures = exactRule([
      outcome({ kind: "yo", outcome: "MATCHED_EXISTING_CLIENT" }),
      outcome({ kind: "namesake", personId: 7, outcome: "MATCHED_EXISTING_CLIENT" }),
      outcome({ kind: "typo" }),
    ]);
    expect(figures).toMatchObject({ exactAttached: 1, exactCases: 1, falseMerges: 1 });
  });

  it("finds recall in suspicion kinds and precision over every suspect shown", () => {
    const outcomes = [
      outcome({ kind: "typo", suspects: [{ personId: 1, score: 0.75, reasons: ["NAME_TYPO"] }] }),
      outcome({ kind: "typo", suspects: [{ personId: 1, score: 0.3, reasons: ["SAME_PHONE"] }] }),
      outcome({
        kind: "twin",
        personId: 9,
        suspects: [{ personId: 2, score: 0.8, reasons: ["SWAPPED_NAMES"] }],
      }),
    ];
    const all = suspicion(outcomes, 0.6).find((row) => row.kind === "all")!;
    expect(all).toMatchObject({ recall: 0.5, truePositives: 1, falsePositives: 1, flagged: 1 });
    expect(all.precision).toBe(0.5);
    expect(wrongSuspects(outcomes, 0.6)).toEqual([
      { kind: "twin", score: 0.8, reasons: ["SWAPPED_NAMES"] },
    ]);
    const low = curve(outcomes).find((point) => point.threshold === 0.3)!;
    expect(low).toEqual({ threshold: 0.3, precision: 2 / 3, recall: 1 });
  });

  it("takes quantiles by nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([quantile(values, 0.5), quantile(values, 0.99)]).toEqual([50, 99]);
  });
});
