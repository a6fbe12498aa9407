// The writes of the two hot paths, lead.update and lead.convert, as single SQL statements.
//
// Why SQL and not Prisma's model API here: `pnpm bench --profile` showed Prisma's query building
// as the largest CPU cost of both operations (a 7 KB JSON document through `updateMany` costs
// about 2.6x the CPU of the same UPDATE through `$queryRaw`), and the rule needs several rows
// written together. Each function below is one statement: PostgreSQL runs it atomically, so the
// lead, its application and its audit event are written together or not at all.
//
// The schema is Prisma's (prisma/schema.prisma); the integration tests of leads, conversion and
// audit run these statements on both databases, so a renamed column fails them.
import type { RawSql } from "@leadcore/db";
import type { LeadStatus } from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { actorFields, type FieldChange } from "./audit.ts";
import { type LeadDocument, searchColumns } from "./lead-document.ts";
import type { ServerOwnedValues } from "./lead-lifecycle.ts";

/** PrismaClient, a transaction, or the database's direct `sql` (@leadcore/db raw-sql.ts). */
type Sql = RawSql;

/** A lead as read for an edit: `version` is its row version (xmin), for an optimistic write. */
export type LeadVersion = ServerOwnedValues & {
  status: LeadStatus;
  data: unknown;
  version: string;
};

export async function readLeadVersion(
  sql: Sql,
  leadId: bigint,
  partnerId: bigint | null,
): Promise<LeadVersion | undefined> {
  const rows = await sql.$queryRaw<LeadVersion[]>`
    SELECT status::text AS status, data, xmin::text AS version, "clientId", "denialReasonId", "managerId"
      FROM "Lead"
     WHERE id = ${leadId} AND (${partnerId}::bigint IS NULL OR "partnerId" = ${partnerId}::bigint)`;
  return rows[0];
}

const json = (value: unknown) =>
  value === undefined || value === null ? null : JSON.stringify(value);

/**
 * Replaces the lead's document and records the UPDATED event, only if the lead is still NEW and
 * still the version that was read (the diff in `changes` was made against it). False when
 * another write came first: the caller reads again.
 */
export async function writeLeadUpdate(
  sql: Sql,
  write: {
    leadId: bigint;
    version: string;
    document: LeadDocument;
    actor: Actor;
    changes: FieldChange[];
  },
): Promise<boolean> {
  const c = searchColumns(write.document);
  const who = actorFields(write.actor);
  const rows = await sql.$queryRaw<{ leadId: bigint }[]>`
    WITH updated AS (
      UPDATE "Lead"
         SET data = ${json(write.document)}::jsonb,
             "lastName" = ${c.lastName}::text, "firstName" = ${c.firstName}::text, patronymic = ${c.patronymic}::text,
             "keyLastName" = ${c.keyLastName}::text, "keyFirstName" = ${c.keyFirstName}::text, "keyPatronymic" = ${c.keyPatronymic}::text,
             "mobilePhone" = ${c.mobilePhone}::text, "passportSeries" = ${c.passportSeries}::text,
             "passportNumber" = ${c.passportNumber}::text, channel = ${c.channel}::"Channel",
             amount = ${c.amount}::double precision, "updatedAt" = now()
       WHERE id = ${write.leadId} AND status = 'NEW' AND xmin::text = ${write.version}
      RETURNING id
    )
    INSERT INTO "LeadEvent" ("leadId", kind, "actorKind", "actorId", "actorName", changes)
    SELECT id, 'UPDATED', ${who.actorKind}::text, ${who.actorId}::bigint, ${who.actorName}::text, ${json(write.changes)}::jsonb
      FROM updated
    RETURNING "leadId"`;
  return rows.length === 1;
}

