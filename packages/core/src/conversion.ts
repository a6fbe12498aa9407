// Converting a lead: the rule of the contract. If last name, first name, patronymic, passport
// series and number (normalized: @leadcore/schema identityKey) match an existing client, the
// lead's application is added to that client; otherwise a new client is created.
//
// Everything happens in one transaction. Two conversions of the same person at the same moment
// meet at the unique index on the client's identity key (INSERT ... ON CONFLICT DO NOTHING, then
// read the winner), never in a read-then-insert window.
//
// Tenancy: a matched client's contacts change only through the partners the client came through
// (the partners of leads already converted into it), operators and service keys. A partner key
// converting another tenant's customer still adds its application, but its contact data is
// recorded as a proposal in the client's history for an operator (clients.ts); where a phone
// proves who a person is, letting any partner replace it would hand the account to whoever
// knows a name and a passport number.

import {
  type Client,
  Prisma,
  type PrismaClient,
  type RawSql,
  type SqlDatabase,
} from "@leadcore/db";
import {
  type ConversionResult,
  identifierProblems,
  identityKey,
  KEY_FIELDS,
  type LeadBody,
  type LeadStatus,
  type MatchPreview,
  nameSkeleton,
} from "@leadcore/schema";
import { type Actor, leadScope } from "./actor.ts";
import { diffDocuments } from "./audit.ts";
import { findSuspects, personOfDocument } from "./duplicate-suspicion.ts";
import { suspectsWithClients } from "./duplicate-views.ts";
import { DomainError, type FieldIssue, notFound } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import {
  type LeadDocument,
  requireLeadMinimum,
  sameDocument,
  searchColumns,
  toLeadDocument,
} from "./lead-document.ts";
import {
  requireServerOwnedUnchanged,
  type ServerOwnedValues,
  stateRefusal,
} from "./lead-lifecycle.ts";
import { toClientSummary } from "./lead-views.ts";
import { writeConversion } from "./lead-writes.ts";
import { denyForStopList, stopListedConversion, stopListHit } from "./stop-list-gate.ts";
import { recordWebhookEvent } from "./webhook-delivery.ts";

type Tx = RawSql;
type IdentityKey = Extract<ReturnType<typeof identityKey>, { ok: true }>["key"];

// Identifier fields whose invalid value blocks a conversion: a client must not hold a bad one.
const BLOCKING_PREFIXES = ["passport.", "inn", "snils"];

/** Why this document cannot become a client (empty when it can). Paths, never values. */
export function conversionProblems(document: LeadDocument): FieldIssue[] {
  const problems: FieldIssue[] = [];
  const key = identityKey(document);
  if (!key.ok) {
    for (const path of key.missing)
      problems.push({
        path,
        code: "REQUIRED_TO_CONVERT",
        message: "Required to convert a lead (part of the client match key)",
      });
  }
  for (const problem of identifierProblems(document)) {
    if (
      BLOCKING_PREFIXES.some((prefix) => problem.path.startsWith(prefix)) &&
      !problems.some((p) => p.path === problem.path)
    ) {
      problems.push(problem);
    }
  }
  return problems;
}

type LockedLead = ServerOwnedValues & {
  id: bigint;
  partnerId: bigint | null;
  status: LeadStatus;
  outcome: ConversionResult["outcome"] | null;
  data: unknown;
};

/**
 * A client's id and the contact data a conversion may refresh. `foreignPartner`: the caller is a
 * partner key and none of this client's converted leads is that partner's, so its contact data
 * may only be proposed.
 */
type ClientContacts = Pick<Client, "id" | ContactField> & { foreignPartner: boolean };
type ContactField = keyof ReturnType<typeof contactFields>;

