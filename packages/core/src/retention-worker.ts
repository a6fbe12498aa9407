// The retention job of a server process and its setting (152-FZ: personal data of a lead that
// never became a client is kept only as long as its purpose lasts). A job on the job engine runs
// one retention pass and schedules the next; the queue's policy keeps one waiting and one running
// across every instance on one PostgreSQL.
import type { Database, JobWorkers } from "@leadcore/db";
import { enqueueInTransaction, SettingError, startJobWorkers } from "@leadcore/db";
import { z } from "zod";
import { type RetentionSettings, runRetention } from "./lead-depersonalize.ts";

/** How often a pass runs: hourly keeps each lead within an hour of its period's end. */
export const RETENTION_INTERVAL_MS = 3_600_000;
/**
 * Leads one job depersonalizes at most (about 10 s here): a job stays well within its queue's
 * expiry (packages/db job-engine.ts), so a pass a killed server left is fetched again minutes
 * later, not an hour later.
 */
export const RETENTION_BATCH = 1_000;

export const DEFAULT_RETENTION_DAYS = 90;

/** Raised on a bad LEADCORE_RETENTION_DAYS; the message names it and says what is expected. */
export class RetentionSettingError extends SettingError {
  override name = "RetentionSettingError";
}

let processSettings: RetentionSettings | undefined;

/** This process's retention setting, read and checked the first time it is needed. */
export function retentionSettings(): RetentionSettings {
  processSettings ??= readRetentionSettings();
  return processSettings;
}

/** LEADCORE_RETENTION_DAYS: whole days, 0 to 36500; 0 keeps every lead; unset: 90. */
export function readRetentionSettings(
  env: Record<string, string | undefined> = process.env,
): RetentionSettings {
  const given = env.LEADCORE_RETENTION_DAYS;
  if (!given) return { retentionDays: DEFAULT_RETENTION_DAYS };
  const parsed = z.coerce.number().int().min(0).max(36_500).safeParse(given.trim());
  if (!/^\d+$/.test(given.trim()) || !parsed.success)
    throw new RetentionSettingError(
      `LEADCORE_RETENTION_DAYS must be a whole number of days from 0 to 36500 (0 keeps every lead); got "${given}"`,
    );
  return { retentionDays: parsed.data };
}

/** Schedules a retention pass after `delayMs` (none is added while one is already waiting). */
export async function scheduleRetention(database: Database, delayMs = 0): Promise<void> {
  await database.prisma.$transaction((tx) =>
    enqueueInTransaction(
      tx,
      "leadRetention",
      {},
      delayMs > 0 ? { startAfter: new Date(Date.now() + delayMs) } : {},
    ),
  );
}

/** Starts the retention worker and schedules the first pass; with 0 days nothing starts. */
export async function startRetentionWorker(
  database: Database,
  settings: RetentionSettings,
  onError: (error: Error) => void,
): Promise<JobWorkers | null> {
  if (settings.retentionDays <= 0) return null;
  // Scheduled before the workers start, so their first fetch finds it.
  await scheduleRetention(database);
  return startJobWorkers(
    database.jobs,
    {
      leadRetention: async () => {
        const pass = await runRetention(database.prisma, settings, new Date(), {
          maxLeads: RETENTION_BATCH,
        });
        // Leads remain: the next batch at once; else the next pass in an hour.
        await scheduleRetention(database, pass.more ? 0 : RETENTION_INTERVAL_MS);
      },
    },
    { concurrency: 1, pollingIntervalSeconds: 30, onError },
  );
}
