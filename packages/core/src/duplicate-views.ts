// Suspects as staff read them: each with the client's summary (name, masked passport).
import type { PrismaClient } from "@leadcore/db";
import type { DuplicateReason } from "@leadcore/schema";
import type { Suspect } from "./duplicate-suspicion.ts";
import { toClientSummary } from "./lead-views.ts";

export type SuspectView = {
  client: ReturnType<typeof toClientSummary>;
  score: number;
  reasons: DuplicateReason[];
};

export async function suspectsWithClients(
  prisma: PrismaClient,
  suspects: Suspect[],
): Promise<SuspectView[]> {
  if (suspects.length === 0) return [];
  const clients = await prisma.client.findMany({
    where: { id: { in: suspects.map((s) => s.clientId) } },
  });
  const byId = new Map(clients.map((client) => [client.id, client]));
  return suspects.flatMap((suspect) => {
    const client = byId.get(suspect.clientId);
    return client
      ? [{ client: toClientSummary(client), score: suspect.score, reasons: suspect.reasons }]
      : [];
  });
}
