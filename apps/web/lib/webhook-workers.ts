// The webhook workers run inside the server process (so `pnpm start` is all a lender runs): they
// start once the database opens, and several servers on one PostgreSQL share the deliveries. Their
// settings were checked by lib/settings.ts; a database that cannot be opened yet is retried in the
// background (the server still serves /api/health meanwhile).
import { loggableError, logger } from "@leadcore/api";
import { startWebhookWorkers, webhookSettings } from "@leadcore/core";
import { getDatabase } from "@leadcore/db";

const RETRY_MS = 10_000;

export async function startWebhookWorkersOnStart(): Promise<void> {
  const settings = webhookSettings();
  const start = async (): Promise<void> => {
    try {
      const db = await getDatabase();
      const workers = await startWebhookWorkers(db, settings, (error) =>
        logger.error({ event: "jobs.error", err: loggableError(error) }, "job engine error"),
      );
      const stop = () => void workers.stop().catch(() => undefined);
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      logger.info(
        { event: "jobs.started", concurrency: settings.concurrency },
        "webhook workers started",
      );
    } catch (error) {
      logger.error(
        { event: "jobs.start_failed", err: loggableError(error) },
        "webhook workers did not start; retrying",
      );
      setTimeout(() => void start(), RETRY_MS).unref();
    }
  };
  await start();
}
