// The job engine: pg-boss over the same database as the data, so a job is written in the same
// transaction as the change it follows (a transactional outbox) and several app instances on one
// PostgreSQL share the work (pg-boss fetches with SELECT ... FOR UPDATE SKIP LOCKED). On the
// embedded database pg-boss runs on the same PGlite, through its own PGlite adapter; PGlite runs
// one statement or one transaction at a time, so a job statement never lands inside a request's
// transaction.
//
// Three uses, three functions:
// - installJobEngine: pg-boss's schema and LeadCore's queues, while the database is opened
//   (database.ts), so that any process may enqueue.
// - enqueueInTransaction: a job inside the caller's transaction, a Prisma one or the driver's
//   (raw-sql.ts): committed with it, or never.
// - startJobWorkers: the server's workers (apps/web instrumentation.ts).
import { AsyncLocalStorage } from "node:async_hooks";
import {
  fromPglite,
  fromPrisma,
  getConstructionPlans,
  type Db as IDatabase,
  type Job,
  PgBoss,
} from "pg-boss";
import type { RawSql } from "./raw-sql.ts";

/** How pg-boss reaches the database: the embedded PGlite, or its own small pool on PostgreSQL. */
export type JobConnection =
  | { backend: "pglite"; db: IDatabase }
  | { backend: "postgres"; connectionString: string };

export type { Job };
export { fromPglite };

/**
 * LeadCore's queues. A webhook attempt is one job; the retry schedule is the domain's
 * (webhook-delivery.ts schedules the next attempt as a new job), so pg-boss's own retries only
 * cover an attempt whose process died: its job expires and is fetched again.
 */
export const JOB_QUEUES = {
  webhookAttempt: {
    name: "webhook-attempt",
    // An attempt times out within 10 s: a job active for 20 s belongs to a process that died.
    // notify: a job's commit wakes the workers (LISTEN/NOTIFY) instead of their next poll.
    options: { retryLimit: 3, retryDelay: 1, expireInSeconds: 20, notify: true },
  },
  /**
   * The retention run (packages/core lead-depersonalize.ts): each job runs once and schedules the
   * next. "stately" keeps at most one waiting and one running, so every server may schedule one
   * at its start and the instances together still run one at a time.
   */
  leadRetention: {
    name: "lead-retention",
    // A job is one batch of at most RETENTION_BATCH leads (core retention-worker.ts), seconds of
    // work: active for 5 minutes means its server died, and stately fetches no other job until
    // this one expires and is retried (each lead is checked again, so a retry is harmless).
    options: { policy: "stately", retryLimit: 2, retryDelay: 30, expireInSeconds: 300 },
  },
} as const;

export type JobQueue = keyof typeof JOB_QUEUES;

/** What the installed engine consists of: pg-boss's schema and the queues (the test snapshot's key). */
export const JOB_ENGINE_VERSION = `${getConstructionPlans()}\n${JSON.stringify(JOB_QUEUES)}`;

function boss(connection: JobConnection, options: Record<string, unknown> = {}): PgBoss {
  const base =
    connection.backend === "pglite"
      ? { db: connection.db, backend: "pglite" as const }
      : { connectionString: connection.connectionString, max: 4 };
  return new PgBoss({ ...base, ...options });
}

/** Installs or upgrades pg-boss's schema and creates the queues; cheap when they are there. */
export async function installJobEngine(connection: JobConnection): Promise<void> {
  const installer = boss(connection, { supervise: false, schedule: false });
  installer.on("error", () => undefined); // start() rejects with the same error
  await installer.start();
  try {
    for (const queue of Object.values(JOB_QUEUES)) {
      // Made once; its options follow this file on every start (an upgrade changes them in place).
      // A queue's policy is fixed at its creation (pg-boss refuses to change it).
      if (await installer.getQueue(queue.name)) {
        const { policy: _policy, ...changeable } = queue.options as typeof queue.options & {
          policy?: string;
        };
        await installer.updateQueue(queue.name, changeable);
      } else await installer.createQueue(queue.name, queue.options);
    }
  } finally {
    await installer.stop({ graceful: false, close: true });
  }
}

