// The database's settings, read from the environment once per process and validated: the server's
// start (apps/web/instrumentation.ts), the CLI and the benchmark read them through here, so a bad
// value stops them with a message naming the setting instead of failing the first call.
//
//   DATABASE_URL       postgresql://user:password@host:5432/db; unset or empty: the embedded database
//   LEADCORE_DATA_DIR  the embedded database's folder; unset: `.data/` at the repository root
//   DATABASE_*_TIMEOUT_MS  PostgreSQL's timeouts (timeouts.ts)
//
// This package has no zod (it sits below the contract's dependencies); the checks are few and
// written out, as timeouts.ts does.
import { DatabaseSettingError } from "./setting-error.ts";
import { type DatabaseTimeouts, readDatabaseTimeouts } from "./timeouts.ts";

export type DatabaseSettings = {
  /** DATABASE_URL: PostgreSQL's address; undefined for the embedded database. */
  url: string | undefined;
  /** LEADCORE_DATA_DIR as given (resolved against the working directory when used, paths.ts). */
  dataDir: string | undefined;
  timeouts: DatabaseTimeouts;
};

/** The settings an environment asks for; throws DatabaseSettingError naming the bad setting. */
export function readDatabaseSettings(env: NodeJS.ProcessEnv = process.env): DatabaseSettings {
  const url = env.DATABASE_URL?.trim() || undefined;
  if (url !== undefined && !isUrlOf(url, ["postgresql:", "postgres:"])) {
    // Never the value: it may hold a password.
    throw new DatabaseSettingError(
      "DATABASE_URL must be a postgresql:// URL, such as postgresql://user:password@host:5432/db " +
        "(its value is not shown; unset it for the embedded database).",
    );
  }
  return {
    url,
    dataDir: env.LEADCORE_DATA_DIR || undefined,
    timeouts: readDatabaseTimeouts(env),
  };
}

/** Whether `text` is a URL with one of `protocols` ("postgresql:"); the settings modules' check. */
export function isUrlOf(text: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

let processSettings: DatabaseSettings | undefined;

/** This process's settings, read from the environment the first time they are needed. */
export function databaseSettings(): DatabaseSettings {
  processSettings ??= readDatabaseSettings();
  return processSettings;
}

/** This process's PostgreSQL timeouts (the settings' `timeouts`). */
export function databaseTimeouts(): DatabaseTimeouts {
  return databaseSettings().timeouts;
}
