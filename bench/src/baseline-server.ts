// The floor LeadCore is compared against: node:http + pg, no framework, no validation library,
// doing the same SQL as LeadCore for the two benchmarked operations on the same database:
//
//   PUT  /leads/{id}          authenticate the bearer key (1 SELECT), then one UPDATE of the lead's
//                             JSONB document and its search columns (WHERE status = 'NEW').
//   POST /leads/{id}/convert  authenticate (1 SELECT), then in one transaction: lock the lead,
//                             select the client by its identity key FOR UPDATE, else INSERT ... ON
//                             CONFLICT DO NOTHING RETURNING (re-select on a conflict), insert the
//                             application, update the lead (document, search columns, status).
//
// With BASELINE_AUDIT=1 it does the same durable work as LeadCore (issue 15's yardstick, "same
// work"), with LeadCore's statements:
//
//   PUT  /leads/{id}          the key lookup; read the lead's document and row version; one
//                             statement that updates the lead (if still that version) and inserts
//                             its UPDATED event with the diff LeadCore records (core diffDocuments).
//   POST /leads/{id}/convert  the key lookup; in one transaction: lock the lead reading its
//                             document, the client by key FOR UPDATE, else insert it (with the name
//                             skeleton, INN and SNILS LeadCore stores for suspicion); one statement
//                             that inserts the application, updates the lead and inserts the
//                             CONVERTED event (the diff and the conversion, as LeadCore's).
//
// Without it, the old floor ("bare, no audit"), kept so that the history of the figures stays
// comparable: no event, no document read, the application and the lead as two statements.
//
// It writes what LeadCore writes (CVC dropped, card number masked, identity key normalized the same
// way) and answers what LeadCore answers (the id, as JSON). Its pg pool has pg's default size, 10,
// as LeadCore's (@prisma/adapter-pg creates a pg.Pool with the defaults). It counts the statements
// it sends: GET /stats.
//
// Run: DATABASE_URL=postgresql://... PORT=0 node --import tsx bench/src/baseline-server.ts
// It prints `listening <port>` on stdout once ready.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { diffDocuments, searchColumns } from "@leadcore/core";
import { nameSkeleton } from "@leadcore/schema";
import pg from "pg";

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_MAX ?? 10),
});
const MAX_BODY_BYTES = 256 * 1024;
const AUDIT = process.env.BASELINE_AUDIT === "1";

const stats = { update: { requests: 0, statements: 0 }, convert: { requests: 0, statements: 0 } };

