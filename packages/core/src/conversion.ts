// Converting a lead: the rule of the contract. If last name, first name, patronymic, passport
// series and number (normalized: @leadcore/schema identityKey) match an existing client, the
// lead's application is added to that client; otherwise a new client is created.
//
// Everything happens in one transaction. Two conversions of the same person at the same moment
// meet at the unique index on the client's identity key (INSERT ... ON CONFLICT DO NOTHING, then
// read the winner), never in a read-then-insert window.
import {
  identifierProblems,
  identityKey,
  KEY_FIELDS,
  type ConversionResult,
  type LeadBody,
  type MatchPreview,
} from "@leadcore/schema";
import type { Client, Prisma, PrismaClient } from "@leadcore/db";
import { leadScope, type Actor } from "./actor.ts";
import { DomainError, notFound, type FieldIssue } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import {
  requireLeadMinimum,
  requireMatchingId,
  sameDocument,
  searchColumns,
  toLeadDocument,
  type LeadDocument,
} from "./lead-document.ts";
import { toClientSummary } from "./lead-views.ts";
import { diffDocuments, leadEvent } from "./audit.ts";

type Tx = Prisma.TransactionClient;
type IdentityKey = Extract<ReturnType<typeof identityKey>, { ok: true }>["key"];

// Identifier fields whose invalid value blocks a conversion: a client must not hold a bad one.
const BLOCKING_PREFIXES = ["passport.", "inn", "snils"];

/** Why this document cannot become a client (empty when it can). Paths, never values. */
export function conversionProblems(document: LeadDocument): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const key = identityKey(document);
  if (!key.ok) {
    for (const path of key.missing) problems.push({ path, message: "Required to convert a lead (part of the client match key)" });
  }
  for (const problem of identifierProblems(document)) {
    if (BLOCKING_PREFIXES.some((prefix) => problem.path.startsWith(prefix)) && !problems.some((p) => p.path === problem.path)) {
      problems.push(problem);
    }
  }
  return problems;
}

type LockedLead = { id: bigint; status: "NEW" | "CONVERTED"; clientId: bigint | null; outcome: ConversionResult["outcome"] | null; data: unknown };

export async function convertLead(prisma: PrismaClient, actor: Actor, id: number, body: LeadBody): Promise<ConversionResult> {
  requireMatchingId(id, body);
  const leadId = toDbId(id);
  return prisma.$transaction(
    async (tx) => {
      const lead = await lockLead(tx, leadId, actor);
      const document = toLeadDocument(body, (lead.data as LeadBody).cardNumber ?? undefined);
      if (lead.status === "CONVERTED") return repeatedConversion(tx, lead, document);

      requireLeadMinimum(document);
      const problems = conversionProblems(document);
      const key = identityKey(document);
      if (problems.length > 0 || !key.ok) {
        throw new DomainError("UNPROCESSABLE", "The lead cannot be converted", problems);
      }

      const { client, created } = await findOrCreateClient(tx, key.key, document);
      if (!created) await refreshClientContacts(tx, client, document, leadId);
      const outcome = created ? "CREATED_NEW_CLIENT" : "MATCHED_EXISTING_CLIENT";
      const application = await tx.application.create({
        data: { ...applicationFields(document), clientId: client.id, leadId },
        select: { id: true },
      });
      const changes = [
        ...diffDocuments(lead.data, document),
        { path: "status", old: "NEW", new: "CONVERTED" },
        { path: "conversion", new: { clientId: toWireId(client.id), applicationId: toWireId(application.id), outcome } },
      ];
      await tx.lead.update({
        where: { id: leadId },
        data: {
          data: document as Prisma.InputJsonObject,
          ...searchColumns(document),
          status: "CONVERTED",
          clientId: client.id,
          outcome,
          convertedAt: new Date(),
          events: { create: leadEvent("CONVERTED", actor, changes) },
        },
      });
      return { clientId: toWireId(client.id), applicationId: toWireId(application.id), outcome };
    },
    // Conversions of one person queue on the client row; give them time rather than fail.
    { maxWait: 10_000, timeout: 30_000 },
  );
}

async function lockLead(tx: Tx, leadId: bigint, actor: Actor): Promise<LockedLead> {
  const scope = leadScope(actor);
  const rows = await tx.$queryRaw<LockedLead[]>`
    SELECT id, status::text AS status, "clientId", outcome::text AS outcome, data
      FROM "Lead"
     WHERE id = ${leadId}
       AND (${scope.partnerId ?? null}::bigint IS NULL OR "partnerId" = ${scope.partnerId ?? null}::bigint)
     FOR UPDATE`;
  const lead = rows[0];
  if (!lead) throw notFound("Lead");
  return lead;
}

/** Converting again with the same data is a retry: same client, no second application. */
async function repeatedConversion(tx: Tx, lead: LockedLead, document: LeadDocument): Promise<ConversionResult> {
  if (!sameDocument(lead.data, document)) {
    throw new DomainError("CONFLICT", "The lead is already converted; its data can no longer change");
  }
  const application = await tx.application.findUniqueOrThrow({ where: { leadId: lead.id }, select: { id: true } });
  return { clientId: toWireId(lead.clientId!), applicationId: toWireId(application.id), outcome: lead.outcome! };
}

async function selectClientForUpdate(tx: Tx, key: IdentityKey): Promise<Client | undefined> {
  const rows = await tx.$queryRaw<Client[]>`
    SELECT * FROM "Client"
     WHERE "keyLastName" = ${key.lastName} AND "keyFirstName" = ${key.firstName}
       AND "keyPatronymic" = ${key.patronymic} AND "keyPassportSeries" = ${key.passportSeries}
       AND "keyPassportNumber" = ${key.passportNumber}
     FOR UPDATE`;
  return rows[0];
}

