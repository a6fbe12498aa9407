// The web app's settings, and the check that runs when the server starts (instrumentation.ts): the
// settings of the packages the server runs (the database's, packages/db/src/settings.ts; the API's,
// packages/api/src/settings.ts; the webhook workers', packages/core/src/webhook-worker.ts; duplicate
// suspicion's, packages/core/src/duplicate-settings.ts) and the
// app's own are read and validated once, so a bad value stops
// the start with a message naming it, instead of surfacing later as a 500 or a 503 on every request.
// The HTTP edge's own (PORT, HOST, LEADCORE_TRUST_PROXY) are read before Next.js starts, by
// scripts/edge-settings.mjs.
//
//   LEADCORE_ADMIN_PASSWORD  the first administrator's password on an empty database; unset or
//                            empty: a random one, printed once (first-admin.ts)
import { apiSettings } from "@leadcore/api/settings";
import { duplicateSettings, retentionSettings, webhookSettings } from "@leadcore/core";
import { databaseSettings, SettingError } from "@leadcore/db";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@leadcore/schema";
import { z } from "zod";

export type WebSettings = {
  /** LEADCORE_ADMIN_PASSWORD, as given (a password's spaces are its own), or undefined. */
  adminPassword: string | undefined;
};

const schema = z.object({
  LEADCORE_ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((value) => value || undefined)
    .refine(
      (value) =>
        value === undefined ||
        (value.length >= PASSWORD_MIN_LENGTH && value.length <= PASSWORD_MAX_LENGTH),
      {
        // Never the value, nor its length: it is a password.
        message: `LEADCORE_ADMIN_PASSWORD must have ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters (unset it for a random one, printed once)`,
      },
    ),
});

/** The settings an environment asks for; throws SettingError naming the bad setting. */
export function readWebSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): WebSettings {
  const result = schema.safeParse(env);
  if (!result.success) throw new SettingError(result.error.issues[0]?.message ?? "bad setting");
  return { adminPassword: result.data.LEADCORE_ADMIN_PASSWORD };
}

let processSettings: WebSettings | undefined;

/** This process's settings, read from the environment the first time they are needed. */
export function webSettings(): WebSettings {
  processSettings ??= readWebSettings();
  return processSettings;
}

/** Reads every setting the server runs with; on a bad one, says which and stops the process (exit 2). */
export function checkSettingsOnStart(): void {
  try {
    databaseSettings();
    apiSettings();
    webhookSettings();
    duplicateSettings();
    retentionSettings();
    webSettings();
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    console.error(`LeadCore: ${error.message}`);
    process.exit(2);
  }
}