// What one conversion costs the database (counted by `pnpm bench`): BEGIN; one statement that
// locks the lead and the client with the body's identity key; the stop-list gate; for a new
// person the INSERT of the client; one statement writing the application, the lead and its audit
// event; the webhook outbox's INSERT (a partner's lead); COMMIT. Changed contact data adds one
// statement: the client's UPDATE with its history rows, or a foreign partner's proposal rows only.
//
// The statements are plain SQL and run on `sql`, the database's driver directly (raw-sql.ts) in
// the server, or on Prisma's transaction (the default): the same text either way. The one move
// that stays on Prisma's model API is denying a stop-listed person's lead (the lifecycle's
// transition): met on the driver, the transaction is rolled back and the conversion run again on
// Prisma, where the lead is denied in the same transaction that found the entry.
//
// The cross-partner check adds no statement: it is an EXISTS inside the locking statement (and
// inside the winner's SELECT after a lost insert race), one probe of the index on
// Lead(clientId, partnerId), evaluated only for a partner key and a matched client.
export async function convertLead(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
  body: LeadBody,
  sql: SqlDatabase = prisma,
): Promise<ConversionResult> {
  const leadId = toDbId(id);
  // The key comes from the body, so the client can be looked up in the same statement that locks
  // the lead. (The document differs from the body only in the card fields, which take no part in
  // the key.)
  const key = identityKey(body);
  const result = await sql
    .$transaction(
      async (tx): Promise<ConversionResult | "STOP_LISTED" | "DENY_ON_PRISMA"> => {
        const { lead, client: matched } = await lockLeadAndClient(
          tx,
          leadId,
          actor,
          key.ok ? key.key : null,
        );
        requireServerOwnedUnchanged(body, lead);
        const document = toLeadDocument(body, lead.data as LeadBody);
        if (lead.status === "CONVERTED") return repeatedConversion(tx, lead, document);
        if (lead.status !== "NEW") throw stateRefusal(lead.status, "converted");
        // A listed person is never converted, even when listed after the lead came in: the lead is
        // denied instead (committed), and the call refused.
        const listedBy = await stopListHit(tx, body);
        if (listedBy !== null) {
          const prismaTx = prismaTransaction(tx);
          if (prismaTx === null) throw new DenyOnPrisma();
          await denyForStopList(prismaTx, actor, leadId, listedBy);
          return "STOP_LISTED";
        }

        requireLeadMinimum(document);
        const problems = conversionProblems(document);
        if (problems.length > 0 || !key.ok) {
          throw new DomainError(
            "UNPROCESSABLE",
            "LEAD_NOT_CONVERTIBLE",
            "The lead cannot be converted",
            problems,
          );
        }

        const { client, created } = matched
          ? { client: matched, created: false }
          : await createClient(tx, key.key, document, leadScope(actor).partnerId ?? null);
        if (!created) await refreshClientContacts(tx, client, document, leadId);
        const outcome = created ? "CREATED_NEW_CLIENT" : "MATCHED_EXISTING_CLIENT";
        const changes = [
          ...diffDocuments(lead.data, document),
          { path: "status", old: "NEW", new: "CONVERTED" },
        ];
        const applicationId = await writeConversion(tx, {
          leadId,
          clientId: client.id,
          managerId: lead.managerId,
          outcome,
          document,
          actor,
          changes,
        });
        await recordWebhookEvent(tx, {
          type: "lead.converted",
          leadId,
          partnerId: lead.partnerId,
          data: { status: "CONVERTED", outcome, applicationId: toWireId(applicationId) },
        });
        return { clientId: toWireId(client.id), applicationId: toWireId(applicationId), outcome };
      },
      // Conversions of one person queue on the client row; give them time rather than fail.
      { maxWait: 10_000, timeout: 30_000 },
    )
    .catch((error: unknown) => {
      if (error instanceof DenyOnPrisma) return "DENY_ON_PRISMA" as const;
      throw error;
    });
  if (result === "DENY_ON_PRISMA") return convertLead(prisma, actor, id, body, prisma);
  if (result === "STOP_LISTED") throw stopListedConversion();
  return result;
}

/** Thrown inside the driver's transaction to roll it back and run the conversion on Prisma's. */
class DenyOnPrisma extends Error {}

/** The transaction as Prisma's, when it is one (only Prisma's has the model API). */
function prismaTransaction(tx: Tx): Prisma.TransactionClient | null {
  return "lead" in tx ? (tx as Prisma.TransactionClient) : null;
}

