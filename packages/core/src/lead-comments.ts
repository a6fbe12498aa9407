// Operators' notes on a lead ("called, no answer; call back after 18:00"): part of the lead's
// history, with author and time, in any state of the lead (a converted or denied lead still gets
// notes). Never shown to partners (leadHistory leaves COMMENTED events out for them) and never
// sent to them: a note is no move of the lead, so no webhook event is written.
import type { PrismaClient } from "@leadcore/db";
import { TRANSITION_TEXT_MAX } from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { leadEvent } from "./audit.ts";
import { DomainError, notFound } from "./errors.ts";
import { toDbId } from "./ids.ts";
import { requireOperator } from "./lead-lifecycle.ts";

export async function commentLead(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  text: string,
): Promise<void> {
  requireOperator(actor);
  const comment = text.trim();
  if (comment === "")
    throw new DomainError("INVALID", "INVALID_INPUT", "A note needs some text", [
      { path: "text", code: "REQUIRED", message: "Required" },
    ]);
  if (comment.length > TRANSITION_TEXT_MAX)
    throw new DomainError("INVALID", "INVALID_INPUT", "The note is too long", [
      {
        path: "text",
        code: "TOO_LONG",
        params: { maximum: TRANSITION_TEXT_MAX },
        message: `Too long: at most ${TRANSITION_TEXT_MAX} characters`,
      },
    ]);
  const leadId = toDbId(id);
  // A note changes nothing of the lead itself (not even updatedAt, which the editor keys its form
  // on): only the event is written.
  await prisma.$transaction(async (tx) => {
    const lead = await tx.lead.findUnique({ where: { id: leadId }, select: { id: true } });
    if (!lead) throw notFound("Lead");
    await tx.leadEvent.create({
      data: { ...leadEvent("COMMENTED", actor, []), comment, leadId },
    });
  });
}
