// The lender's reference lists (schema reference-lists.ts): admins add an entry with the lender's
// own id and a Russian name, rename it, archive it (no longer offered, still named on older
// leads) or bring it back. Entries are never deleted and nothing checks a lead's ids against
// them: partners send ids the lists may not have yet, and the UI shows those as numbers.
// The procedures (api reference-list.ts) let admins write and every operator read.

import { Prisma, type PrismaClient } from "@leadcore/db";
import { type LenderListName, LIMITS, type ReferenceEntry } from "@leadcore/schema";
import { DomainError } from "./errors.ts";

type Db = PrismaClient | Prisma.TransactionClient;

const toView = (row: {
  list: string;
  id: bigint;
  name: string;
  archived: boolean;
  updatedAt: Date;
}): ReferenceEntry => ({
  list: row.list as LenderListName,
  id: Number(row.id),
  name: row.name,
  archived: row.archived,
  updatedAt: row.updatedAt.toISOString(),
});

const entryNotFound = () =>
  new DomainError("NOT_FOUND", "REFERENCE_ENTRY_NOT_FOUND", "Reference entry not found");

function checkedName(name: string): string {
  const text = name.trim().replace(/\s+/g, " ");
  if (text.length === 0 || text.length > LIMITS.title) {
    throw new DomainError("INVALID", "INVALID_REFERENCE_ENTRY", "An entry needs a name", [
      {
        path: "name",
        code: text.length === 0 ? "REQUIRED" : "TOO_LONG",
        ...(text.length === 0 ? {} : { params: { maximum: LIMITS.title } }),
        message: `1-${LIMITS.title} characters`,
      },
    ]);
  }
  return text;
}

/** Every entry of every lender list (or of one), live before archived, then by id. */
export async function listReferenceEntries(
  db: Db,
  options: { list?: LenderListName | undefined } = {},
): Promise<ReferenceEntry[]> {
  const rows = await db.referenceEntry.findMany({
    where: options.list ? { list: options.list } : {},
    orderBy: [{ list: "asc" }, { archived: "asc" }, { id: "asc" }],
  });
  return rows.map(toView);
}

export async function createReferenceEntry(
  prisma: PrismaClient,
  entry: { list: LenderListName; id: number; name: string },
): Promise<ReferenceEntry> {
  const name = checkedName(entry.name);
  try {
    return toView(
      await prisma.referenceEntry.create({
        data: { list: entry.list, id: BigInt(entry.id), name },
      }),
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new DomainError(
        "CONFLICT",
        "REFERENCE_ENTRY_EXISTS",
        "The list has an entry with this id",
        [{ path: "id", code: "INVALID_VALUE", message: "The id is taken in this list" }],
      );
    }
    throw error;
  }
}

/** Rename and/or archive (or bring back); the id never changes. */
export async function updateReferenceEntry(
  prisma: PrismaClient,
  key: { list: LenderListName; id: number },
  change: { name?: string | undefined; archived?: boolean | undefined },
): Promise<ReferenceEntry> {
  return prisma.$transaction(async (tx) => {
    const where = { list_id: { list: key.list, id: BigInt(key.id) } };
    const current = await tx.referenceEntry.findUnique({ where });
    if (!current) throw entryNotFound();
    return toView(
      await tx.referenceEntry.update({
        where,
        data: {
          ...(change.name === undefined ? {} : { name: checkedName(change.name) }),
          ...(change.archived === undefined ? {} : { archived: change.archived }),
        },
      }),
    );
  });
}