type LockedRow = LockedLead & {
  client_id: bigint | null;
  client_mergedIntoId: bigint | null;
  client_foreign_partner: boolean | null;
} & {
  [F in ContactField as `client_${F}`]: Client[F] | null;
};

/**
 * Locks the lead (FOR UPDATE, within the caller's scope) and, when `key` is given, the client
 * holding that identity key, in one statement. A lead outside the scope is not found, and then no
 * client is locked either. For a partner key the same statement says whether the client came
 * through that partner (the lead being converted is not linked yet, so it never counts itself).
 */
async function lockLeadAndClient(
  tx: Tx,
  leadId: bigint,
  actor: Actor,
  key: IdentityKey | null,
): Promise<{ lead: LockedLead; client: ClientContacts | null }> {
  const partnerId = leadScope(actor).partnerId ?? null;
  const rows = await tx.$queryRaw<LockedRow[]>`
    WITH lead AS MATERIALIZED (
      SELECT id, status::text AS status, "clientId", "denialReasonId", "managerId", "partnerId",
             outcome::text AS outcome, data
        FROM "Lead"
       WHERE id = ${leadId}
         AND (${partnerId}::bigint IS NULL OR "partnerId" = ${partnerId}::bigint)
         FOR UPDATE
    )
    SELECT lead.*, c.id AS client_id, c."mergedIntoId" AS "client_mergedIntoId", c."mobilePhone" AS "client_mobilePhone", c.email AS client_email,
           c."addressData" AS "client_addressData", c."registrationAddressData" AS "client_registrationAddressData",
           c."employerTitle" AS "client_employerTitle", c."employerInn" AS "client_employerInn",
           c."meanIncome" AS "client_meanIncome", c.foreign_partner AS client_foreign_partner
      FROM lead
      LEFT JOIN LATERAL (
        SELECT "Client".*, ${foreignPartnerSql(partnerId)} AS foreign_partner
          FROM "Client"
         WHERE ${key !== null} AND lead.status = 'NEW'
           AND "keyLastName" = ${key?.lastName ?? ""} AND "keyFirstName" = ${key?.firstName ?? ""}
           AND "keyPatronymic" = ${key?.patronymic ?? ""} AND "keyPassportSeries" = ${key?.passportSeries ?? ""}
           AND "keyPassportNumber" = ${key?.passportNumber ?? ""} AND "keyParkedId" = 0
           FOR UPDATE
      ) c ON true`;
  const row = rows[0];
  if (!row) throw notFound("Lead");
  const lead: LockedLead = {
    id: row.id,
    status: row.status,
    clientId: row.clientId,
    denialReasonId: row.denialReasonId,
    managerId: row.managerId,
    partnerId: row.partnerId,
    outcome: row.outcome,
    data: row.data,
  };
  if (row.client_id === null) return { lead, client: null };
  // The key's holder is a merged client (a tombstone): the conversion goes to the client it was
  // merged into, locked by a second statement only in this rare case. Had the holder been merged
  // while this statement waited for its lock, READ COMMITTED re-read the row after the lock, so
  // its mergedIntoId is the committed one and the conversion still ends at the merge's target.
  if (row.client_mergedIntoId !== null)
    return { lead, client: await lockMergeTarget(tx, row.client_mergedIntoId, partnerId) };
  return {
    lead,
    client: {
      id: row.client_id,
      mobilePhone: row.client_mobilePhone,
      email: row.client_email,
      addressData: row.client_addressData,
      registrationAddressData: row.client_registrationAddressData,
      employerTitle: row.client_employerTitle,
      employerInn: row.client_employerInn,
      meanIncome: row.client_meanIncome,
      foreignPartner: row.client_foreign_partner === true,
    },
  };
}

/**
 * Locks the client a tombstone points to, with its contact data and, for a partner key, whether
 * the client came through that partner. Merges point every tombstone at a live client (one hop).
 */
