// The background work of a server runs inside the server process (so `pnpm start` is all a lender
// runs): the webhook workers (several servers on one PostgreSQL share the deliveries), the
// retention job (leads that never became clients lose their personal data after
// LEADCORE_RETENTION_DAYS; one pass at a time across servers) and the duplicate scan (new
// clients compared once; an advisory lock keeps servers from doing a batch twice). All start once
// the database opens. Their settings were checked by lib/settings.ts; a
// database that cannot be opened yet is retried in the background (the server still serves
// /api/health meanwhile).
import { loggableError, logger } from "@leadcore/api";
import {
  retentionSettings,
  startDuplicateScanner,
  startRetentionWorker,
  startWebhookWorkers,
  webhookSettings,
} from "@leadcore/core";
import { getDatabase } from "@leadcore/db";

const RETRY_MS = 10_000;

export async function startBackgroundWorkersOnStart(): Promise<void> {
  const settings = webhookSettings();
  const start = async (): Promise<void> => {
    let scanner: { stop: () => Promise<void> } | undefined;
    let workers: { stop: () => Promise<void> } | undefined;
    try {
      const db = await getDatabase();
      // The scan first: it needs nothing but the database, while the job engine takes seconds to
      // install and start, and new clients should not wait for it to be queued.
      scanner = startDuplicateScanner(db.prisma, {
        shareDatabase: db.kind === "embedded",
        onError: (error) =>
          logger.error(
            { event: "duplicates.scan_failed", err: loggableError(error) },
            "duplicate scan failed",
          ),
      });
      workers = await startWebhookWorkers(db, settings, (error) =>
        logger.error({ event: "jobs.error", err: loggableError(error) }, "job engine error"),
      );
      const retention = await startRetentionWorker(db, retentionSettings(), (error) =>
        logger.error(
          { event: "retention.error", err: loggableError(error) },
          "retention job error",
        ),
      );
      const running = { scanner, workers };
      const stop = () => {
        void running.workers.stop().catch(() => undefined);
        void retention?.stop().catch(() => undefined);
        void running.scanner.stop().catch(() => undefined);
      };
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      logger.info(
        { event: "jobs.started", concurrency: settings.concurrency },
        "webhook workers, retention job and duplicate scan started",
      );
    } catch (error) {
      // The retry starts everything again: what started here must not run twice.
      void scanner?.stop().catch(() => undefined);
      void workers?.stop().catch(() => undefined);
      logger.error(
        { event: "jobs.start_failed", err: loggableError(error) },
        "background workers did not start; retrying",
      );
      setTimeout(() => void start(), RETRY_MS).unref();
    }
  };
  await start();
}
