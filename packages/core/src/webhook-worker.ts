// The webhook workers of a server process, and their settings. Started once per app instance
// (apps/web instrumentation.ts); instances on one PostgreSQL share the jobs through the engine.
import type { Database, JobWorkers } from "@leadcore/db";
import { SettingError, startJobWorkers } from "@leadcore/db";
import { z } from "zod";
import {
  type AttemptJob,
  attemptDelivery,
  DEFAULT_DELIVERY_SETTINGS,
  type DeliverySettings,
} from "./webhook-delivery.ts";

export type WebhookWorkerSettings = DeliverySettings & {
  /** Attempts run at once in this process: a receiver that hangs holds one slot for its timeout. */
  concurrency: number;
  pollingIntervalSeconds: number;
};

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

const settingsSchema = z.object({
  WEBHOOK_ALLOW_PRIVATE_TARGETS: flag.optional(),
  WEBHOOK_TIMEOUT_MS: positiveInt(60_000).optional(),
  WEBHOOK_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, "a comma-separated list of milliseconds, e.g. 0,5000,300000")
    .transform((v) => v.split(",").map(Number))
    .optional(),
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 365)
    .optional(),
  WEBHOOK_CONCURRENCY: positiveInt(100).optional(),
  WEBHOOK_POLL_SECONDS: z.coerce.number().min(0.5).max(60).optional(),
});

/** Raised on a bad WEBHOOK_* setting; the message names it and says what is expected. */
export class WebhookSettingError extends SettingError {
  override name = "WebhookSettingError";
}

let processSettings: WebhookWorkerSettings | undefined;

/** This process's WEBHOOK_* settings, read and checked the first time they are needed. */
export function webhookSettings(): WebhookWorkerSettings {
  processSettings ??= readWebhookSettings();
  return processSettings;
}

/** The WEBHOOK_* settings an environment asks for (README, Configuration); a bad one throws. */
export function readWebhookSettings(
  env: Record<string, string | undefined> = process.env,
): WebhookWorkerSettings {
  const given = Object.fromEntries(
    Object.keys(settingsSchema.shape).flatMap((name) => (env[name] ? [[name, env[name]]] : [])),
  );
  const parsed = settingsSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookSettingError(
      `${String(issue?.path[0])} is not valid: ${issue?.message ?? "bad value"}`,
    );
  }
  const s = parsed.data;
  return {
    allowPrivateTargets:
      s.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? DEFAULT_DELIVERY_SETTINGS.allowPrivateTargets,
    timeoutMs: s.WEBHOOK_TIMEOUT_MS ?? DEFAULT_DELIVERY_SETTINGS.timeoutMs,
    retryDelaysMs: s.WEBHOOK_RETRY_DELAYS_MS ?? DEFAULT_DELIVERY_SETTINGS.retryDelaysMs,
    disableAfterMs:
      s.WEBHOOK_DISABLE_AFTER_HOURS === undefined
        ? DEFAULT_DELIVERY_SETTINGS.disableAfterMs
        : s.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000,
    concurrency: s.WEBHOOK_CONCURRENCY ?? 16,
    pollingIntervalSeconds: s.WEBHOOK_POLL_SECONDS ?? 1,
  };
}

export async function startWebhookWorkers(
  database: Database,
  settings: WebhookWorkerSettings,
  onError: (error: Error) => void,
): Promise<JobWorkers> {
  return startJobWorkers(
    database.jobs,
    {
      webhookAttempt: async (job) => {
        await attemptDelivery(database.prisma, job.data as AttemptJob, settings);
      },
    },
    {
      concurrency: settings.concurrency,
      pollingIntervalSeconds: settings.pollingIntervalSeconds,
      onError,
    },
  );
}
