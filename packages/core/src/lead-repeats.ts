// Repeat requests: the same person applying again within days (several shops, several channels)
// is common, and lenders refuse or keep such leads on purpose. A lead is a repeat when another
// lead of the same person is still open (NEW), or was created within the repeat window
// (LEADCORE_REPEAT_WINDOW_DAYS, 30 by default) of it. "The same person": the same passport
// series and number, or the same mobile phone with the same last and first name (the key's
// normalization). Staff only: a partner would learn that another partner's lead exists.
import type { PrismaClient } from "@leadcore/db";
import type { LeadStatus } from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { duplicateSettings } from "./duplicate-settings.ts";
import { notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";

const DAY_MS = 86_400_000;
// The operator needs the most recent few to decide, not every earlier request.
const SHOWN = 5;

export type RepeatView = {
  id: number;
  status: LeadStatus;
  createdAt: string;
  /** What makes it the same person. */
  sameBy: "passport" | "phone";
};

export async function leadRepeats(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  windowDays: number = duplicateSettings().repeatWindowDays,
): Promise<RepeatView[]> {
  if (actor.kind === "partner") throw notFound("Lead");
  const lead = await prisma.lead.findUnique({
    where: { id: toDbId(id) },
    select: {
      id: true,
      createdAt: true,
      passportSeries: true,
      passportNumber: true,
      mobilePhone: true,
      keyLastName: true,
      keyFirstName: true,
    },
  });
  if (!lead) throw notFound("Lead");
  const samePerson = [
    ...(lead.passportSeries && lead.passportNumber
      ? [{ passportSeries: lead.passportSeries, passportNumber: lead.passportNumber }]
      : []),
    ...(lead.mobilePhone && lead.keyLastName && lead.keyFirstName
      ? [
          {
            mobilePhone: lead.mobilePhone,
            keyLastName: lead.keyLastName,
            keyFirstName: lead.keyFirstName,
          },
        ]
      : []),
  ];
  if (samePerson.length === 0) return [];
  const window = windowDays * DAY_MS;
  const others = await prisma.lead.findMany({
    where: {
      id: { not: lead.id },
      OR: samePerson,
      AND: {
        OR: [
          { status: "NEW" },
          {
            createdAt: {
              gte: new Date(lead.createdAt.getTime() - window),
              lte: new Date(lead.createdAt.getTime() + window),
            },
          },
        ],
      },
    },
    orderBy: { id: "desc" },
    take: SHOWN,
    select: { id: true, status: true, createdAt: true, passportSeries: true, passportNumber: true },
  });
  return others.map((other) => ({
    id: toWireId(other.id),
    status: other.status,
    createdAt: other.createdAt.toISOString(),
    sameBy:
      lead.passportNumber !== null &&
      other.passportSeries === lead.passportSeries &&
      other.passportNumber === lead.passportNumber
        ? "passport"
        : "phone",
  }));
}
