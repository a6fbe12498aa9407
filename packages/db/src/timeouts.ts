// How long LeadCore waits on PostgreSQL before it gives up. Without these bounds a database whose
// network path freezes (no answer, no reset) held every request, health check and sign-in for as
// long as TCP kept the socket open: minutes. With them, a call fails after a few seconds and the
// API answers 503 with Retry-After (availability.ts, isDatabaseUnavailable; packages/api/src/middleware.ts).
//
// Read once per process from the environment with the other database settings (settings.ts) and
// validated: a bad value stops the start with a message naming the setting. The embedded database
// (PGlite) runs in-process and has no network to hang on; these bounds apply to PostgreSQL only.

import { DatabaseSettingError } from "./setting-error.ts";

export type DatabaseTimeouts = {
  /**
   * DATABASE_CONNECT_TIMEOUT_MS: opening a connection (TCP, TLS, authentication) and, the same pg
   * setting, waiting for a free connection from the pool. The benchmark's p99 at 64 clients on a
   * pool of 10 is about 1 s, most of it waiting for a connection: 5 s leaves room for bursts.
   */
  connectMs: number;
  /**
   * DATABASE_STATEMENT_TIMEOUT_MS: PostgreSQL's own statement_timeout. A live but overloaded server
   * (or a statement stuck behind a lock) cancels the statement itself: a clean error, and the
   * connection stays usable. LeadCore's statements take milliseconds.
   */
  statementMs: number;
  /**
   * DATABASE_QUERY_TIMEOUT_MS: how long the driver waits for any answer (pg's query_timeout). The
   * one that fires when the network is frozen and PostgreSQL can neither answer nor cancel; the
   * connection is then discarded (see database.ts). Larger than the statement timeout, so a live
   * server always gets to cancel first.
   */
  queryMs: number;
  /**
   * DATABASE_MIGRATION_TIMEOUT_MS: statement and answer bound for migrations (an index build on a
   * large table takes minutes) and for bulk scripts such as the benchmark's seeding.
   */
  migrationMs: number;
};

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 5_000,
  queryMs: 6_000,
  migrationMs: 600_000,
};

const SETTINGS = [
  ["DATABASE_CONNECT_TIMEOUT_MS", "connectMs"],
  ["DATABASE_STATEMENT_TIMEOUT_MS", "statementMs"],
  ["DATABASE_QUERY_TIMEOUT_MS", "queryMs"],
  ["DATABASE_MIGRATION_TIMEOUT_MS", "migrationMs"],
] as const satisfies ReadonlyArray<readonly [string, keyof DatabaseTimeouts]>;

// Below 100 ms even a healthy round trip could fail; above a day it is no bound at all.
const MIN_MS = 100;
const MAX_MS = 86_400_000;

export { DatabaseSettingError };

/** The timeouts an environment asks for; throws DatabaseSettingError naming the bad setting. */
export function readDatabaseTimeouts(env: NodeJS.ProcessEnv = process.env): DatabaseTimeouts {
  const timeouts = { ...DEFAULT_TIMEOUTS };
  for (const [name, field] of SETTINGS) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < MIN_MS || value > MAX_MS) {
      throw new DatabaseSettingError(
        `${name} must be a whole number of milliseconds from ${MIN_MS} to ${MAX_MS}; got "${raw}" (unset it for the default, ${DEFAULT_TIMEOUTS[field]}).`,
      );
    }
    timeouts[field] = value;
  }
  if (timeouts.queryMs <= timeouts.statementMs) {
    throw new DatabaseSettingError(
      `DATABASE_QUERY_TIMEOUT_MS (${timeouts.queryMs}) must be larger than DATABASE_STATEMENT_TIMEOUT_MS (${timeouts.statementMs}): ` +
        "PostgreSQL must get to cancel a slow statement before the driver gives up on the connection.",
    );
  }
  return timeouts;
}
