// The embedded database's admission queue (admission.ts): a few requests at a time, in the order
// they arrived; none on PostgreSQL.
import { describe, expect, it } from "vitest";
import { admissionQueue } from "../src/admission.ts";

/** `count` requests arriving one after the other, each taking a few turns of the event loop. */
async function arrive(run: (work: () => Promise<void>) => Promise<void>, count: number) {
  const started: number[] = [];
  let inFlight = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: count }, (_, n) =>
      run(async () => {
        started.push(n);
        most = Math.max(most, ++inFlight);
        for (let turn = 0; turn < 3 + (n % 4); turn++) await new Promise(setImmediate);
        inFlight--;
      }),
    ),
  );
  return { started, most };
}

describe("the embedded database's admission queue", () => {
  it("runs at most its concurrency at once, starting each request in arrival order", async () => {
    const queue = admissionQueue("embedded", 4)!;
    const { started, most } = await arrive((work) => queue(work), 40);
    expect(most).toBe(4);
    expect(started).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it("with a concurrency of 1, runs one request at a time", async () => {
    const queue = admissionQueue("embedded", 1)!;
    expect((await arrive((work) => queue(work), 10)).most).toBe(1);
  });

  it("does not exist on PostgreSQL: every request runs at once, on the pool", async () => {
    expect(admissionQueue("postgresql", 4)).toBeNull();
  });
});