async function lockMergeTarget(
  tx: Tx,
  clientId: bigint,
  partnerId: bigint | null,
): Promise<ClientContacts> {
  const rows = await tx.$queryRaw<(Client & { foreignPartner: boolean })[]>`
    SELECT "Client".*, ${foreignPartnerSql(partnerId)} AS "foreignPartner"
      FROM "Client" WHERE id = ${clientId} FOR UPDATE`;
  const target = rows[0];
  if (!target) throw new Error(`Client merged into ${clientId}, which does not exist`);
  if (target.mergedIntoId !== null)
    throw new Error(`Client ${clientId} is a merge target and a tombstone at once`);
  return target;
}

/**
 * SQL, within a query on "Client": true when `partnerId` is a partner none of whose leads was
 * converted into this client (one probe of the index on Lead(clientId, partnerId)); false for
 * operators and service keys (no partner). It reads the statement's snapshot: a conversion by the
 * same partner that committed while this one waited for the client's lock is not seen, so that
 * rare race errs towards a proposal, never towards applying a foreign partner's contacts.
 */
function foreignPartnerSql(partnerId: bigint | null): Prisma.Sql {
  return Prisma.sql`(${partnerId}::bigint IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM "Lead" came WHERE came."clientId" = "Client".id AND came."partnerId" = ${partnerId}::bigint))`;
}

/** Converting again with the same data is a retry: same client, no second application. */
async function repeatedConversion(
  tx: Tx,
  lead: LockedLead,
  document: LeadDocument,
): Promise<ConversionResult> {
  if (!sameDocument(lead.data, document)) {
    throw new DomainError(
      "CONFLICT",
      "LEAD_CONVERTED",
      "The lead is already converted; its data can no longer change",
    );
  }
  // The conversion writes the status with the client and the outcome: a converted lead without
  // them is a broken row, not a retry to answer.
  const { clientId, outcome } = lead;
  if (clientId === null || outcome === null)
    throw new Error(`Converted lead ${lead.id} has no client or outcome`);
  const [application] = await tx.$queryRaw<{ id: bigint }[]>`
    SELECT id FROM "Application" WHERE "leadId" = ${lead.id}`;
  if (!application) throw new Error(`Converted lead ${lead.id} has no application`);
  return {
    clientId: toWireId(clientId),
    applicationId: toWireId(application.id),
    outcome,
  };
}

/**
 * A new person: INSERT ... ON CONFLICT DO NOTHING. A concurrent conversion of the same person
 * inserting first makes ours wait at the unique index, then yield nothing: that client, locked
 * now, is the match.
 */
async function createClient(
  tx: Tx,
  key: IdentityKey,
  document: LeadDocument,
  partnerId: bigint | null,
): Promise<{ client: ClientContacts; created: boolean }> {
  const i = identityFields(key, document);
  const c = contactFields(document);
  // The timestamps as Prisma writes them: UTC in a column without a time zone.
  const [inserted] = await tx.$queryRaw<Omit<ClientContacts, "foreignPartner">[]>`
    INSERT INTO "Client" ("lastName", "firstName", patronymic, "passportSeries", "passportNumber", "birthDate",
                          "keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber",
                          "nameSkeleton", inn, snils, "mobilePhone", email, "addressData", "registrationAddressData",
                          "employerTitle", "employerInn", "meanIncome", "createdAt", "updatedAt")
    VALUES (${i.lastName}::text, ${i.firstName}::text, ${i.patronymic}::text, ${i.passportSeries}::text,
            ${i.passportNumber}::text, ${i.birthDate}::text, ${i.keyLastName}::text, ${i.keyFirstName}::text,
            ${i.keyPatronymic}::text, ${i.keyPassportSeries}::text, ${i.keyPassportNumber}::text,
            ${i.nameSkeleton}::text, ${i.inn}::text, ${i.snils}::text, ${c.mobilePhone ?? null}::text,
            ${c.email ?? null}::text, ${json(c.addressData)}::jsonb, ${json(c.registrationAddressData)}::jsonb,
            ${c.employerTitle ?? null}::text, ${c.employerInn ?? null}::text, ${c.meanIncome ?? null}::double precision,
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
    ON CONFLICT DO NOTHING
    RETURNING ${CONTACT_COLUMNS}`;
  if (inserted) return { client: { ...inserted, foreignPartner: false }, created: true };

  const rows = await tx.$queryRaw<(Client & { foreignPartner: boolean })[]>`
    SELECT "Client".*, ${foreignPartnerSql(partnerId)} AS "foreignPartner"
      FROM "Client"
     WHERE "keyLastName" = ${key.lastName} AND "keyFirstName" = ${key.firstName}
       AND "keyPatronymic" = ${key.patronymic} AND "keyPassportSeries" = ${key.passportSeries}
       AND "keyPassportNumber" = ${key.passportNumber} AND "keyParkedId" = 0
     FOR UPDATE`;
  const winner = rows[0];
  if (!winner) throw new Error("client vanished after a unique-key conflict");
  // The key is a merged client's: its target is the match (see lockLeadAndClient).
  if (winner.mergedIntoId !== null)
    return { client: await lockMergeTarget(tx, winner.mergedIntoId, partnerId), created: false };
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
    nameSkeleton: nameSkeleton(document.lastName, document.firstName, document.patronymic),
    inn: digitsOrNull(document.inn),
    snils: digitsOrNull(document.snils),
  };
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