// Sends need no started instance when they are given the database to write to. The producer's
// own reads (its cache of a queue's settings, filled on the first send) run in the same
// transaction too: on PGlite any other connection would wait for that transaction to end.
const sendingThrough = new AsyncLocalStorage<IDatabase>();
const producer = new PgBoss({
  db: {
    executeSql: (text, values) => {
      const db = sendingThrough.getStore();
      if (!db) return Promise.reject(new Error("Jobs are sent inside a transaction only"));
      return db.executeSql(text, values);
    },
  },
});

/** Writes a job in the caller's transaction: it exists if and only if the transaction commits. */
export async function enqueueInTransaction(
  tx: RawSql,
  queue: JobQueue,
  data: Record<string, unknown>,
  options: { startAfter?: Date; group?: string } = {},
): Promise<void> {
  const db = fromPrisma(tx);
  await sendingThrough.run(db, () =>
    producer.send(JOB_QUEUES[queue].name, data, {
      db,
      ...(options.startAfter ? { startAfter: options.startAfter } : {}),
      ...(options.group ? { group: { id: options.group } } : {}),
    }),
  );
}

export type JobWorkers = { stop(): Promise<void> };

/** Jobs one worker fetches at once; they run side by side, each with its own outcome. */
const BATCH = 4;

/**
 * Starts pg-boss's supervision and the workers of each handler: `concurrency` jobs of a queue at
 * once in this process, fetched BATCH at a time by a few workers (at least two). The jobs of a
 * batch run side by side, so a slow one never delays the others' attempts, only its worker's next
 * fetch, and the other workers go on. A job's commit wakes idle workers (NOTIFY: few workers, so
 * few wasted fetches), and a worker fetches again at once while its batches come back full.
 * `onError` hears what pg-boss reports; a job whose handler throws fails, and pg-boss retries it.
 */
export async function startJobWorkers(
  connection: JobConnection,
  handlers: Partial<Record<JobQueue, (job: Job<Record<string, unknown>>) => Promise<void>>>,
  options: {
    concurrency: number;
    pollingIntervalSeconds: number;
    onError: (error: Error) => void;
  },
): Promise<JobWorkers> {
  // Supervision (expiring the jobs of a process that died, so they are fetched again) every 10 s.
  const engine = boss(connection, {
    schedule: false,
    superviseIntervalSeconds: 10,
    useListenNotify: true,
  });
  engine.on("error", options.onError);
  await engine.start();
  for (const [queue, handle] of Object.entries(handlers)) {
    if (!handle) continue;
    await engine.work<Record<string, unknown>>(
      JOB_QUEUES[queue as JobQueue].name,
      {
        batchSize: BATCH,
        localConcurrency: Math.max(2, Math.ceil(options.concurrency / BATCH)),
        pollingIntervalSeconds: options.pollingIntervalSeconds,
        // A NOTIFY says a job was written, not that a retry's time has come: keep polling for those.
        notifyPollingIntervalSeconds: options.pollingIntervalSeconds,
        burstWhenBatchFull: true,
        perJobResults: true,
      },
      async (jobs) => {
        const outcomes = await Promise.allSettled(jobs.map((job) => handle(job)));
        return jobs.map((job, i) => {
          const outcome = outcomes[i];
          if (outcome?.status === "fulfilled") return { id: job.id, status: "completed" as const };
          const reason = outcome?.reason;
          options.onError(reason instanceof Error ? reason : new Error(String(reason)));
          return { id: job.id, status: "failed" as const };
        });
      },
    );
  }
  return { stop: () => engine.stop({ graceful: true, timeout: 15_000, close: true }) };
}
