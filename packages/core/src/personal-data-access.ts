// Who looked at whose personal data (152-FZ, issue 18): an operator's view of a lead's or a
// client's page, and every masked value an admin reveals, each one INSERT of ids, never of a
// value; every lead in an admin's export file (lead-export.ts writes those, a batch at a time). API keys are not recorded here: a partner reads only the leads it sent itself, and a
// service key's calls are the lender's own systems, both in the request log.

import type { Prisma, PrismaClient } from "@leadcore/db";
import type { PersonalDataAccessView } from "@leadcore/schema";
import { type Actor, leadScope } from "./actor.ts";
import { notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";

type Access =
  | { kind: "VIEW_LEAD"; leadId: number }
  | { kind: "VIEW_CLIENT"; clientId: number }
  | { kind: "REVEAL"; leadId: number; field: string };

/** Records an operator's access; other actors are not recorded (see the file's opening comment). */
export async function recordAccess(
  prisma: PrismaClient | Prisma.TransactionClient,
  actor: Actor,
  access: Access,
) {
  if (actor.kind !== "operator") return;
  await prisma.personalDataAccess.create({
    data: {
      operatorId: actor.operatorId,
      kind: access.kind,
      leadId: "leadId" in access ? toDbId(access.leadId) : null,
      clientId: "clientId" in access ? toDbId(access.clientId) : null,
      field: "field" in access ? access.field : null,
    },
  });
}

/**
 * A lead's mobile phone in full, where the lists show it masked; the reveal is recorded in the
 * same transaction as it is read, so no value leaves without its record.
 */
export async function revealLeadPhone(
  prisma: PrismaClient,
  actor: Actor,
  leadId: number,
): Promise<string | null> {
  return prisma.$transaction(async (tx) => {
    const lead = await tx.lead.findFirst({
      where: { id: toDbId(leadId), ...leadScope(actor) },
      select: { mobilePhone: true },
    });
    if (!lead) throw notFound("Lead");
    await recordAccess(tx, actor, { kind: "REVEAL", leadId, field: "mobilePhone" });
    return lead.mobilePhone;
  });
}

const SHOWN = 100;

/** The newest accesses to one lead or one client (admins), with who, what and when. */
export async function accessesOf(
  prisma: PrismaClient,
  of: { leadId: number } | { clientId: number },
): Promise<PersonalDataAccessView[]> {
  const rows = await prisma.personalDataAccess.findMany({
    where: "leadId" in of ? { leadId: toDbId(of.leadId) } : { clientId: toDbId(of.clientId) },
    orderBy: { id: "desc" },
    take: SHOWN,
    include: { operator: { select: { id: true, login: true } } },
  });
  return rows.map((row) => ({
    at: row.at.toISOString(),
    kind: row.kind,
    operator: { id: toWireId(row.operator.id), login: row.operator.login },
    ...(row.field ? { field: row.field } : {}),
    ...(row.exportId === null ? {} : { exportId: toWireId(row.exportId) }),
  }));
}