// The client's id and contact data, as ClientContacts holds them.
const CONTACT_COLUMNS = Prisma.sql`id, "mobilePhone", email, "addressData", "registrationAddressData",
  "employerTitle", "employerInn", "meanIncome"`;

/** An identifier as suspicion compares it: its digits, or null when it has none. */
function digitsOrNull(value: string | null | undefined): string | null {
  return value?.replace(/\D/g, "") || null;
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
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<typeof fields>;
}

/**
 * A matched client keeps its identity; newer contact data replaces the old, which goes to history.
 * From a foreign partner (see the header) the newer data is only proposed: history rows marked
 * PROPOSED, the client untouched.
 */
async function refreshClientContacts(
  tx: Tx,
  client: ClientContacts,
  document: LeadDocument,
  leadId: bigint,
): Promise<void> {
  const changes = Object.entries(contactFields(document)).filter(
    ([field, value]) => !sameDocument(client[field as ContactField] ?? null, value),
  );
  if (changes.length === 0) return;
  // One statement: the client's new values (none for a foreign partner) and a history row per
  // changed field with the value it replaces (absent: SQL NULL, as Prisma writes an undefined).
  const changed = Object.fromEntries(changes) as Partial<ReturnType<typeof contactFields>>;
  const has = (field: ContactField) => !client.foreignPartner && field in changed;
  const rows = changes.map(([field, value]) => ({
    field,
    old: client[field as ContactField] ?? undefined,
    new: value,
  }));
  await tx.$queryRaw`
    WITH updated AS (
      UPDATE "Client"
         SET "mobilePhone" = CASE WHEN ${has("mobilePhone")} THEN ${changed.mobilePhone ?? null}::text ELSE "mobilePhone" END,
             email = CASE WHEN ${has("email")} THEN ${changed.email ?? null}::text ELSE email END,
             "addressData" = CASE WHEN ${has("addressData")} THEN ${json(changed.addressData)}::jsonb ELSE "addressData" END,
             "registrationAddressData" = CASE WHEN ${has("registrationAddressData")}
               THEN ${json(changed.registrationAddressData)}::jsonb ELSE "registrationAddressData" END,
             "employerTitle" = CASE WHEN ${has("employerTitle")} THEN ${changed.employerTitle ?? null}::text ELSE "employerTitle" END,
             "employerInn" = CASE WHEN ${has("employerInn")} THEN ${changed.employerInn ?? null}::text ELSE "employerInn" END,
             "meanIncome" = CASE WHEN ${has("meanIncome")}
               THEN ${changed.meanIncome ?? null}::double precision ELSE "meanIncome" END,
             "updatedAt" = now() AT TIME ZONE 'UTC'
       WHERE id = ${client.id} AND NOT ${client.foreignPartner}
      RETURNING id
    )
    INSERT INTO "ClientHistory" ("clientId", field, "oldValue", "newValue", "leadId", status, "changedAt")
    SELECT ${client.id}, h.field, h.old, h.new, ${leadId}, ${client.foreignPartner ? "PROPOSED" : "APPLIED"}::"ClientChangeStatus",
           now() AT TIME ZONE 'UTC'
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS h(field text, old jsonb, new jsonb)
    RETURNING id`;
}

