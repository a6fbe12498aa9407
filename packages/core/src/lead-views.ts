// Database rows -> the shapes the API returns (@leadcore/schema views).

import type { Application, Client, DenialReason, Lead, Operator, Partner } from "@leadcore/db";
import {
  identifierProblems,
  type LeadBody,
  type LeadSummary,
  maskPassportNumber,
  type StoredLead,
} from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { toWireId } from "./ids.ts";

type LeadRow = Lead & {
  partner: Partner | null;
  application: Pick<Application, "id"> | null;
  manager: Pick<Operator, "id" | "login"> | null;
  denialReason: DenialReason | null;
};

const publicReason = (reason: DenialReason) => ({
  id: toWireId(reason.id),
  code: reason.code,
  title: reason.title,
});

/**
 * The lead as its reader may see it. The seed's server-owned fields come from the lead's state;
 * what only the lender's staff see (the operator's comment, the stop-list entry, the assigned
 * operator's login) is left out for a partner key.
 */
export function toStoredLead(row: LeadRow, actor: Actor): StoredLead {
  const document = row.data as LeadBody;
  const staff = actor.kind !== "partner";
  return {
    ...(document as Omit<StoredLead, "id" | "status" | "partner" | "conversion" | "warnings">),
    id: toWireId(row.id),
    status: row.status,
    ...(row.clientId === null ? {} : { clientId: toWireId(row.clientId) }),
    ...(row.denialReasonId === null ? {} : { denialReasonId: toWireId(row.denialReasonId) }),
    ...(row.managerId === null ? {} : { managerId: toWireId(row.managerId) }),
    partner: row.partner ? { id: toWireId(row.partner.id), name: row.partner.name } : null,
    denial:
      row.status === "DENIED" && row.denialReason && row.closedAt
        ? {
            reason: publicReason(row.denialReason),
            at: row.closedAt.toISOString(),
            ...(staff && row.denialComment ? { comment: row.denialComment } : {}),
            ...(staff && row.stopListEntryId !== null
              ? { stopListEntryId: toWireId(row.stopListEntryId) }
              : {}),
          }
        : null,
    withdrawal:
      row.status === "WITHDRAWN" && row.closedAt
        ? { reason: row.withdrawalReason, at: row.closedAt.toISOString() }
        : null,
    ...(staff && row.manager
      ? { manager: { id: toWireId(row.manager.id), login: row.manager.login } }
      : {}),
    conversion:
      row.status === "CONVERTED" &&
      row.clientId &&
      row.application &&
      row.outcome &&
      row.convertedAt
        ? {
            clientId: toWireId(row.clientId),
            applicationId: toWireId(row.application.id),
            outcome: row.outcome,
            convertedAt: row.convertedAt.toISOString(),
          }
        : null,
    warnings: identifierProblems(document),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `+7 916 ***-**-67`: enough for an operator to recognise, not enough to call. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 7) return "***";
  return `+${digits.slice(0, -10) || "7"} ${digits.slice(-10, -7)} ***-**-${digits.slice(-2)}`;
}

/** A line of a list; the assigned operator's login is for the lender's staff, as on the lead. */
export function toLeadSummary(
  row: Lead & {
    partner: Partner | null;
    denialReason: DenialReason | null;
    manager: Pick<Operator, "id" | "login"> | null;
  },
  actor: Actor,
): LeadSummary {
  return {
    id: toWireId(row.id),
    status: row.status,
    channel: row.channel,
    lastName: row.lastName,
    firstName: row.firstName,
    patronymic: row.patronymic,
    mobilePhoneMasked: maskPhone(row.mobilePhone),
    amount: row.amount,
    partner: row.partner ? { id: toWireId(row.partner.id), name: row.partner.name } : null,
    clientId: row.clientId === null ? null : toWireId(row.clientId),
    managerId: row.managerId === null ? null : toWireId(row.managerId),
    ...(actor.kind !== "partner" && row.manager
      ? { manager: { id: toWireId(row.manager.id), login: row.manager.login } }
      : {}),
    denialReason: row.denialReason ? publicReason(row.denialReason) : null,
    createdAt: row.createdAt.toISOString(),
  };
}

export function clientFullName(
  client: Pick<Client, "lastName" | "firstName" | "patronymic">,
): string {
  return [client.lastName, client.firstName, client.patronymic].filter(Boolean).join(" ");
}

/** `45 06 ***456` */
export function maskPassport(series: string, number: string): string {
  return `${series.slice(0, 2)} ${series.slice(2)} ${maskPassportNumber(number)}`;
}

export function toClientSummary(
  client: Pick<
    Client,
    "id" | "lastName" | "firstName" | "patronymic" | "passportSeries" | "passportNumber"
  >,
) {
  return {
    id: toWireId(client.id),
    fullName: clientFullName(client),
    passportMasked: maskPassport(client.passportSeries, client.passportNumber),
  };
}