export type ConversionWrite = {
  leadId: bigint;
  clientId: bigint;
  /** The operator working the lead (its managerId) becomes the application's manager. */
  managerId: bigint | null;
  outcome: "MATCHED_EXISTING_CLIENT" | "CREATED_NEW_CLIENT";
  document: LeadDocument;
  actor: Actor;
  /** The document's changes; the statement adds the conversion itself (with the new application's id). */
  changes: FieldChange[];
};

/**
 * Inside the conversion's transaction, with the lead locked: creates the application from the
 * lead, marks the lead CONVERTED with its client and outcome, and records the CONVERTED event.
 * Returns the application's id.
 */
export async function writeConversion(tx: Sql, write: ConversionWrite): Promise<bigint> {
  const d = write.document;
  const c = searchColumns(d);
  const who = actorFields(write.actor);
  const id = (value: number | null | undefined) =>
    value === undefined || value === null ? null : BigInt(value);
  const rows = await tx.$queryRaw<{ applicationId: bigint }[]>`
    WITH application AS (
      INSERT INTO "Application" ("clientId", "leadId", amount, period, "periodUnit", "creditProductId", channel, goods,
                                 "shopId", "storeTypeId", "subdivisionId", "managerId", "gettingMoneyMethodId",
                                 "approvedByScorista", "rosfinmonitoringCheck", "ufmsCheck", "mobilePhoneCheck",
                                 "ipAndRegionMatch", "ipAndRegAddressMatch")
      VALUES (${write.clientId}, ${write.leadId}, ${d.amount ?? null}::double precision, ${d.period ?? null}::integer,
              ${d.periodUnit ?? null}::"PeriodUnit", ${id(d.creditProductId)}::bigint, ${d.channel ?? null}::"Channel",
              ${json(d.goods)}::jsonb, ${id(d.shopId)}::bigint, ${id(d.storeTypeId)}::bigint, ${id(d.subdivisionId)}::bigint,
              ${write.managerId}::bigint, ${id(d.gettingMoneyMethodId)}::bigint, ${d.approvedByScorista ?? null}::boolean,
              ${d.rosfinmonitoringCheck ?? null}::boolean, ${d.ufmsCheck ?? null}::boolean, ${d.mobilePhoneCheck ?? null}::boolean,
              ${d.ipAndRegionMatch ?? null}::boolean, ${d.ipAndRegAddressMatch ?? null}::boolean)
      RETURNING id
    ), lead AS (
      UPDATE "Lead"
         SET data = ${json(d)}::jsonb,
             "lastName" = ${c.lastName}::text, "firstName" = ${c.firstName}::text, patronymic = ${c.patronymic}::text,
             "keyLastName" = ${c.keyLastName}::text, "keyFirstName" = ${c.keyFirstName}::text, "keyPatronymic" = ${c.keyPatronymic}::text,
             "mobilePhone" = ${c.mobilePhone}::text, "passportSeries" = ${c.passportSeries}::text,
             "passportNumber" = ${c.passportNumber}::text, channel = ${c.channel}::"Channel",
             amount = ${c.amount}::double precision, status = 'CONVERTED', "clientId" = ${write.clientId},
             outcome = ${write.outcome}::"ConversionOutcome", "convertedAt" = now(), "updatedAt" = now()
       WHERE id = ${write.leadId}
      RETURNING id
    ), event AS (
      INSERT INTO "LeadEvent" ("leadId", kind, "actorKind", "actorId", "actorName", changes)
      SELECT lead.id, 'CONVERTED', ${who.actorKind}::text, ${who.actorId}::bigint, ${who.actorName}::text,
             ${json(write.changes)}::jsonb || jsonb_build_array(jsonb_build_object(
               'path', 'conversion',
               'new', jsonb_build_object('clientId', ${write.clientId}::bigint, 'applicationId', application.id,
                                         'outcome', ${write.outcome}::text)))
        FROM lead, application
      RETURNING id
    )
    SELECT application.id AS "applicationId" FROM application, event`;
  const row = rows[0];
  if (!row) throw new Error("the conversion's statement wrote no event");
  return row.applicationId;
}
