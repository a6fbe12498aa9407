// Arrival order on the embedded database. PGlite is one connection inside this process: every
// statement of every request queues on it, and a request's statements are several (the key, the
// read, the stop-list gate, the write; a conversion's transaction more), each queued anew behind
// whatever arrived meanwhile. With 64 requests in flight the newest one's statements interleave with
// all the others', so some requests waited 20 times the median (p99 5-6 s against a p50 of
// ~300 ms, `pnpm bench`'s embedded rows). Admitting a few API requests at a time, in the order they
// arrived, lets each admitted request finish in a few statements' time and makes the wait of the
// rest a plain queue: the median barely moves, the tail comes down towards it. Four at a time by
// default: one at a time measured faster still (64 connections, `pnpm bench` embedded rows: update
// 147-178 req/s against 116-122, conversions 79-80 against 66-67), but an admitted request also
// holds its turn while it does work that is not the database's, such as a sign-in's password hash
// (tens of milliseconds, bounded by LEADCORE_SIGNIN_CONCURRENCY), and one at a time would queue
// every partner behind each of those.
//
// PostgreSQL has a pool of connections and its own scheduling: no queue there.
// LEADCORE_EMBEDDED_CONCURRENCY (settings.ts) is how many requests run at once.
import { databaseSettings } from "@leadcore/db";
import pLimit, { type LimitFunction } from "p-limit";
import { apiSettings } from "./settings.ts";

// One queue per process (Next.js may evaluate this module more than once).
const processWide = globalThis as { __leadcoreAdmission?: LimitFunction | null };

/** Runs one API request's work: at once on PostgreSQL, in arrival order on the embedded database. */
export function admitted<T>(work: () => Promise<T>): Promise<T> {
  if (processWide.__leadcoreAdmission === undefined) {
    processWide.__leadcoreAdmission = admissionQueue(
      databaseSettings().url ? "postgresql" : "embedded",
      apiSettings().embeddedConcurrency,
    );
  }
  const queue = processWide.__leadcoreAdmission;
  return queue ? queue(work) : work();
}

/** The queue for a database: none on PostgreSQL; on the embedded one, `concurrency` at a time, first come first served. */
export function admissionQueue(
  kind: "embedded" | "postgresql",
  concurrency: number,
): LimitFunction | null {
  return kind === "postgresql" ? null : pLimit(concurrency);
}
