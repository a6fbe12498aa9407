// The dedup benchmark end to end on a few hundred clients: it still runs through core, the exact
// rule still attaches every exact-kind duplicate and merges no one. Its figures are not asserted
// beyond that (`pnpm bench:dedup` measures them on 10 000 and 1 000 000 clients).
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactRule } from "../src/dedup/measure.ts";
import { runDedup } from "../src/dedup/run.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("the dedup benchmark on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it("attaches every exact-kind duplicate to its client and merges no two people", async () => {
    const { outcomes, skipped } = await runDedup(db.prisma, { seed: 13, clients: 200, perKind: 2 });
    expect(skipped).toBe(0);
    expect(outcomes).toHaveLength(24);
    const figures = exactRule(outcomes);
    expect(figures.falseMerges).toBe(0);
    expect(figures.exactAttached).toBe(figures.exactCases);
    expect(outcomes.every((o) => o.previewMs > 0)).toBe(true);
  }, 60_000);
});