type Lead = Record<string, unknown> & {
  lastName?: string;
  firstName?: string;
  patronymic?: string;
  passport?: { seria?: string; no?: string };
  cardNumber?: string;
  cardCvc?: string;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Who calls, as LeadCore's audit event names an API key: its kind, id and name. */
type Caller = {
  partnerId: string | null;
  keyId: string;
  kind: "partner" | "service";
  name: string;
};

async function authenticate(db: pg.Pool, req: IncomingMessage): Promise<Caller> {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (!match) throw new HttpError(401, "Authentication required");
  const hash = createHash("sha256").update(match[1]!).digest("hex");
  const { rows } = await db.query<{
    id: string;
    name: string;
    role: string;
    partnerId: string | null;
    revokedAt: Date | null;
  }>(
    `SELECT id, name, role::text AS role, "partnerId", "revokedAt" FROM "ApiKey" WHERE hash = $1`,
    [hash],
  );
  const key = rows[0];
  if (!key || key.revokedAt) throw new HttpError(401, "Unknown or revoked key");
  const partner = key.role === "PARTNER";
  return {
    partnerId: partner ? key.partnerId : null,
    keyId: key.id,
    kind: partner ? "partner" : "service",
    name: key.name,
  };
}

/** The stored document: no CVC, card number masked (first 6 + last 4), no id. */
function toDocument(body: Lead): Lead {
  const { cardCvc: _cvc, id: _id, ...document } = body;
  if (typeof document.cardNumber === "string") {
    const digits = document.cardNumber.replace(/\D/g, "");
    document.cardNumber =
      digits.slice(0, 6) + "*".repeat(Math.max(0, digits.length - 10)) + digits.slice(-4);
  }
  return document;
}

const normalizeName = (s: string | undefined) =>
  (s ?? "")
    .normalize("NFC")
    .trim()
    .replace(/\s+/g, " ")
    .toLocaleLowerCase("ru-RU")
    .replace(/ё/g, "е");
const digits = (s: string | undefined) => (s ?? "").replace(/\D/g, "");

function searchParams(document: Lead): unknown[] {
  const c = searchColumns(document as Parameters<typeof searchColumns>[0]);
  return [
    c.lastName,
    c.firstName,
    c.patronymic,
    c.mobilePhone,
    c.passportSeries,
    c.passportNumber,
    c.channel,
    c.amount,
  ];
}

const SEARCH_SET = `"lastName" = $3, "firstName" = $4, patronymic = $5, "mobilePhone" = $6, "passportSeries" = $7,
  "passportNumber" = $8, channel = $9::"Channel", amount = $10, "updatedAt" = now()`;

async function updateLead(caller: Caller, id: string, body: Lead): Promise<number> {
  const document = toDocument(body);
  stats.update.statements += 1;
  const result = await pool.query(
    `UPDATE "Lead" SET data = $2::jsonb, ${SEARCH_SET}
      WHERE id = $1 AND status = 'NEW' AND ($11::bigint IS NULL OR "partnerId" = $11::bigint)`,
    [id, JSON.stringify(document), ...searchParams(document), caller.partnerId],
  );
  if (result.rowCount === 0) throw new HttpError(404, "Lead not found or already converted");
  return Number(id);
}

async function convertLead(caller: Caller, id: string, body: Lead): Promise<number> {
  const document = toDocument(body);
  const key = [
    normalizeName(document.lastName),
    normalizeName(document.firstName),
    normalizeName(document.patronymic),
    digits(document.passport?.seria),
    digits(document.passport?.no),
  ];
  if (!key[0] || !key[1] || !key[3] || !key[4])
    throw new HttpError(422, "The lead cannot be converted");
  const client = await pool.connect();
  let statements = 0;
  const query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
    statements++;
    return client.query<R>(text, values);
  };
  try {
    await query("BEGIN");
    const lead = await query<{ status: string }>(
      `SELECT status::text AS status FROM "Lead" WHERE id = $1 AND ($2::bigint IS NULL OR "partnerId" = $2::bigint) FOR UPDATE`,
      [id, caller.partnerId],
    );
    if (!lead.rows[0]) throw new HttpError(404, "Lead not found");
    if (lead.rows[0].status !== "NEW") throw new HttpError(409, "Already converted");

    const selectClient = () =>
      query<{ id: string }>(
        `SELECT id FROM "Client" WHERE "keyLastName" = $1 AND "keyFirstName" = $2 AND "keyPatronymic" = $3
            AND "keyPassportSeries" = $4 AND "keyPassportNumber" = $5 AND "keyParkedId" = 0 FOR UPDATE`,
        key,
      );
    let clientId = (await selectClient()).rows[0]?.id;
    let outcome = "MATCHED_EXISTING_CLIENT";
    if (!clientId) {
      const text = (value: unknown) =>
        typeof value === "string" ? value.trim().replace(/\s+/g, " ") : "";
      const c = searchParams(document);
      const inserted = await query<{ id: string }>(
        `INSERT INTO "Client" ("lastName", "firstName", patronymic, "passportSeries", "passportNumber", "birthDate",
            "keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber", "mobilePhone",
            email, "addressData", "registrationAddressData", "employerTitle", "employerInn", "meanIncome", "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $4, $5, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $16, now())
         ON CONFLICT ("keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber", "keyParkedId") DO NOTHING
         RETURNING id`,
        [
          text(document.lastName),
          text(document.firstName),
          text(document.patronymic) || null,
          key[3],
          key[4],
          document.birthDate ?? null,
          key[0],
          key[1],
          key[2],
          c[3],
          typeof document.email === "string" ? document.email.trim() : null,
          document.addressData === undefined ? null : JSON.stringify(document.addressData),
          document.registrationAddressData === undefined
            ? null
            : JSON.stringify(document.registrationAddressData),
          typeof document.employerTitle === "string" ? document.employerTitle.trim() : null,
          typeof document.employerInn === "string" ? document.employerInn.trim() : null,
          document.meanIncome ?? null,
        ],
      );
      clientId = inserted.rows[0]?.id;
      outcome = "CREATED_NEW_CLIENT";
      if (!clientId) {
        clientId = (await selectClient()).rows[0]?.id;
        outcome = "MATCHED_EXISTING_CLIENT";
        if (!clientId) throw new Error("client vanished after a unique-key conflict");
      }
    }
    const d = document as Record<string, unknown>;
    const v = (name: string) => d[name] ?? null;
    await query(
      `INSERT INTO "Application" ("clientId", "leadId", amount, period, "periodUnit", "creditProductId", channel, goods,
          "shopId", "storeTypeId", "subdivisionId", "managerId", "gettingMoneyMethodId", "approvedByScorista",
          "rosfinmonitoringCheck", "ufmsCheck", "mobilePhoneCheck", "ipAndRegionMatch", "ipAndRegAddressMatch")
       VALUES ($1, $2, $3, $4, $5::"PeriodUnit", $6, $7::"Channel", $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       RETURNING id`,
      [
        clientId,
        id,
        v("amount"),
        v("period"),
        v("periodUnit"),
        v("creditProductId"),
        v("channel"),
        d.goods === undefined ? null : JSON.stringify(d.goods),
        v("shopId"),
        v("storeTypeId"),
        v("subdivisionId"),
        v("managerId"),
        v("gettingMoneyMethodId"),
        v("approvedByScorista"),
        v("rosfinmonitoringCheck"),
        v("ufmsCheck"),
        v("mobilePhoneCheck"),
        v("ipAndRegionMatch"),
        v("ipAndRegAddressMatch"),
      ],
    );
    await query(
      `UPDATE "Lead" SET data = $2::jsonb, ${SEARCH_SET}, status = 'CONVERTED', "clientId" = $11, outcome = $12::"ConversionOutcome",
          "convertedAt" = now()
        WHERE id = $1`,
      [id, JSON.stringify(document), ...searchParams(document), clientId, outcome],
    );
    await query("COMMIT");
    return Number(clientId);
  } catch (error) {
    await query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    stats.convert.statements += statements;
    client.release();
  }
}

