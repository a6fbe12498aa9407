// A data subject's request to erase what the lender holds about them (152-FZ, issue 18).
//
// An admin finds the person by passport or by mobile phone (the stop-list's checks of those
// fields, stop-list.ts), sees what is held (previewHoldings: leads, clients, stop-list entries,
// webhooks sent about the leads, who looked), and records the request (recordDataRequest), which
// in the same transaction erases what no duty keeps:
// - a lead that never became a client is depersonalized at once (a NEW one is withdrawn first,
//   so its partner hears the lead ended), with a destruction record of policy REQUEST;
// - a converted lead and its client are kept: a client exists only through a conversion, i.e.
//   holds loan applications, and a lender must keep loan records; the client's page says so;
// - a stop-list entry is the lender's own decision to refuse: it is shown, kept, and an admin
//   may remove it on the stop-list's page.
// The request keeps ids and outcomes only, never the passport or the phone it was found by.
// Webhook messages carry ids, states and codes only (webhook-delivery.ts): nothing to erase
// there, and the count is shown so the admin can answer what was passed to partners.
import type { Prisma, PrismaClient } from "@leadcore/db";
import {
  DATA_REQUEST_DAYS,
  type DataHoldings,
  type DataRequestInput,
  type DataRequestSummary,
  type DataRequestView,
  type DataSubject,
  type DataSubjectOutcome,
  type FieldIssue,
  type StopListKey,
  stopListEntryKey,
  stopListKeysOfLead,
} from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { DomainError } from "./errors.ts";
import { toDbId, toWireId } from "./ids.ts";
import { depersonalizeInTransaction } from "./lead-depersonalize.ts";
import { withdrawInTransaction } from "./lead-lifecycle.ts";
import { recordAccess } from "./personal-data-access.ts";

type Db = PrismaClient | Prisma.TransactionClient;
/** The person's key: passport digits (series and number) or a normalized Russian mobile. */
type SubjectKey = { by: "PASSPORT"; seria: string; no: string } | { by: "PHONE"; phone: string };

const DAY_MS = 86_400_000;
/** The accesses a request's page lists (the newest). */
const ACCESSES_SHOWN = 100;

function requireAdmin(actor: Actor): Extract<Actor, { kind: "operator" }> {
  if (actor.kind !== "operator" || actor.role !== "admin") {
    throw new DomainError(
      "FORBIDDEN",
      "ADMIN_ONLY",
      "Only an admin handles data subjects' requests",
    );
  }
  return actor;
}

/** The subject's key, or the field issues of the input (named `subject.<field>`, never a value). */
function subjectKey(subject: DataSubject): SubjectKey {
  const checked =
    subject.by === "PASSPORT"
      ? stopListEntryKey({ kind: "PASSPORT", seria: subject.seria, no: subject.no, reason: "-" })
      : stopListEntryKey({ kind: "PHONE", mobilePhone: subject.mobilePhone, reason: "-" });
  if (!checked.ok) throw invalidInput(checked.issues.map(underSubject));
  const { value } = checked.key;
  return subject.by === "PASSPORT"
    ? { by: "PASSPORT", seria: value.slice(0, 4), no: value.slice(4) }
    : { by: "PHONE", phone: value };
}

const underSubject = (issue: FieldIssue): FieldIssue => ({
  ...issue,
  path: `subject.${issue.path}`,
});

const invalidInput = (issues: FieldIssue[]) =>
  new DomainError("INVALID", "INVALID_INPUT", "The request is not valid", issues);

/** What is held, by ids: the key's leads and clients, each other's, and their stop-list entries. */
async function findHeld(
  db: Db,
  key: SubjectKey,
): Promise<{ leadIds: bigint[]; clientIds: bigint[]; stopListIds: bigint[] }> {
  // One statement at a time: these run inside a transaction, on one connection.
  const leads = await db.lead.findMany({
    where:
      key.by === "PASSPORT"
        ? { passportSeries: key.seria, passportNumber: key.no }
        : { mobilePhone: key.phone },
    select: { id: true, clientId: true },
  });
  const clients = await db.client.findMany({
    where:
      key.by === "PASSPORT"
        ? { keyPassportSeries: key.seria, keyPassportNumber: key.no }
        : { mobilePhone: key.phone },
    select: { id: true },
  });
  const clientIds = new Set([
    ...clients.map((client) => client.id),
    ...leads.flatMap((lead) => (lead.clientId === null ? [] : [lead.clientId])),
  ]);
  // The clients' own leads are the person's too, whatever passport or phone they were sent with.
  const clientLeads =
    clientIds.size === 0
      ? []
      : await db.lead.findMany({
          where: { clientId: { in: [...clientIds] } },
          select: { id: true },
        });
  const leadIds = [...new Set([...leads, ...clientLeads].map((lead) => lead.id))].sort(byId);
  return {
    leadIds,
    clientIds: [...clientIds].sort(byId),
    stopListIds: await stopListEntriesOf(db, key, leadIds, [...clientIds]),
  };
}

