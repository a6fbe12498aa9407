// The background duplicate scan: every new client is compared with the others once, and each
// suspect at or above the threshold becomes an OPEN pair in the operators' queue. It runs beside
// the server (apps/web lib/background-workers.ts), never inside a conversion: the conversion's
// write path does not search, so its throughput is not lowered by suspicion.
//
// Progress is a watermark (DuplicateScan.lastClientId): client ids only grow, so "new" is "above
// the watermark". One batch is one transaction that takes an advisory lock first, so servers on
// one PostgreSQL never scan the same batch twice, and a crash mid-batch scans it again.
import { setTimeout as sleep } from "node:timers/promises";
import type { PrismaClient } from "@leadcore/db";
import { pairOf, personOfClient } from "./duplicate-queue.ts";
import { duplicateSettings } from "./duplicate-settings.ts";
import { findSuspects } from "./duplicate-suspicion.ts";

// Any constant: the advisory lock's number for "a duplicate scan batch is running".
const SCAN_LOCK = 7_214_013;
const BATCH = 100;
/** Clients per batch where the scan shares the one embedded connection with the API. */
const SHARED_BATCH = 1;

/** Scans the next batch of new clients; returns how many it scanned (0: none is new, or busy). */
export async function scanNewClients(
  prisma: PrismaClient,
  options: { batch?: number; threshold?: number } = {},
): Promise<number> {
  const threshold = options.threshold ?? duplicateSettings().threshold;
  return prisma.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
        SELECT pg_try_advisory_xact_lock(${SCAN_LOCK}) AS locked`;
      if (!lock?.locked) return 0;
      const state = await tx.duplicateScan.upsert({ where: { id: 1 }, update: {}, create: {} });
      const clients = await tx.client.findMany({
        where: { id: { gt: state.lastClientId } },
        orderBy: { id: "asc" },
        take: options.batch ?? BATCH,
      });
      const last = clients.at(-1);
      if (!last) return 0;
      for (const client of clients) {
        if (client.mergedIntoId !== null) continue;
        const suspects = await findSuspects(tx, personOfClient(client), {
          subjectClientId: client.id,
          excludeClientIds: [client.id],
          threshold,
        });
        if (suspects.length === 0) continue;
        await tx.duplicatePair.createMany({
          data: suspects.map((suspect) => ({
            ...pairOf(client.id, suspect.clientId),
            score: suspect.score,
            reasons: suspect.reasons,
          })),
          // A pair already queued, decided or merged keeps its row and its verdict.
          skipDuplicates: true,
        });
      }
      await tx.duplicateScan.update({ where: { id: 1 }, data: { lastClientId: last.id } });
      return clients.length;
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

/**
 * Scans every `intervalMs` until stopped, catching up batch by batch when many clients are new.
 * A failure (the database restarting) is reported and retried at the next tick.
 *
 * `shareDatabase` (the embedded database): a batch's transaction holds PGlite's one connection
 * for all of its clients' searches, and every API request waits for it; 100 clients after a
 * burst of conversions held it for seconds (`pnpm bench`: updates fell from ~120 to 0-4 req/s).
 * There a batch is one client and each is followed by a pause twice as long as it took, so the
 * scan takes at most about a third of the database's time and a request waits at most one
 * client's search.
 */
export function startDuplicateScanner(
  prisma: PrismaClient,
  options: {
    intervalMs?: number;
    onError?: (error: unknown) => void;
    shareDatabase?: boolean;
    batch?: number;
  } = {},
): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? duplicateSettings().scanIntervalSeconds * 1000;
  const batch = options.batch ?? (options.shareDatabase ? SHARED_BATCH : BATCH);
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      for (;;) {
        if (stopped) return;
        const started = Date.now();
        // a full batch: more may be waiting
        if ((await scanNewClients(prisma, { batch })) < batch) return;
        if (options.shareDatabase) await sleep(2 * (Date.now() - started));
      }
    } catch (error) {
      options.onError?.(error);
    }
  };
  const timer = setInterval(() => {
    running = running.then(tick);
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
