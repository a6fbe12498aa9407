// The settings of duplicate suspicion (README, Configuration): read and checked once per process.
import { SettingError } from "@leadcore/db";
import { z } from "zod";

export type DuplicateSettings = {
  /** A suspect scoring at least this is shown and queued (chosen from `pnpm bench:dedup`). */
  threshold: number;
  /** A lead of the same person created within this many days is flagged as a repeat. */
  repeatWindowDays: number;
  /** How often the background scan compares new clients with the others. */
  scanIntervalSeconds: number;
};

export const DEFAULT_DUPLICATE_SETTINGS: DuplicateSettings = {
  threshold: 0.6,
  repeatWindowDays: 30,
  scanIntervalSeconds: 5,
};

const settingsSchema = z.object({
  LEADCORE_SUSPICION_THRESHOLD: z.coerce.number().min(0.05).max(1).optional(),
  LEADCORE_REPEAT_WINDOW_DAYS: z.coerce.number().int().min(0).max(3650).optional(),
  LEADCORE_DUPLICATE_SCAN_SECONDS: z.coerce.number().min(0.2).max(3600).optional(),
});

/** Raised on a bad duplicate setting; the message names it, never echoes its value. */
export class DuplicateSettingError extends SettingError {
  override name = "DuplicateSettingError";
}

let processSettings: DuplicateSettings | undefined;

export function duplicateSettings(): DuplicateSettings {
  processSettings ??= readDuplicateSettings();
  return processSettings;
}

export function readDuplicateSettings(
  env: Record<string, string | undefined> = process.env,
): DuplicateSettings {
  const given = Object.fromEntries(
    Object.keys(settingsSchema.shape).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  const parsed = settingsSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DuplicateSettingError(
      `${String(issue?.path[0])} is not valid: ${issue?.message ?? "bad value"}`,
    );
  }
  const s = parsed.data;
  return {
    threshold: s.LEADCORE_SUSPICION_THRESHOLD ?? DEFAULT_DUPLICATE_SETTINGS.threshold,
    repeatWindowDays: s.LEADCORE_REPEAT_WINDOW_DAYS ?? DEFAULT_DUPLICATE_SETTINGS.repeatWindowDays,
    scanIntervalSeconds:
      s.LEADCORE_DUPLICATE_SCAN_SECONDS ?? DEFAULT_DUPLICATE_SETTINGS.scanIntervalSeconds,
  };
}
