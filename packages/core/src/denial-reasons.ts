// The denial-reason dictionary: why a lead was refused. Seeded by the lifecycle migration with the
// reasons a lender uses; admins add, rename and deactivate reasons. `code` is stable once made
// (partners switch on it); a reason leads were denied with is never deleted, only deactivated.
// STOP_LIST is the reason the stop-list gate denies with: it stays active and keeps its code.

import { Prisma, type PrismaClient } from "@leadcore/db";
import { DENIAL_REASON_CODE, type DenialReason, LIMITS } from "@leadcore/schema";
import { DomainError, notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** The code of the reason the stop-list gate denies with. */
export const STOP_LIST_REASON = "STOP_LIST";

const toView = (row: { id: bigint; code: string; title: string; active: boolean }) => ({
  id: toWireId(row.id),
  code: row.code,
  title: row.title,
  active: row.active,
});

/** Every reason, active first, then by code; `activeOnly` for a picker. */
export async function listDenialReasons(
  db: Db,
  options: { activeOnly?: boolean } = {},
): Promise<DenialReason[]> {
  const rows = await db.denialReason.findMany({
    where: options.activeOnly ? { active: true } : {},
    orderBy: [{ active: "desc" }, { id: "asc" }],
  });
  return rows.map(toView);
}

/** The reason a new denial may use: it exists and is active. */
export async function activeDenialReason(db: Db, id: number) {
  const reason = await db.denialReason.findUnique({ where: { id: toDbId(id) } });
  if (!reason) throw notFound("Denial reason");
  if (!reason.active) {
    throw new DomainError(
      "UNPROCESSABLE",
      "DENIAL_REASON_INACTIVE",
      "This denial reason is deactivated",
      [{ path: "reasonId", code: "INVALID_VALUE", message: "The reason is deactivated" }],
    );
  }
  return reason;
}

/** The stop-list's reason (the migration seeds it; it cannot be deactivated or renamed away). */
export async function stopListReasonId(db: Db): Promise<bigint> {
  const reason = await db.denialReason.findUnique({
    where: { code: STOP_LIST_REASON },
    select: { id: true },
  });
  if (!reason) throw new Error("the STOP_LIST denial reason is missing from the database");
  return reason.id;
}

function checkedTitle(title: string): string {
  const text = title.trim().replace(/\s+/g, " ");
  if (text.length === 0 || text.length > LIMITS.title) {
    throw new DomainError("INVALID", "INVALID_DENIAL_REASON", "A reason needs a title", [
      {
        path: "title",
        code: text.length === 0 ? "REQUIRED" : "TOO_LONG",
        ...(text.length === 0 ? {} : { params: { maximum: LIMITS.title } }),
        message: `1-${LIMITS.title} characters`,
      },
    ]);
  }
  return text;
}

export async function createDenialReason(
  prisma: PrismaClient,
  reason: { code: string; title: string },
): Promise<DenialReason> {
  const code = reason.code.trim().toUpperCase();
  if (!DENIAL_REASON_CODE.test(code)) {
    throw new DomainError("INVALID", "INVALID_DENIAL_REASON", "The code does not fit the rules", [
      {
        path: "code",
        code: "INVALID_FORMAT",
        message: "2-40 Latin capitals, digits and _, starting with a letter",
      },
    ]);
  }
  const title = checkedTitle(reason.title);
  try {
    return toView(await prisma.denialReason.create({ data: { code, title } }));
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new DomainError("CONFLICT", "DENIAL_REASON_EXISTS", "A reason with this code exists");
    }
    throw error;
  }
}

/** Rename and/or (de)activate; the code never changes. */
export async function updateDenialReason(
  prisma: PrismaClient,
  id: number,
  change: { title?: string | undefined; active?: boolean | undefined },
): Promise<DenialReason> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.denialReason.findUnique({ where: { id: toDbId(id) } });
    if (!current) throw notFound("Denial reason");
    if (current.code === STOP_LIST_REASON && change.active === false) {
      throw new DomainError(
        "CONFLICT",
        "DENIAL_REASON_SYSTEM",
        "The stop-list's reason stays active: the stop-list denies with it",
      );
    }
    return toView(
      await tx.denialReason.update({
        where: { id: current.id },
        data: {
          ...(change.title === undefined ? {} : { title: checkedTitle(change.title) }),
          ...(change.active === undefined ? {} : { active: change.active }),
        },
      }),
    );
  });
}

/** Only a reason no lead was ever denied with goes; others are deactivated instead. */
export async function deleteDenialReason(prisma: PrismaClient, id: number): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const current = await tx.denialReason.findUnique({
      where: { id: toDbId(id) },
      select: { id: true, code: true, _count: { select: { leads: true } } },
    });
    if (!current) throw notFound("Denial reason");
    if (current.code === STOP_LIST_REASON) {
      throw new DomainError(
        "CONFLICT",
        "DENIAL_REASON_SYSTEM",
        "The stop-list's reason stays: the stop-list denies with it",
      );
    }
    // The audit trail names reasons by id too: a reason named there stays, like one in use.
    const named = await tx.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "LeadEvent"
       WHERE kind = 'DENIED' AND changes @> ${JSON.stringify([{ path: "denialReasonId", new: Number(current.id) }])}::jsonb`;
    if (current._count.leads > 0 || (named[0]?.n ?? 0n) > 0n) {
      throw new DomainError(
        "CONFLICT",
        "DENIAL_REASON_IN_USE",
        "Leads were denied with this reason: deactivate it instead",
      );
    }
    await tx.denialReason.delete({ where: { id: current.id } });
  });
}