// ---------------------------------------------------------------------------------------------
// The same work as LeadCore (BASELINE_AUDIT=1): see the header.

/**
 * The document as LeadCore stores it on an edit (core toLeadDocument): the body's id kept, no
 * CVC, the card masked, the server-owned ids and a consent's withdrawnAt never taken from a body.
 */
function toSameDocument(body: Lead): Lead {
  const { cardCvc: _cvc, clientId: _c, denialReasonId: _d, managerId: _m, ...document } = body;
  if (typeof document.cardNumber === "string") {
    const digits = document.cardNumber.replace(/\D/g, "");
    document.cardNumber =
      digits.slice(0, 6) + "*".repeat(Math.max(0, digits.length - 10)) + digits.slice(-4);
  }
  if (Array.isArray(document.consents))
    document.consents = document.consents.map((consent: Record<string, unknown>) => {
      const { withdrawnAt: _w, ...kept } = consent;
      return kept;
    });
  return document;
}

const byPath = (a: { path: string }, b: { path: string }) =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

const KEY_COLUMNS = `"keyLastName" = $12, "keyFirstName" = $13, "keyPatronymic" = $14`;

async function updateLeadAudited(caller: Caller, id: string, body: Lead): Promise<number> {
  const document = toSameDocument(body);
  stats.update.statements += 2;
  const read = await pool.query<{ data: unknown; version: string }>(
    `SELECT data, xmin::text AS version FROM "Lead"
      WHERE id = $1 AND status = 'NEW' AND ($2::bigint IS NULL OR "partnerId" = $2::bigint)`,
    [id, caller.partnerId],
  );
  const lead = read.rows[0];
  if (!lead) throw new HttpError(404, "Lead not found or already converted");
  const changes = diffDocuments(lead.data, document);
  const result = await pool.query(
    `WITH updated AS (
       UPDATE "Lead" SET data = $2::jsonb, ${SEARCH_SET}, ${KEY_COLUMNS}
        WHERE id = $1 AND status = 'NEW' AND xmin::text = $11
       RETURNING id)
     INSERT INTO "LeadEvent" ("leadId", kind, "actorKind", "actorId", "actorName", changes)
     SELECT id, 'UPDATED', $15, $16::bigint, $17, $18::jsonb FROM updated
     RETURNING "leadId"`,
    [
      id,
      JSON.stringify(document),
      ...searchParams(document),
      lead.version,
      ...nameKey(document),
      caller.kind,
      caller.keyId,
      caller.name,
      JSON.stringify(changes),
    ],
  );
  if (result.rowCount === 0) throw new HttpError(409, "The lead changed meanwhile");
  return Number(id);
}

