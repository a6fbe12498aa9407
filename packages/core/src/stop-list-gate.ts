// The stop-list gate of every lead write: a lead whose person is on the stop-list (by passport,
// mobile phone, INN, SNILS, or name and birth date) is denied at once with the STOP_LIST reason,
// in the same transaction as the write that brought it in. It costs one indexed lookup per write
// (findStopListHit); the reason's id is read only on a hit.
//
// The partner sees the reason's public title; which entry matched is for the lender's staff
// (Lead.stopListEntryId, shown on the lead's page).

import type { Prisma, PrismaClient, RawSql } from "@leadcore/db";
import type { LeadBody } from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { stopListReasonId } from "./denial-reasons.ts";
import { DomainError } from "./errors.ts";
import { denyInTransaction } from "./lead-lifecycle.ts";
import { findStopListHit } from "./stop-list.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** The entry the lead's person is listed by, or null (the one statement every write pays). */
export async function stopListHit(db: Db | RawSql, body: LeadBody): Promise<bigint | null> {
  return (await findStopListHit(db, body))?.entryId ?? null;
}

/** Denies the lead just written (inside its transaction) for the stop-list entry it matched. */
export async function denyForStopList(
  tx: Prisma.TransactionClient,
  actor: Actor,
  leadId: bigint,
  entryId: bigint,
): Promise<void> {
  await denyInTransaction(tx, actor, leadId, {
    reasonId: await stopListReasonId(tx),
    stopListEntryId: entryId,
  });
}

/** A conversion of a listed person: refused; the lead was denied in its place. */
export const stopListedConversion = () =>
  new DomainError(
    "CONFLICT",
    "LEAD_STOP_LISTED",
    "The person is on the stop-list: the lead is denied and cannot be converted",
  );