const byId = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/** The stop-list entries any of the person's identifiers is listed under, removed ones too. */
async function stopListEntriesOf(
  db: Db,
  key: SubjectKey,
  leadIds: bigint[],
  clientIds: bigint[],
): Promise<bigint[]> {
  const keys: StopListKey[] = [
    key.by === "PASSPORT"
      ? { kind: "PASSPORT", value: key.seria + key.no }
      : { kind: "PHONE", value: key.phone },
  ];
  const leads =
    leadIds.length === 0
      ? []
      : await db.lead.findMany({ where: { id: { in: leadIds } }, select: { data: true } });
  const clients =
    clientIds.length === 0
      ? []
      : await db.client.findMany({
          where: { id: { in: clientIds } },
          select: {
            lastName: true,
            firstName: true,
            patronymic: true,
            birthDate: true,
            mobilePhone: true,
            inn: true,
            snils: true,
            passportSeries: true,
            passportNumber: true,
          },
        });
  for (const lead of leads) keys.push(...stopListKeysOfLead(lead.data as object));
  for (const client of clients)
    keys.push(
      ...stopListKeysOfLead({
        ...client,
        passport: { seria: client.passportSeries, no: client.passportNumber },
      }),
    );
  const entries = await db.stopListEntry.findMany({
    where: { OR: keys.map((one) => ({ kind: one.kind, value: one.value })) },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return entries.map((entry) => entry.id);
}

const fullName = (parts: (string | null | undefined)[]) =>
  parts.filter((part) => part && part.trim() !== "").join(" ");

/** The held records as the admin reads them, with what the erasure does (or did) with each. */
async function describeHeld(
  db: Db,
  held: { leadIds: bigint[]; clientIds: bigint[]; stopListIds: bigint[] },
  outcomes?: Map<string, DataSubjectOutcome>,
): Promise<DataHoldings> {
  const { leadIds, clientIds, stopListIds } = held;
  // One statement at a time: these run inside a transaction, on one connection.
  const leads = await db.lead.findMany({
    where: { id: { in: leadIds } },
    select: {
      id: true,
      status: true,
      createdAt: true,
      clientId: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      partner: { select: { name: true } },
    },
    orderBy: { id: "asc" },
  });
  const destroyed = await db.dataDestruction.findMany({
    where: { leadId: { in: leadIds } },
    select: { leadId: true },
  });
  const webhooks = await db.webhookDelivery.groupBy({
    by: ["leadId"],
    where: { leadId: { in: leadIds } },
    _count: { _all: true },
  });
  const clients = await db.client.findMany({
    where: { id: { in: clientIds } },
    select: {
      id: true,
      lastName: true,
      firstName: true,
      patronymic: true,
      mergedIntoId: true,
      _count: { select: { applications: true } },
    },
    orderBy: { id: "asc" },
  });
  const entries = await db.stopListEntry.findMany({
    where: { id: { in: stopListIds } },
    select: { id: true, kind: true, display: true, removedAt: true },
    orderBy: { id: "asc" },
  });
  const accesses = await db.personalDataAccess.findMany({
    where: { OR: [{ leadId: { in: leadIds } }, { clientId: { in: clientIds } }] },
    orderBy: { id: "desc" },
    take: ACCESSES_SHOWN,
    include: { operator: { select: { id: true, login: true } } },
  });
  const erased = new Set(destroyed.map((row) => row.leadId));
  const sent = new Map(webhooks.map((row) => [row.leadId, row._count._all]));
  const decided = (kind: string, id: bigint, planned: DataSubjectOutcome) =>
    outcomes?.get(`${kind}:${id}`) ?? planned;
  return {
    leads: leads.map((lead) => ({
      id: toWireId(lead.id),
      status: lead.status,
      createdAt: lead.createdAt.toISOString(),
      partner: lead.partner?.name ?? null,
      fullName: erased.has(lead.id)
        ? null
        : fullName([lead.lastName, lead.firstName, lead.patronymic]) || null,
      clientId: lead.clientId === null ? null : toWireId(lead.clientId),
      webhooksSent: sent.get(lead.id) ?? 0,
      outcome: decided("lead", lead.id, leadOutcome(lead.status, erased.has(lead.id))),
    })),
    clients: clients.map((client) => ({
      id: toWireId(client.id),
      fullName: fullName([client.lastName, client.firstName, client.patronymic]),
      applications: client._count.applications,
      mergedIntoId: client.mergedIntoId === null ? null : toWireId(client.mergedIntoId),
      outcome: decided("client", client.id, "KEPT_LOAN_RECORDS"),
    })),
    stopList: entries.map((entry) => ({
      id: toWireId(entry.id),
      kind: entry.kind,
      display: entry.display,
      active: entry.removedAt === null,
      outcome: decided("stop", entry.id, "KEPT_STOP_LIST"),
    })),
    accesses: accesses.map((row) => ({
      at: row.at.toISOString(),
      kind: row.kind,
      operator: { id: toWireId(row.operator.id), login: row.operator.login },
      ...(row.field ? { field: row.field } : {}),
      ...(row.exportId === null ? {} : { exportId: toWireId(row.exportId) }),
      leadId: row.leadId === null ? null : toWireId(row.leadId),
      clientId: row.clientId === null ? null : toWireId(row.clientId),
    })),
  };
}

function leadOutcome(status: string, erased: boolean): DataSubjectOutcome {
  if (erased) return "ALREADY_ERASED";
  return status === "CONVERTED" ? "KEPT_CONVERTED" : "ERASED";
}

/** The names shown are a view of the person's data: each lead and client shown is recorded. */
async function recordViews(db: Db, actor: Actor, holdings: DataHoldings): Promise<void> {
  for (const lead of holdings.leads)
    if (lead.fullName !== null)
      await recordAccess(db, actor, { kind: "VIEW_LEAD", leadId: lead.id });
  for (const client of holdings.clients)
    await recordAccess(db, actor, { kind: "VIEW_CLIENT", clientId: client.id });
}

/**
 * Everything held about the person, and what recording the request would do with each record
 * (admins). Nothing is written but the access records of the names it shows.
 */
export async function previewHoldings(
  prisma: PrismaClient,
  actor: Actor,
  subject: DataSubject,
): Promise<DataHoldings> {
  requireAdmin(actor);
  const key = subjectKey(subject);
  return prisma.$transaction(async (tx) => {
    const holdings = await describeHeld(tx, await findHeld(tx, key));
    await recordViews(tx, actor, holdings);
    return holdings;
  });
}

/** Where the calendar is furthest ahead (UTC+14): the latest date that is "today" somewhere. */
const LATEST_ZONE_MS = 14 * 3_600_000;

/**
 * The day the request was received: today when not given; never after today. The admin's today
 * may be UTC's tomorrow (Moscow after 21:00 UTC), so a date is refused only once it has begun
 * nowhere yet.
 */
function receivedAt(input: DataRequestInput, now: Date): Date {
  if (!input.receivedOn) return now;
  const day = new Date(`${input.receivedOn}T00:00:00.000Z`);
  if (day.getTime() > now.getTime() + LATEST_ZONE_MS) {
    throw invalidInput([
      {
        path: "receivedOn",
        code: "INVALID_VALUE",
        message: "The request cannot be received after today",
      },
    ]);
  }
  return day;
}

/**
 * Records the person's request and carries it out, in one transaction: the held leads that never
 * became a client are erased (NEW ones withdrawn first), everything a duty keeps stays with its
 * reason. Returns the recorded request.
 */
export async function recordDataRequest(
  prisma: PrismaClient,
  actor: Actor,
  input: DataRequestInput,
  now: Date = new Date(),
): Promise<DataRequestView> {
  const admin = requireAdmin(actor);
  const key = subjectKey(input.subject);
  const received = receivedAt(input, now);
  const requestId = await prisma.$transaction(async (tx) => {
    const held = await findHeld(tx, key);
    const items: Prisma.DataSubjectRequestItemCreateManyRequestInput[] = [];
    for (const leadId of held.leadIds) {
      // Locked before deciding: a conversion committing meanwhile is waited for, and its status
      // read here (the lead is then kept).
      const [lead] = await tx.$queryRaw<{ status: string }[]>`
        SELECT status::text AS status FROM "Lead" WHERE id = ${leadId} FOR UPDATE`;
      if (!lead) continue;
      const erased = await tx.dataDestruction.findFirst({
        where: { leadId },
        select: { id: true },
      });
      const outcome = leadOutcome(lead.status, erased !== null);
      if (outcome === "ERASED") {
        if (lead.status === "NEW")
          await withdrawInTransaction(
            tx,
            actor,
            leadId,
            "Субъект персональных данных потребовал их удалить",
          );
        await depersonalizeInTransaction(tx, leadId, "REQUEST", now);
      }
      items.push({ leadId, outcome });
    }
    for (const clientId of held.clientIds) items.push({ clientId, outcome: "KEPT_LOAN_RECORDS" });
    for (const stopListEntryId of held.stopListIds)
      items.push({ stopListEntryId, outcome: "KEPT_STOP_LIST" });
    const request = await tx.dataSubjectRequest.create({
      data: {
        foundBy: key.by,
        reference: input.reference ? input.reference : null,
        receivedAt: received,
        dueAt: new Date(received.getTime() + DATA_REQUEST_DAYS * DAY_MS),
        recordedById: admin.operatorId,
        createdAt: now,
        items: { createMany: { data: items } },
      },
      select: { id: true },
    });
    return request.id;
  });
  return getDataRequest(prisma, actor, toWireId(requestId));
}

const requestInclude = {
  recordedBy: { select: { login: true } },
  items: { select: { leadId: true, clientId: true, stopListEntryId: true, outcome: true } },
} as const;

type StoredRequest = Prisma.DataSubjectRequestGetPayload<{ include: typeof requestInclude }>;

function summary(request: StoredRequest): DataRequestSummary {
  const erased = request.items.filter((item) => item.outcome === "ERASED").length;
  return {
    id: toWireId(request.id),
    foundBy: request.foundBy,
    reference: request.reference,
    receivedAt: request.receivedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    doneAt: request.createdAt.toISOString(),
    recordedBy: request.recordedBy.login,
    erased,
    kept: request.items.filter((item) => item.outcome.startsWith("KEPT_")).length,
  };
}

/** The recorded requests, newest first (admins). */
export async function listDataRequests(
  prisma: PrismaClient,
  actor: Actor,
  options: { limit?: number } = {},
): Promise<DataRequestSummary[]> {
  requireAdmin(actor);
  const rows = await prisma.dataSubjectRequest.findMany({
    orderBy: { id: "desc" },
    take: Math.min(options.limit ?? 200, 1000),
    include: requestInclude,
  });
  return rows.map(summary);
}

/** One recorded request with what it found and what became of each record (admins). */
export async function getDataRequest(
  prisma: PrismaClient,
  actor: Actor,
  id: number,
): Promise<DataRequestView> {
  requireAdmin(actor);
  return prisma.$transaction(async (tx) => {
    const request = await tx.dataSubjectRequest.findUnique({
      where: { id: toDbId(id) },
      include: requestInclude,
    });
    if (!request) {
      throw new DomainError(
        "NOT_FOUND",
        "DATA_REQUEST_NOT_FOUND",
        "Data subject's request not found",
      );
    }
    const outcomes = new Map<string, DataSubjectOutcome>();
    const ids = (pick: (item: StoredRequest["items"][number]) => bigint | null, kind: string) =>
      request.items.flatMap((item) => {
        const itemId = pick(item);
        if (itemId === null) return [];
        outcomes.set(`${kind}:${itemId}`, item.outcome);
        return [itemId];
      });
    const holdings = await describeHeld(
      tx,
      {
        leadIds: ids((item) => item.leadId, "lead"),
        clientIds: ids((item) => item.clientId, "client"),
        stopListIds: ids((item) => item.stopListEntryId, "stop"),
      },
      outcomes,
    );
    await recordViews(tx, actor, holdings);
    return { ...summary(request), holdings };
  });
}

/** The erasure requests that kept a client: what the client's page says (newest first). */
export async function erasureRequestsOfClient(
  db: Db,
  clientId: bigint,
): Promise<{ requestId: number; receivedAt: string }[]> {
  const items = await db.dataSubjectRequestItem.findMany({
    where: { clientId },
    orderBy: { id: "desc" },
    select: { request: { select: { id: true, receivedAt: true } } },
  });
  return items.map((item) => ({
    requestId: toWireId(item.request.id),
    receivedAt: item.request.receivedAt.toISOString(),
  }));
}
