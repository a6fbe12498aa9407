// Clients: identity, contacts and their history, applications with their source leads; and the
// operator's decision on contact changes a partner could only propose (see conversion.ts). A
// merged client (client-merge.ts) answers with the client it was merged into and is not listed.

import { type Client, Prisma, type PrismaClient } from "@leadcore/db";
import type { ClientPage, ClientView } from "@leadcore/schema";
import {
  MAX_PAGE_SIZE,
  normalizeName,
  normalizePassportPart,
  normalizeRuMobilePhone,
} from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { erasureRequestsOfClient } from "./data-subject-requests.ts";
import { DomainError, notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import { maskPassport, maskPhone, toClientSummary } from "./lead-views.ts";

// Clients are the lender's own records: partners never see them, only their leads' outcome.
function requireStaff(actor: Actor): void {
  if (actor.kind === "partner") throw notFound("Client");
}

export async function getClient(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
): Promise<ClientView> {
  requireStaff(actor);
  const asked = await findClientForView(prisma, toDbId(id));
  if (!asked) throw notFound("Client");
  // A merged client is a tombstone: the answer is the client it was merged into (always one hop,
  // client-merge.ts), saying which client was asked for.
  const client =
    asked.mergedIntoId === null ? asked : await findClientForView(prisma, asked.mergedIntoId);
  if (!client) throw new Error(`Client ${asked.id} is merged into a client that does not exist`);
  const mergedFrom =
    client === asked || asked.mergedAt === null
      ? null
      : {
          id: toWireId(asked.id),
          mergedAt: asked.mergedAt.toISOString(),
          mergedBy: asked.mergedBy ?? "",
        };
  return {
    id: toWireId(client.id),
    lastName: client.lastName,
    firstName: client.firstName,
    patronymic: client.patronymic,
    passportMasked: maskPassport(client.passportSeries, client.passportNumber),
    birthDate: client.birthDate,
    mobilePhone: client.mobilePhone,
    email: client.email,
    addressData: client.addressData,
    registrationAddressData: client.registrationAddressData,
    employerTitle: client.employerTitle,
    employerInn: client.employerInn,
    meanIncome: client.meanIncome,
    applications: client.applications.map((application) => ({
      id: toWireId(application.id),
      leadId: toWireId(application.lead.id),
      leadStatus: application.lead.status,
      leadCreatedAt: application.lead.createdAt.toISOString(),
      amount: application.amount,
      period: application.period,
      periodUnit: application.periodUnit,
      creditProductId:
        application.creditProductId === null ? null : toWireId(application.creditProductId),
      channel: application.channel,
      createdAt: application.createdAt.toISOString(),
    })),
    history: client.history.map((entry) => ({
      field: entry.field,
      oldValue: entry.oldValue,
      newValue: entry.newValue,
      leadId: entry.leadId === null ? null : toWireId(entry.leadId),
      partner: entry.lead?.partner
        ? { id: toWireId(entry.lead.partner.id), name: entry.lead.partner.name }
        : null,
      status: entry.status,
      changedAt: entry.changedAt.toISOString(),
      decidedAt: entry.decidedAt?.toISOString() ?? null,
      decidedBy: entry.decidedBy,
    })),
    mergedFrom,
    mergedClients: client.mergedFrom.map((merged) => ({
      id: toWireId(merged.id),
      mergedAt: (merged.mergedAt ?? client.updatedAt).toISOString(),
      mergedBy: merged.mergedBy ?? "",
    })),
    erasureRequests: await erasureRequestsOfClient(prisma, client.id),
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  };
}

function findClientForView(prisma: PrismaClient, id: bigint) {
  return prisma.client.findUnique({
    where: { id },
    include: {
      applications: {
        orderBy: { id: "asc" },
        include: { lead: { select: { id: true, status: true, createdAt: true } } },
      },
      history: {
        orderBy: { id: "asc" },
        include: { lead: { select: { partner: { select: { id: true, name: true } } } } },
      },
      mergedFrom: {
        orderBy: [{ mergedAt: "asc" }, { id: "asc" }],
        select: { id: true, mergedAt: true, mergedBy: true },
      },
    },
  });
}

export type ClientSort = "created" | "name";

export type ClientFilter = {
  search?: string | undefined;
  /** Inclusive calendar dates, YYYY-MM-DD, UTC. */
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  sort?: ClientSort | undefined;
  order?: "asc" | "desc" | undefined;
  /** Rows to skip: (page - 1) * limit. */
  offset?: number | undefined;
  limit?: number | undefined;
};

/**
 * Newest first, or by name. The search is a name (prefix of last name, then first name), a
 * passport number or a mobile phone; numbered pages with the total.
 */
export async function listClients(
  prisma: PrismaClient,
  actor: Actor,
  filter: ClientFilter,
): Promise<ClientPage> {
  requireStaff(actor);
  const limit = Math.min(filter.limit ?? 50, MAX_PAGE_SIZE);
  const order = filter.order ?? (filter.sort === "name" ? "asc" : "desc");
  // Merged clients (tombstones) are not listed: their client is, and opening one shows it.
  const where: Prisma.ClientWhereInput = {
    mergedIntoId: null,
    ...createdBetween(filter.createdFrom, filter.createdTo),
    ...clientSearch(filter.search),
  };
  const [rows, total] = await Promise.all([
    prisma.client.findMany({
      where,
      orderBy:
        filter.sort === "name"
          ? [
              { keyLastName: order },
              { keyFirstName: order },
              { keyPatronymic: order },
              { id: "desc" },
            ]
          : [{ id: order }],
      skip: filter.offset ?? 0,
      take: limit,
      include: { _count: { select: { applications: true } } },
    }),
    prisma.client.count({ where }),
  ]);
  return {
    items: rows.map((client) => ({
      ...toClientSummary(client),
      mobilePhoneMasked: maskPhone(client.mobilePhone),
      applicationsCount: client._count.applications,
      createdAt: client.createdAt.toISOString(),
    })),
    total,
  };
}

function createdBetween(from?: string, to?: string): Prisma.ClientWhereInput {
  if (!from && !to) return {};
  const createdAt: Prisma.DateTimeFilter = {};
  if (from) createdAt.gte = new Date(`${from}T00:00:00.000Z`);
  if (to) createdAt.lt = new Date(new Date(`${to}T00:00:00.000Z`).getTime() + 24 * 3600 * 1000);
  return { createdAt };
}

function clientSearch(search?: string): Prisma.ClientWhereInput {
  const text = search?.trim();
  if (!text) return {};
  if (/^[\d\s()+-]+$/.test(text)) {
    const digits = normalizePassportPart(text);
    // Ten digits may be a passport or a phone without its +7: both are looked for.
    const phone = normalizeRuMobilePhone(text);
    const or: Prisma.ClientWhereInput[] = [];
    if (phone) or.push({ mobilePhone: phone });
    if (digits.length === 6 && !text.includes("+")) or.push({ keyPassportNumber: digits });
    if (digits.length === 10 && !text.includes("+"))
      or.push({ keyPassportSeries: digits.slice(0, 4), keyPassportNumber: digits.slice(4) });
    if (or.length > 0) return { OR: or };
    throw new DomainError(
      "INVALID",
      "INVALID_PASSPORT_SEARCH",
      "Search by digits takes a passport (6-digit number, or series and number) or a mobile phone",
      [
        {
          path: "search",
          code: "INVALID_FORMAT",
          params: { format: "passportSearch" },
          message: "Expected 6 or 10 digits of a passport, or a mobile phone",
        },
      ],
    );
  }
  const [last, first] = normalizeName(text).split(" ");
  if (!last) return {};
  return {
    keyLastName: { startsWith: last },
    ...(first ? { keyFirstName: { startsWith: first } } : {}),
  };
}

// The contact fields a proposal may carry: the ones a conversion refreshes (conversion.ts).
const CONTACT_FIELDS = [
  "mobilePhone",
  "email",
  "addressData",
  "registrationAddressData",
  "employerTitle",
  "employerInn",
  "meanIncome",
] as const;
type ContactField = (typeof CONTACT_FIELDS)[number];
const isContactField = (field: string): field is ContactField =>
  (CONTACT_FIELDS as readonly string[]).includes(field);

type Operator = Extract<Actor, { kind: "operator" }>;

// Deciding on a proposal is a person's judgement (is this really the client's new phone?), so only
// an operator may do it: not a partner key, and not a service key either. The API refuses others
// with FORBIDDEN first; this is the same rule where the domain is called directly.
function requireOperator(actor: Actor): Operator {
  if (actor.kind !== "operator") throw notFound("Contact proposal");
  return actor;
}

type ProposalRow = { id: bigint; field: string; newValue: Prisma.JsonValue };

/**
 * Within the decision's transaction: locks the client (conversions refreshing its contacts lock it
 * too, and so does a concurrent decision, which then finds nothing left to decide) and returns it
 * with the proposal's rows: the PROPOSED history rows that lead's conversion wrote.
 */
async function lockProposal(
  tx: Prisma.TransactionClient,
  clientId: bigint,
  leadId: bigint,
): Promise<{ client: Client; rows: ProposalRow[] }> {
  const [client] = await tx.$queryRaw<
    Client[]
  >`SELECT * FROM "Client" WHERE id = ${clientId} FOR UPDATE`;
  if (!client) throw notFound("Client");
  const entries = await tx.clientHistory.findMany({
    where: { clientId, leadId, status: { not: "APPLIED" } },
    select: { id: true, field: true, newValue: true, status: true },
    orderBy: { id: "asc" },
  });
  if (entries.length === 0) throw notFound("Contact proposal");
  const rows = entries.filter((entry) => entry.status === "PROPOSED");
  if (rows.length === 0)
    throw new DomainError(
      "CONFLICT",
      "CONTACT_PROPOSAL_DECIDED",
      "This contact proposal has already been accepted or rejected",
    );
  return { client, rows };
}

/** How a decision changes a locked proposal, inside its transaction. */
type ProposalDecision = (
  tx: Prisma.TransactionClient,
  proposal: { client: Client; rows: ProposalRow[] },
  decidedBy: string,
) => Promise<void>;

/**
 * An operator's decision on a proposal: `decide` runs in one transaction with the proposal's rows
 * locked (lockProposal); the answer is the client as it is afterwards.
 */
function contactProposalDecision(decide: ProposalDecision) {
  return async (
    prisma: PrismaClient,
    actor: Actor,
    clientId: number,
    leadId: number,
  ): Promise<ClientView> => {
    const operator = requireOperator(actor);
    await prisma.$transaction(async (tx) =>
      decide(tx, await lockProposal(tx, toDbId(clientId), toDbId(leadId)), operator.login),
    );
    return getClient(prisma, actor, clientId);
  };
}

/**
 * Accepts the contact changes a lead's conversion proposed for a client: the client takes the
 * proposed values, and each history row becomes ACCEPTED with the value it actually replaced, the
 * operator and the time. One transaction.
 */
export const acceptContactProposal = contactProposalDecision(
  async (tx, { client, rows }, decidedBy) => {
    const decidedAt = new Date();
    const data: Prisma.ClientUpdateInput = {};
    for (const row of rows) {
      if (!isContactField(row.field))
        throw new Error("a contact proposal names a field that is not a contact field");
      Object.assign(data, { [row.field]: row.newValue });
    }
    await tx.client.update({ where: { id: client.id }, data });
    for (const row of rows) {
      const replaced = client[row.field as ContactField];
      await tx.clientHistory.update({
        where: { id: row.id },
        data: {
          status: "ACCEPTED",
          oldValue: replaced === null ? Prisma.DbNull : (replaced as Prisma.InputJsonValue),
          decidedAt,
          decidedBy,
        },
      });
    }
  },
);

/** Rejects a proposal: the client keeps its values; the rows stay in the history as REJECTED. One transaction. */
export const rejectContactProposal = contactProposalDecision(async (tx, { rows }, decidedBy) => {
  await tx.clientHistory.updateMany({
    where: { id: { in: rows.map((row) => row.id) } },
    data: { status: "REJECTED", decidedAt: new Date(), decidedBy },
  });
});
