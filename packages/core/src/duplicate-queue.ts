// The operators' side of duplicate suspicion: a client's possible duplicates, the queue of open
// pairs (filled by the background scan, duplicate-scan.ts, and by re-keying), and the verdict
// "not the same person", after which the pair is never suggested again. Staff only: partners never
// see another client, not even its name.
import type { Prisma, PrismaClient } from "@leadcore/db";
import { type DuplicateReason, MAX_PAGE_SIZE } from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { findSuspects, type Suspect } from "./duplicate-suspicion.ts";
import { type SuspectView, suspectsWithClients } from "./duplicate-views.ts";
import { DomainError, notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import { toClientSummary } from "./lead-views.ts";

function requireOperator(actor: Actor): Extract<Actor, { kind: "operator" }> {
  if (actor.kind !== "operator") throw notFound("Client");
  return actor;
}

/** The pair's row order: the lower id first, so each pair has one row. */
export function pairOf(a: bigint, b: bigint): { lowClientId: bigint; highClientId: bigint } {
  return a < b ? { lowClientId: a, highClientId: b } : { lowClientId: b, highClientId: a };
}

/** What suspicion compares of a stored client. */
export function personOfClient(client: {
  lastName: string;
  firstName: string;
  patronymic: string | null;
  passportSeries: string;
  passportNumber: string;
  birthDate: string | null;
  mobilePhone: string | null;
  inn: string | null;
  snils: string | null;
}) {
  return {
    lastName: client.lastName,
    firstName: client.firstName,
    patronymic: client.patronymic,
    passportSeries: client.passportSeries,
    passportNumber: client.passportNumber,
    birthDate: client.birthDate,
    mobilePhone: client.mobilePhone,
    inn: client.inn,
    snils: client.snils,
  };
}

/**
 * A client's possible duplicates, best first: found now (so a change made a minute ago counts)
 * together with the open pairs already queued for it (a re-keying's SAME_KEY pairs, which the
 * search cannot see because both have one key). Pairs marked "not the same person" are left out.
 */
export async function clientSuspects(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
): Promise<SuspectView[]> {
  if (actor.kind === "partner") throw notFound("Client");
  const client = await prisma.client.findUnique({ where: { id: toDbId(id) } });
  if (!client) throw notFound("Client");
  if (client.mergedIntoId !== null) return [];
  const found = await findSuspects(prisma, personOfClient(client), {
    subjectClientId: client.id,
    excludeClientIds: [client.id],
  });
  const queued = await prisma.duplicatePair.findMany({
    where: {
      status: "OPEN",
      OR: [{ lowClientId: client.id }, { highClientId: client.id }],
    },
    take: 20,
  });
  const suspects: Suspect[] = [...found];
  for (const pair of queued) {
    const other = pair.lowClientId === client.id ? pair.highClientId : pair.lowClientId;
    if (!suspects.some((s) => s.clientId === other))
      suspects.push({
        clientId: other,
        score: pair.score,
        reasons: pair.reasons as DuplicateReason[],
      });
  }
  suspects.sort((a, b) => b.score - a.score);
  return suspectsWithClients(prisma, suspects);
}

export type DuplicatePairView = {
  id: number;
  score: number;
  reasons: DuplicateReason[];
  status: "OPEN" | "NOT_SAME" | "MERGED";
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  clients: [ReturnType<typeof toClientSummary>, ReturnType<typeof toClientSummary>];
};

export type DuplicatePairFilter = {
  status?: "OPEN" | "NOT_SAME" | "MERGED" | undefined;
  cursor?: number | undefined;
  limit?: number | undefined;
};

/** The queue: pairs of one status (OPEN by default), the most likely first. */
export async function listDuplicatePairs(
  prisma: PrismaClient,
  actor: Actor,
  filter: DuplicatePairFilter,
): Promise<{ items: DuplicatePairView[]; nextCursor: number | null; total: number }> {
  if (actor.kind === "partner") throw notFound("Client");
  const status = filter.status ?? "OPEN";
  const limit = Math.min(filter.limit ?? 50, MAX_PAGE_SIZE);
  const after = filter.cursor
    ? await prisma.duplicatePair.findUnique({ where: { id: toDbId(filter.cursor) } })
    : null;
  // Keyset on (score, id), both descending: the cursor is the last pair seen.
  const where: Prisma.DuplicatePairWhereInput = {
    status,
    ...(after
      ? {
          OR: [{ score: { lt: after.score } }, { score: after.score, id: { lt: after.id } }],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.duplicatePair.findMany({
      where,
      orderBy: [{ score: "desc" }, { id: "desc" }],
      take: limit + 1,
    }),
    prisma.duplicatePair.count({ where: { status } }),
  ]);
  const page = rows.slice(0, limit);
  const ids = page.flatMap((pair) => [pair.lowClientId, pair.highClientId]);
  const clients = new Map(
    (await prisma.client.findMany({ where: { id: { in: ids } } })).map((c) => [c.id, c]),
  );
  const items = page.flatMap((pair) => {
    const low = clients.get(pair.lowClientId);
    const high = clients.get(pair.highClientId);
    if (!low || !high) return [];
    return [
      {
        id: toWireId(pair.id),
        score: pair.score,
        reasons: pair.reasons as DuplicateReason[],
        status: pair.status,
        createdAt: pair.createdAt.toISOString(),
        decidedAt: pair.decidedAt?.toISOString() ?? null,
        decidedBy: pair.decidedBy,
        clients: [toClientSummary(low), toClientSummary(high)] as DuplicatePairView["clients"],
      },
    ];
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > limit && last ? toWireId(last.id) : null, total };
}

/**
 * An operator's verdict: these two clients are different people. Works for a queued pair and for
 * a suspect shown on a client page that was never queued (the pair is recorded then). Repeating
 * it changes nothing; a merged pair cannot be declared two people.
 */
export async function markNotSamePerson(
  prisma: PrismaClient,
  actor: Actor,
  clientId: number,
  otherClientId: number,
): Promise<void> {
  const operator = requireOperator(actor);
  if (clientId === otherClientId)
    throw new DomainError(
      "INVALID",
      "SAME_CLIENT",
      "A client is always the same person as itself",
      [
        {
          path: "otherClientId",
          code: "INVALID_VALUE",
          message: "The other client is this client",
        },
      ],
    );
  const pair = pairOf(toDbId(clientId), toDbId(otherClientId));
  await prisma.$transaction(async (tx) => {
    const found = await tx.client.count({
      where: { id: { in: [pair.lowClientId, pair.highClientId] } },
    });
    if (found < 2) throw notFound("Client");
    const existing = await tx.duplicatePair.findUnique({
      where: { lowClientId_highClientId: pair },
    });
    if (existing?.status === "MERGED")
      throw new DomainError("CONFLICT", "DUPLICATE_PAIR_MERGED", "These clients were merged");
    if (existing?.status === "NOT_SAME") return;
    const decision = {
      status: "NOT_SAME" as const,
      decidedAt: new Date(),
      decidedBy: operator.login,
    };
    await tx.duplicatePair.upsert({
      where: { lowClientId_highClientId: pair },
      update: decision,
      create: { ...pair, score: 0, reasons: [], ...decision },
    });
  });
}
