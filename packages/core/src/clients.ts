// Reading clients: identity, contacts and their history, applications with their source leads.
import type { ClientPage, ClientView } from "@leadcore/schema";
import { normalizeName, normalizePassportPart } from "@leadcore/schema";
import type { Prisma, PrismaClient } from "@leadcore/db";
import type { Actor } from "./actor.ts";
import { DomainError, notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import { maskPassport, toClientSummary } from "./lead-views.ts";
import { MAX_PAGE_SIZE } from "./leads.ts";

// Clients are the lender's own records: partners never see them, only their leads' outcome.
function requireStaff(actor: Actor): void {
  if (actor.kind === "partner") throw notFound("Client");
}

export async function getClient(prisma: PrismaClient, actor: Actor, id: number): Promise<ClientView> {
  requireStaff(actor);
  const client = await prisma.client.findUnique({
    where: { id: toDbId(id) },
    include: {
      applications: { orderBy: { id: "asc" }, include: { lead: { select: { id: true, status: true, createdAt: true } } } },
      history: { orderBy: { id: "asc" } },
    },
  });
  if (!client) throw notFound("Client");
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
      creditProductId: application.creditProductId === null ? null : toWireId(application.creditProductId),
      channel: application.channel,
      createdAt: application.createdAt.toISOString(),
    })),
    history: client.history.map((entry) => ({
      field: entry.field,
      oldValue: entry.oldValue,
      newValue: entry.newValue,
      leadId: toWireId(entry.leadId),
      changedAt: entry.changedAt.toISOString(),
    })),
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  };
}

export type ClientFilter = { search?: string | undefined; cursor?: number | undefined; limit?: number | undefined };

/** Newest first. The search is a name (prefix of last name, then first name) or a passport number. */
export async function listClients(prisma: PrismaClient, actor: Actor, filter: ClientFilter): Promise<ClientPage> {
  requireStaff(actor);
  const limit = Math.min(filter.limit ?? 50, MAX_PAGE_SIZE);
  const where: Prisma.ClientWhereInput = {
    ...(filter.cursor ? { id: { lt: toDbId(filter.cursor) } } : {}),
    ...clientSearch(filter.search),
  };
  const rows = await prisma.client.findMany({
    where,
    orderBy: { id: "desc" },
    take: limit + 1,
    include: { _count: { select: { applications: true } } },
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((client) => ({
      ...toClientSummary(client),
      applicationsCount: client._count.applications,
      createdAt: client.createdAt.toISOString(),
    })),
    nextCursor: rows.length > limit ? toWireId(page[page.length - 1]!.id) : null,
  };
}

function clientSearch(search?: string): Prisma.ClientWhereInput {
  const text = search?.trim();
  if (!text) return {};
  if (/^[\d\s]+$/.test(text)) {
    const digits = normalizePassportPart(text);
    if (digits.length === 6) return { keyPassportNumber: digits };
    if (digits.length === 10) return { keyPassportSeries: digits.slice(0, 4), keyPassportNumber: digits.slice(4) };
    throw new DomainError("INVALID", "Search by passport takes the 6-digit number or series and number", [
      { path: "search", message: "Expected 6 or 10 digits" },
    ]);
  }
  const [last, first] = normalizeName(text).split(" ");
  return {
    keyLastName: { startsWith: last! },
    ...(first ? { keyFirstName: { startsWith: first } } : {}),
  };
}
