// The background work of a server runs inside the server process (so `pnpm start` is all a lender
// runs): the webhook workers (several servers on one PostgreSQL share the deliveries) and the
// duplicate scan (new clients compared once; an advisory lock keeps servers from doing a batch
// twice). Both start once the database opens. Their settings were checked by lib/settings.ts; a
// database that cannot be opened yet is retried in the background (the server still serves
// /api/health meanwhile).
import { loggableError, logger } from "@leadcore/api";
import { startDuplicateScanner, startWebhookWorkers, webhookSettings } from "@leadcore/core";
import { getDatabase } from "@leadcore/db";

const RETRY_MS = 10_000;

export async function startBackgroundWorkersOnStart(): Promise<void> {
  const settings = webhookSettings();
  const start = async (): Promise<void> => {
    let scanner: { stop: () => Promise<void> } | undefined;
    try {
      const db = await getDatabase();
      // The scan first: it needs nothing but the database, while the job engine takes seconds to
      // install and start, and new clients should not wait for it to be queued.
      scanner = startDuplicateScanner(db.prisma, {
        onError: (error) =>
          logger.error(
            { event: "duplicates.scan_failed", err: loggableError(error) },
            "duplicate scan failed",
          ),
      });
      const workers = await startWebhookWorkers(db, settings, (error) =>
        logger.error({ event: "jobs.error", err: loggableError(error) }, "job engine error"),
      );
      const running = scanner;
      const stop = () => {
        void workers.stop().catch(() => undefined);
        void running.stop().catch(() => undefined);
      };
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      logger.info(
        { event: "jobs.started", concurrency: settings.concurrency },
        "webhook workers and duplicate scan started",
      );
    } catch (error) {
      // The retry starts both again: the scan started here must not run twice.
      void scanner?.stop().catch(() => undefined);
      logger.error(
        { event: "jobs.start_failed", err: loggableError(error) },
        "background workers did not start; retrying",
      );
      setTimeout(() => void start(), RETRY_MS).unref();
    }
  };
  await start();
}