async function findOrCreateClient(tx: Tx, key: IdentityKey, document: LeadDocument): Promise<{ client: Client; created: boolean }> {
  const existing = await selectClientForUpdate(tx, key);
  if (existing) return { client: existing, created: false };

  const [inserted] = await tx.client.createManyAndReturn({
    data: [{ ...identityFields(key, document), ...contactFields(document) }],
    skipDuplicates: true, // ON CONFLICT DO NOTHING: waits for a concurrent insert of the same key
  });
  if (inserted) return { client: inserted, created: true };

  // Another transaction created this person between our read and our insert; it has committed.
  const winner = await selectClientForUpdate(tx, key);
  if (!winner) throw new Error("client vanished after a unique-key conflict");
  return { client: winner, created: false };
}

function identityFields(key: IdentityKey, document: LeadDocument) {
  const text = (value: string | null | undefined) => value?.trim().replace(/\s+/g, " ") ?? "";
  return {
    lastName: text(document.lastName),
    firstName: text(document.firstName),
    patronymic: text(document.patronymic) || null,
    passportSeries: key.passportSeries,
    passportNumber: key.passportNumber,
    birthDate: document.birthDate ?? null,
    keyLastName: key.lastName,
    keyFirstName: key.firstName,
    keyPatronymic: key.patronymic,
    keyPassportSeries: key.passportSeries,
    keyPassportNumber: key.passportNumber,
  };
}

/** The client's contact data a lead may carry; absent values are left out (they never erase). */
function contactFields(document: LeadDocument) {
  const fields = {
    mobilePhone: searchColumns(document).mobilePhone ?? undefined,
    email: document.email?.trim() || undefined,
    addressData: document.addressData as Prisma.InputJsonObject | undefined,
    registrationAddressData: document.registrationAddressData as Prisma.InputJsonObject | undefined,
    employerTitle: document.employerTitle?.trim() || undefined,
    employerInn: document.employerInn?.trim() || undefined,
    meanIncome: document.meanIncome ?? undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<typeof fields>;
}

/** A matched client keeps its identity; newer contact data replaces the old, which goes to history. */
async function refreshClientContacts(tx: Tx, client: Client, document: LeadDocument, leadId: bigint): Promise<void> {
  const changes = Object.entries(contactFields(document)).filter(
    ([field, value]) => !sameDocument(client[field as keyof Client] ?? null, value),
  );
  if (changes.length === 0) return;
  await tx.client.update({ where: { id: client.id }, data: Object.fromEntries(changes) });
  await tx.clientHistory.createMany({
    data: changes.map(([field, value]) => ({
      clientId: client.id,
      field,
      oldValue: (client[field as keyof Client] ?? undefined) as Prisma.InputJsonValue | undefined,
      newValue: value as Prisma.InputJsonValue,
      leadId,
    })),
  });
}

function applicationFields(document: LeadDocument) {
  const id = (value: number | null | undefined) => (value === undefined || value === null ? null : BigInt(value));
  return {
    amount: document.amount ?? null,
    period: document.period ?? null,
    periodUnit: document.periodUnit ?? null,
    creditProductId: id(document.creditProductId),
    channel: document.channel ?? null,
    goods: (document.goods ?? undefined) as Prisma.InputJsonValue | undefined,
    shopId: id(document.shopId),
    storeTypeId: id(document.storeTypeId),
    subdivisionId: id(document.subdivisionId),
    managerId: id(document.managerId),
    gettingMoneyMethodId: id(document.gettingMoneyMethodId),
    approvedByScorista: document.approvedByScorista ?? null,
    rosfinmonitoringCheck: document.rosfinmonitoringCheck ?? null,
    ufmsCheck: document.ufmsCheck ?? null,
    mobilePhoneCheck: document.mobilePhoneCheck ?? null,
    ipAndRegionMatch: document.ipAndRegionMatch ?? null,
    ipAndRegAddressMatch: document.ipAndRegAddressMatch ?? null,
  };
}

/** Read-only: what converting this lead would do now. */
export async function previewMatch(prisma: PrismaClient, actor: Actor, id: number): Promise<MatchPreview> {
  const lead = await prisma.lead.findFirst({ where: { id: toDbId(id), ...leadScope(actor) }, include: { client: true } });
  if (!lead) throw notFound("Lead");
  if (lead.status === "CONVERTED" && lead.client && lead.outcome) {
    return { status: "ALREADY_CONVERTED", client: toClientSummary(lead.client), outcome: lead.outcome };
  }
  const document = lead.data as LeadDocument;
  const problems = conversionProblems(document);
  const key = identityKey(document);
  if (problems.length > 0 || !key.ok) return { status: "CANNOT_CONVERT", problems };

  const samePassport = await prisma.client.findMany({
    where: { keyPassportSeries: key.key.passportSeries, keyPassportNumber: key.key.passportNumber },
    take: 20,
  });
  const match = samePassport.find(
    (c) => c.keyLastName === key.key.lastName && c.keyFirstName === key.key.firstName && c.keyPatronymic === key.key.patronymic,
  );
  const samePassportOtherName = samePassport.filter((c) => c !== match).map(toClientSummary);
  return match
    ? { status: "WILL_MATCH", client: toClientSummary(match), matchedOn: [...KEY_FIELDS], samePassportOtherName }
    : { status: "WILL_CREATE", samePassportOtherName };
}