/**
 * Read-only: what converting this lead would do now. Operators and service keys get the full
 * picture; a partner key only what its own lead would do (see matchPreviewSchema).
 */
export async function previewMatch(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
): Promise<MatchPreview> {
  const lead = await prisma.lead.findFirst({
    where: { id: toDbId(id), ...leadScope(actor) },
    include: { client: true },
  });
  if (!lead) throw notFound("Lead");
  if (lead.status === "DENIED" || lead.status === "WITHDRAWN") {
    return { status: "CLOSED", leadStatus: lead.status };
  }
  if (lead.status === "CONVERTED" && lead.client && lead.outcome) {
    return {
      status: "ALREADY_CONVERTED",
      client: toClientSummary(lead.client),
      outcome: lead.outcome,
    };
  }
  const document = lead.data as LeadDocument;
  const problems = conversionProblems(document);
  const key = identityKey(document);
  if (problems.length > 0 || !key.ok) return { status: "CANNOT_CONVERT", problems };
  if (actor.kind === "partner") return partnerPreview(prisma, actor.partnerId, key.key);

  const samePassport = await prisma.client.findMany({
    where: {
      keyPassportSeries: key.key.passportSeries,
      keyPassportNumber: key.key.passportNumber,
      keyParkedId: 0,
    },
    include: { mergedInto: true },
    take: 20,
  });
  const holder = samePassport.find(
    (c) =>
      c.keyLastName === key.key.lastName &&
      c.keyFirstName === key.key.firstName &&
      c.keyPatronymic === key.key.patronymic,
  );
  // A merged client's key leads to the client it was merged into.
  const match = holder?.mergedInto ?? holder;
  const samePassportOtherName = samePassport
    .filter((c) => c !== holder && c.mergedIntoId === null && c.id !== match?.id)
    .map(toClientSummary);
  // Near misses beyond the exact rule (reads only: the conversion itself never searches them).
  const suspects = await suspectsWithClients(
    prisma,
    await findSuspects(prisma, personOfDocument(document), {
      excludeClientIds: match ? [match.id] : [],
    }),
  );
  return match
    ? {
        status: "WILL_MATCH",
        client: toClientSummary(match),
        matchedOn: [...KEY_FIELDS],
        samePassportOtherName,
        suspects,
      }
    : { status: "WILL_CREATE", samePassportOtherName, suspects };
}

/**
 * A partner's preview: the outcome, and the matched client only when it already came through this
 * partner. Only the exact key is looked up, so no other client of that passport is even read.
 */
async function partnerPreview(
  prisma: PrismaClient,
  partnerId: bigint,
  key: IdentityKey,
): Promise<MatchPreview> {
  const match = await prisma.client.findFirst({
    where: {
      keyLastName: key.lastName,
      keyFirstName: key.firstName,
      keyPatronymic: key.patronymic,
      keyPassportSeries: key.passportSeries,
      keyPassportNumber: key.passportNumber,
      keyParkedId: 0,
    },
    include: {
      leads: { where: { partnerId }, select: { id: true }, take: 1 },
      // A merged client's key leads to the client it was merged into: that one is the match, and
      // whether the partner brought it is asked of it (its leads include the merged one's).
      mergedInto: { include: { leads: { where: { partnerId }, select: { id: true }, take: 1 } } },
    },
  });
  if (!match) return { status: "WILL_CREATE" };
  const client = match.mergedInto ?? match;
  return {
    status: "WILL_MATCH",
    matchedOn: [...KEY_FIELDS],
    ...(client.leads.length > 0 ? { client: toClientSummary(client) } : {}),
  };
}
