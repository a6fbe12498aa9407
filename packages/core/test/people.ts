// Leads of made-up people for the domain tests. Passport, INN and SNILS values pass their checks.
import type { PrismaClient, SqlDatabase } from "@leadcore/db";
import type { LeadBody } from "@leadcore/schema";
import { type Actor, convertLead, createLead, createPartnerWithKey } from "../src/index.ts";

export const service: Actor = { kind: "service", apiKeyId: 1n, name: "tests" };

let phoneCounter = 1_000_000;
/** A convertible lead of Ivan Ivanovich Ivanov, passport 45 06 123456, with overrides. */
export function ivanov(overrides: Partial<LeadBody> = {}): LeadBody {
  phoneCounter += 1;
  return {
    lastName: "Иванов",
    firstName: "Иван",
    patronymic: "Иванович",
    mobilePhone: `+7916${String(phoneCounter).padStart(7, "0")}`,
    passport: { seria: "4506", no: "123456", issueDate: "2010-05-14", subdivisionCode: "770-001" },
    amount: 50000,
    period: 12,
    periodUnit: "MONTHS",
    channel: "SITE",
    ...overrides,
  };
}

/** Creates a lead as `actor` and converts it at once: the lead's id beside the conversion's result. */
export async function createAndConvert(
  prisma: PrismaClient,
  actor: Actor,
  body: LeadBody,
  sql?: SqlDatabase,
) {
  const id = await createLead(prisma, actor, body);
  return { id, ...(await convertLead(prisma, actor, id, body, sql)) };
}

/**
 * A partner created in the database (`name`), as the actor a key of its would authenticate as
 * (`apiKeyId`, `actorName`: what the test's calls carry).
 */
export async function partnerActor(
  prisma: PrismaClient,
  name: string,
  apiKeyId: bigint,
  actorName = name,
): Promise<Actor> {
  const { partnerId } = await createPartnerWithKey(prisma, name);
  return { kind: "partner", partnerId, apiKeyId, name: actorName };
}
