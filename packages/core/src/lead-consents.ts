// The withdrawal of a lead's consents (152-FZ; the records' rules are consent-records.ts), which
// ends the processing of the lead's personal data. Withdrawing the personal-data consent of a
// lead that never became a client erases the lead at once (a NEW lead is withdrawn first), in
// the same transaction; a converted lead is a client's loan record, which the lender must keep:
// its data stays, and the answer says so. The consent records themselves survive the erasure
// (lead-depersonalize.ts).
import type { Prisma, PrismaClient } from "@leadcore/db";
import type { ConsentKind, ConsentWithdrawalView, LeadStatus } from "@leadcore/schema";
import { type Actor, leadScope } from "./actor.ts";
import { leadEvent } from "./audit.ts";
import { inForce, storedConsents } from "./consent-records.ts";
import { DomainError, notFound } from "./errors.ts";
import { toDbId } from "./ids.ts";
import { depersonalizeInTransaction } from "./lead-depersonalize.ts";
import { withdrawInTransaction } from "./lead-lifecycle.ts";

/** What a withdrawal answers (the contract's ConsentWithdrawal: erased, or why it was kept). */
export type ConsentWithdrawal = ConsentWithdrawalView;

/**
 * Records the withdrawal of the lead's consents of `kind` in force, in one transaction with what
 * it starts: for the personal-data consent of a lead that is not a client's, the lead is withdrawn
 * (if NEW) and depersonalized. A partner withdraws on its own leads only (404 otherwise).
 */
export async function withdrawConsent(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  kind: ConsentKind,
  now: Date = new Date(),
): Promise<ConsentWithdrawal> {
  const leadId = toDbId(id);
  const partnerId = leadScope(actor).partnerId ?? null;
  return prisma.$transaction(async (tx) => {
    const [lead] = await tx.$queryRaw<{ status: LeadStatus; data: unknown }[]>`
      SELECT status::text AS status, data FROM "Lead"
       WHERE id = ${leadId} AND (${partnerId}::bigint IS NULL OR "partnerId" = ${partnerId}::bigint)
         FOR UPDATE`;
    if (!lead) throw notFound("Lead");
    const consents = storedConsents(lead.data);
    const withdrawnAt = now.toISOString();
    const changes = consents.flatMap((consent, index) =>
      inForce(consent, kind)
        ? [{ path: `consents.${index}.withdrawnAt`, old: null, new: withdrawnAt }]
        : [],
    );
    if (changes.length === 0) {
      throw new DomainError(
        "CONFLICT",
        "CONSENT_NOT_GIVEN",
        "The lead holds no consent of this kind in force",
      );
    }
    const withdrawn = consents.map((consent) =>
      inForce(consent, kind) ? { ...consent, withdrawnAt } : consent,
    );
    await tx.lead.update({
      where: { id: leadId },
      data: {
        data: { ...(lead.data as object), consents: withdrawn } as Prisma.InputJsonObject,
        events: { create: leadEvent("UPDATED", actor, changes) },
      },
    });
    if (kind !== "PERSONAL_DATA")
      return { id, kind, withdrawnAt, erased: false, keptBecause: null };
    if (lead.status === "CONVERTED") {
      return { id, kind, withdrawnAt, erased: false, keptBecause: "CONVERTED_TO_CLIENT" };
    }
    if (lead.status === "NEW") {
      await withdrawInTransaction(
        tx,
        actor,
        leadId,
        "Отозвано согласие на обработку персональных данных",
      );
    }
    await depersonalizeInTransaction(tx, leadId, "CONSENT_WITHDRAWN", now);
    return { id, kind, withdrawnAt, erased: true, keptBecause: null };
  });
}