const nameKey = (document: Lead) => [
  normalizeName(document.lastName),
  normalizeName(document.firstName),
  normalizeName(document.patronymic),
];
const digitsOrNull = (value: unknown) =>
  typeof value === "string" ? value.replace(/\D/g, "") || null : null;

async function convertLeadAudited(caller: Caller, id: string, body: Lead): Promise<number> {
  const document = toSameDocument(body);
  const key = [
    ...nameKey(document),
    digits(document.passport?.seria),
    digits(document.passport?.no),
  ];
  if (!key[0] || !key[1] || !key[3] || !key[4])
    throw new HttpError(422, "The lead cannot be converted");
  const client = await pool.connect();
  let statements = 0;
  const query = <R extends pg.QueryResultRow>(text: string, values?: unknown[]) => {
    statements++;
    return client.query<R>(text, values);
  };
  try {
    await query("BEGIN");
    const lead = await query<{ status: string; data: unknown }>(
      `SELECT status::text AS status, data FROM "Lead" WHERE id = $1 AND ($2::bigint IS NULL OR "partnerId" = $2::bigint) FOR UPDATE`,
      [id, caller.partnerId],
    );
    const locked = lead.rows[0];
    if (!locked) throw new HttpError(404, "Lead not found");
    if (locked.status !== "NEW") throw new HttpError(409, "Already converted");

    const selectClient = () =>
      query<{ id: string }>(
        `SELECT id FROM "Client" WHERE "keyLastName" = $1 AND "keyFirstName" = $2 AND "keyPatronymic" = $3
            AND "keyPassportSeries" = $4 AND "keyPassportNumber" = $5 AND "keyParkedId" = 0 FOR UPDATE`,
        key,
      );
    let clientId = (await selectClient()).rows[0]?.id;
    let outcome = "MATCHED_EXISTING_CLIENT";
    if (!clientId) {
      const text = (value: unknown) =>
        typeof value === "string" ? value.trim().replace(/\s+/g, " ") : "";
      const c = searchParams(document);
      const inserted = await query<{ id: string }>(
        `INSERT INTO "Client" ("lastName", "firstName", patronymic, "passportSeries", "passportNumber", "birthDate",
            "keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber", "mobilePhone",
            email, "addressData", "registrationAddressData", "employerTitle", "employerInn", "meanIncome",
            "nameSkeleton", inn, snils, "updatedAt")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $4, $5, $10, $11, $12::jsonb, $13::jsonb, $14, $15, $16, $17, $18, $19, now())
         ON CONFLICT ("keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber", "keyParkedId") DO NOTHING
         RETURNING id`,
        [
          text(document.lastName),
          text(document.firstName),
          text(document.patronymic) || null,
          key[3],
          key[4],
          document.birthDate ?? null,
          key[0],
          key[1],
          key[2],
          c[3],
          typeof document.email === "string" ? document.email.trim() : null,
          document.addressData === undefined ? null : JSON.stringify(document.addressData),
          document.registrationAddressData === undefined
            ? null
            : JSON.stringify(document.registrationAddressData),
          typeof document.employerTitle === "string" ? document.employerTitle.trim() : null,
          typeof document.employerInn === "string" ? document.employerInn.trim() : null,
          document.meanIncome ?? null,
          nameSkeleton(document.lastName, document.firstName, document.patronymic),
          digitsOrNull(document.inn),
          digitsOrNull(document.snils),
        ],
      );
      clientId = inserted.rows[0]?.id;
      outcome = "CREATED_NEW_CLIENT";
      if (!clientId) {
        clientId = (await selectClient()).rows[0]?.id;
        outcome = "MATCHED_EXISTING_CLIENT";
        if (!clientId) throw new Error("client vanished after a unique-key conflict");
      }
    }
    const d = document as Record<string, unknown>;
    const v = (name: string) => d[name] ?? null;
    // LeadCore's CONVERTED event: the document's diff and the status change, by path; the
    // statement appends the conversion itself.
    const changes = [
      ...diffDocuments(locked.data, document),
      { path: "status", old: "NEW", new: "CONVERTED" },
    ].sort(byPath);
    await query(
      `WITH application AS (
         INSERT INTO "Application" ("clientId", "leadId", amount, period, "periodUnit", "creditProductId", channel, goods,
            "shopId", "storeTypeId", "subdivisionId", "managerId", "gettingMoneyMethodId", "approvedByScorista",
            "rosfinmonitoringCheck", "ufmsCheck", "mobilePhoneCheck", "ipAndRegionMatch", "ipAndRegAddressMatch")
         VALUES ($11, $1, $15, $16, $17::"PeriodUnit", $18, $19::"Channel", $20::jsonb, $21, $22, $23, NULL, $24, $25, $26, $27, $28, $29, $30)
         RETURNING id
       ), lead AS (
         UPDATE "Lead" SET data = $2::jsonb, ${SEARCH_SET}, "keyLastName" = $31, "keyFirstName" = $32, "keyPatronymic" = $33,
                status = 'CONVERTED', "clientId" = $11, outcome = $12::"ConversionOutcome", "convertedAt" = now()
          WHERE id = $1
         RETURNING id
       )
       INSERT INTO "LeadEvent" ("leadId", kind, "actorKind", "actorId", "actorName", changes)
       SELECT lead.id, 'CONVERTED', $13, $14::bigint, $34, $35::jsonb || jsonb_build_array(jsonb_build_object(
                'path', 'conversion',
                'new', jsonb_build_object('clientId', $11::bigint, 'applicationId', application.id, 'outcome', $12::text)))
         FROM lead, application`,
      [
        id,
        JSON.stringify(document),
        ...searchParams(document),
        clientId,
        outcome,
        caller.kind,
        caller.keyId,
        v("amount"),
        v("period"),
        v("periodUnit"),
        v("creditProductId"),
        v("channel"),
        d.goods === undefined ? null : JSON.stringify(d.goods),
        v("shopId"),
        v("storeTypeId"),
        v("subdivisionId"),
        v("gettingMoneyMethodId"),
        v("approvedByScorista"),
        v("rosfinmonitoringCheck"),
        v("ufmsCheck"),
        v("mobilePhoneCheck"),
        v("ipAndRegionMatch"),
        v("ipAndRegAddressMatch"),
        key[0],
        key[1],
        key[2],
        caller.name,
        JSON.stringify(changes),
      ],
    );
    await query("COMMIT");
    return Number(clientId);
  } catch (error) {
    await query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    stats.convert.statements += statements;
    client.release();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new HttpError(413, "Body too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? "/";
  if (req.method === "GET" && url === "/health") return send(res, 200, { ok: true });
  if (req.method === "GET" && url === "/stats") return send(res, 200, stats);
  const update = req.method === "PUT" ? /^\/leads\/(\d{1,15})$/.exec(url) : null;
  const convert = req.method === "POST" ? /^\/leads\/(\d{1,15})\/convert$/.exec(url) : null;
  if (!update && !convert) return send(res, 404, { message: "Not found" });

  const text = await readBody(req);
  const caller = await authenticate(pool, req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Invalid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new HttpError(400, "Expected an object");
  if (update) {
    stats.update.requests++;
    stats.update.statements++; // the key lookup
    const write = AUDIT ? updateLeadAudited : updateLead;
    return send(res, 200, await write(caller, update[1]!, body as Lead));
  }
  stats.convert.requests++;
  stats.convert.statements++; // the key lookup
  const write = AUDIT ? convertLeadAudited : convertLead;
  return send(res, 200, await write(caller, convert![1]!, body as Lead));
}

const server = createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    const status = error instanceof HttpError ? error.status : 500;
    if (status === 500) console.error(error);
    if (!res.headersSent)
      send(res, status, { message: status === 500 ? "Internal error" : (error as Error).message });
    else res.destroy();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : ""}`);
});

const shutdown = () => {
  server.close();
  void pool.end().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
