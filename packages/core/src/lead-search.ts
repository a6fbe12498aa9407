// The operator's list of leads (lead.search): the list filter, in the order the operator sorts by,
// numbered pages with the total, and for staff two facts per row that used to need opening the
// lead: whether converting it would add an application to a client that exists (the rule's exact
// key, one indexed lookup for the whole page), and how many identifiers fail their checks.
// Partners keep lead.list's cursor pages (REST); a partner key here gets neither fact.

import type { Prisma, PrismaClient } from "@leadcore/db";
import {
  type IdentityKey,
  identifierProblems,
  identityKey,
  type LeadBody,
  type LeadSearchPage,
  type LeadSort,
  MAX_PAGE_SIZE,
  type SortOrder,
} from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { toLeadSummary } from "./lead-views.ts";
import { type LeadFilter, leadWhere } from "./leads.ts";

export type LeadSearch = Omit<LeadFilter, "cursor"> & {
  sort?: LeadSort | undefined;
  order?: SortOrder | undefined;
  /** Rows to skip: (page - 1) * limit. */
  offset?: number | undefined;
};

// Every order ends on the id, so rows with equal values keep one order from page to page. Names
// sort by the identity key's spelling ("Ёлкин" among the "Е"), amounts put leads without one last.
function orderBy(sort: LeadSort, order: SortOrder): Prisma.LeadOrderByWithRelationInput[] {
  switch (sort) {
    case "created":
      return [{ id: order }];
    case "amount":
      return [{ amount: { sort: order, nulls: "last" } }, { id: "desc" }];
    case "status":
      return [{ status: order }, { id: "desc" }];
    case "name":
      return [
        { keyLastName: { sort: order, nulls: "last" } },
        { keyFirstName: { sort: order, nulls: "last" } },
        { keyPatronymic: { sort: order, nulls: "last" } },
        { id: "desc" },
      ];
  }
}

export async function searchLeads(
  prisma: PrismaClient,
  actor: Actor,
  search: LeadSearch,
): Promise<LeadSearchPage> {
  const { sort = "created", order = "desc", offset = 0, limit: asked, ...filter } = search;
  const limit = Math.min(asked ?? 50, MAX_PAGE_SIZE);
  const where = leadWhere(actor, filter);
  const [rows, total] = await Promise.all([
    prisma.lead.findMany({
      where,
      orderBy: orderBy(sort, order),
      skip: offset,
      take: limit,
      include: {
        partner: true,
        denialReason: true,
        manager: { select: { id: true, login: true } },
      },
    }),
    prisma.lead.count({ where }),
  ]);
  if (actor.kind === "partner") {
    return { items: rows.map((row) => toLeadSummary(row, actor)), total };
  }
  const keys = new Map<bigint, IdentityKey>();
  for (const row of rows) {
    if (row.status !== "NEW") continue;
    const key = identityKey(row.data as LeadBody);
    if (key.ok) keys.set(row.id, key.key);
  }
  const held = await heldKeys(prisma, [...keys.values()]);
  return {
    items: rows.map((row) => {
      const key = keys.get(row.id);
      return {
        ...toLeadSummary(row, actor),
        ...(row.status === "NEW"
          ? { wouldAttach: key !== undefined && held.has(keyText(key)) }
          : {}),
        identifierWarnings: identifierProblems(row.data as LeadBody).length,
      };
    }),
    total,
  };
}

const keyText = (key: IdentityKey) =>
  [key.lastName, key.firstName, key.patronymic, key.passportSeries, key.passportNumber].join(
    "\u0000",
  );

/** Which of these keys a client holds (a merged client's key too: it leads to its client). */
async function heldKeys(prisma: PrismaClient, keys: IdentityKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const clients = await prisma.client.findMany({
    where: {
      keyParkedId: 0,
      OR: keys.map((key) => ({
        keyLastName: key.lastName,
        keyFirstName: key.firstName,
        keyPatronymic: key.patronymic,
        keyPassportSeries: key.passportSeries,
        keyPassportNumber: key.passportNumber,
      })),
    },
    select: {
      keyLastName: true,
      keyFirstName: true,
      keyPatronymic: true,
      keyPassportSeries: true,
      keyPassportNumber: true,
    },
  });
  return new Set(
    clients.map((client) =>
      keyText({
        lastName: client.keyLastName,
        firstName: client.keyFirstName,
        patronymic: client.keyPatronymic,
        passportSeries: client.keyPassportSeries,
        passportNumber: client.keyPassportNumber,
      }),
    ),
  );
}
