// Data steps: changes to stored data that need LeadCore's own functions, so they cannot be SQL in
// prisma/migrations. Each runs once, after the schema migrations, in one transaction with its
// record in "DataMigration" (so a crash leaves it not applied, and it runs again), under an
// advisory lock (so two servers starting together do not both run it).
import { identityKey, nameSkeleton, normalizeName, PERSON_KEY_SEPARATOR } from "@leadcore/schema";
import type { PrismaClient } from "./generated/prisma/client.ts";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

// Rows read and written per statement: bounded memory on PGlite, bounded statements on PostgreSQL.
const BATCH = 1000;
// Any constant: the advisory lock's number for "data steps are running".
const DATA_STEP_LOCK = 7_214_003;

type DataStep = { name: string; run(tx: Tx): Promise<void> };

export const DATA_STEPS: DataStep[] = [
  // Issue 13: the identity key normalized harder (invisible characters, Latin look-alikes, dash
  // and quote forms, stray accents): every key and search column recomputed.
  { name: "20261202_identity_key_v2", run: rekeyEverything },
];

/** Runs every data step not yet recorded; returns the names of those it ran. */
export async function runDataSteps(prisma: PrismaClient): Promise<string[]> {
  const done = new Set(
    (await prisma.dataMigration.findMany({ select: { name: true } })).map((row) => row.name),
  );
  const ran: string[] = [];
  for (const step of DATA_STEPS) {
    if (done.has(step.name)) continue;
    const applied = await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DATA_STEP_LOCK})`;
        const again = await tx.dataMigration.findUnique({ where: { name: step.name } });
        if (again) return false; // another server ran it while this one waited
        await step.run(tx);
        await tx.dataMigration.create({ data: { name: step.name } });
        return true;
      },
      { maxWait: 60_000, timeout: 60 * 60_000 },
    );
    if (applied) ran.push(step.name);
  }
  return ran;
}

async function rekeyEverything(tx: Tx): Promise<void> {
  await rekeyClients(tx);
  await rekeyLeadNames(tx);
  await rekeyStopListPersons(tx);
}

type ClientIdentity = {
  id: bigint;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  passportSeries: string;
  passportNumber: string;
};

/**
 * Every client's key and name skeleton recomputed. Clients whose keys become equal are not merged:
 * the earliest keeps the key, each later one is parked (keyParkedId = its id, outside the key's
 * uniqueness) and paired with the holder in the duplicate queue with the reason SAME_KEY.
 * INN and SNILS, which clients did not hold before, come from the client's first converted lead.
 */
async function rekeyClients(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE rekey (
      id bigint PRIMARY KEY, l text, f text, p text, s text, n text, skeleton text) ON COMMIT DROP`);
  let after = 0n;
  for (;;) {
    const rows = await tx.$queryRaw<ClientIdentity[]>`
      SELECT id, "lastName", "firstName", patronymic, "passportSeries", "passportNumber"
        FROM "Client" WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    const keyed = rows.map((row) => {
      const key = identityKey({
        lastName: row.lastName,
        firstName: row.firstName,
        patronymic: row.patronymic,
        passport: { seria: row.passportSeries, no: row.passportNumber },
      });
      // A client was created from a complete key; were a part blank now, keep the stored one.
      const k = key.ok ? key.key : null;
      return [
        row.id,
        k?.lastName ?? row.lastName,
        k?.firstName ?? row.firstName,
        k?.patronymic ?? row.patronymic ?? "",
        k?.passportSeries ?? row.passportSeries,
        k?.passportNumber ?? row.passportNumber,
        nameSkeleton(row.lastName, row.firstName, row.patronymic),
      ] as const;
    });
    await tx.$executeRawUnsafe(
      `INSERT INTO rekey SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS r(id bigint, l text, f text, p text, s text, n text, skeleton text)`,
      JSON.stringify(
        keyed.map(([id, l, f, p, s, n, skeleton]) => ({ id: String(id), l, f, p, s, n, skeleton })),
      ),
    );
  }
  // The holder of each new key: its earliest client.
  await tx.$executeRawUnsafe(`ALTER TABLE rekey ADD COLUMN holder bigint`);
  await tx.$executeRawUnsafe(`UPDATE rekey SET holder = g.holder
      FROM (SELECT id, min(id) OVER (PARTITION BY l, f, p, s, n) AS holder FROM rekey) g
     WHERE rekey.id = g.id`);
  // Two passes, because a unique index is checked row by row within one UPDATE: first every row
  // that changes or shares a key is moved out of the way (parked under its own id), then each
  // takes its final key, parked unless it holds it.
  await tx.$executeRawUnsafe(`UPDATE "Client" c SET "keyParkedId" = c.id
      FROM rekey r
     WHERE r.id = c.id
       AND (r.holder <> r.id OR (c."keyLastName", c."keyFirstName", c."keyPatronymic",
            c."keyPassportSeries", c."keyPassportNumber") IS DISTINCT FROM (r.l, r.f, r.p, r.s, r.n))`);
  await tx.$executeRawUnsafe(`UPDATE "Client" c
       SET "keyLastName" = r.l, "keyFirstName" = r.f, "keyPatronymic" = r.p,
           "keyPassportSeries" = r.s, "keyPassportNumber" = r.n,
           "keyParkedId" = CASE WHEN r.holder = r.id THEN 0 ELSE c.id END,
           "nameSkeleton" = r.skeleton
      FROM rekey r WHERE r.id = c.id`);
  await tx.$executeRawUnsafe(`INSERT INTO "DuplicatePair" ("lowClientId", "highClientId", score, reasons)
      SELECT holder, id, 1, ARRAY['SAME_KEY'] FROM rekey WHERE holder <> id
      ON CONFLICT ("lowClientId", "highClientId") DO NOTHING`);
  await tx.$executeRawUnsafe(`UPDATE "Client" c
       SET inn = NULLIF(regexp_replace(first.data->>'inn', '\\D', '', 'g'), ''),
           snils = NULLIF(regexp_replace(first.data->>'snils', '\\D', '', 'g'), '')
      FROM (SELECT DISTINCT ON ("clientId") "clientId", data FROM "Lead"
             WHERE "clientId" IS NOT NULL ORDER BY "clientId", "convertedAt", id) first
     WHERE first."clientId" = c.id`);
}

/** The leads' search columns hold normalizeName's values (the lead search compares them). */
async function rekeyLeadNames(tx: Tx): Promise<void> {
  let after = 0n;
  for (;;) {
    const rows = await tx.$queryRaw<
      { id: bigint; lastName: string | null; firstName: string | null; patronymic: string | null }[]
    >`SELECT id, "lastName", "firstName", patronymic FROM "Lead"
       WHERE id > ${after} ORDER BY id LIMIT ${BATCH}`;
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.id ?? after;
    const key = (value: string | null) => (value === null ? null : normalizeName(value) || null);
    await tx.$executeRawUnsafe(
      `UPDATE "Lead" l SET "keyLastName" = r.l, "keyFirstName" = r.f, "keyPatronymic" = r.p
         FROM jsonb_to_recordset($1::jsonb) AS r(id bigint, l text, f text, p text)
        WHERE l.id = r.id AND ("keyLastName", "keyFirstName", "keyPatronymic") IS DISTINCT FROM (r.l, r.f, r.p)`,
      JSON.stringify(
        rows.map((row) => ({
          id: String(row.id),
          l: key(row.lastName),
          f: key(row.firstName),
          p: key(row.patronymic),
        })),
      ),
    );
  }
}

/**
 * A PERSON entry's value is the names' normalizeName joined with the birth date: recomputed, so
 * that a listed person spelled with a look-alike letter is still hit. Where two entries now have
 * one value, the earlier keeps it (it lists the same person); the later keeps its old value.
 */
async function rekeyStopListPersons(tx: Tx): Promise<void> {
  const entries = await tx.stopListEntry.findMany({
    where: { kind: "PERSON" },
    select: { id: true, value: true },
    orderBy: { id: "asc" },
  });
  for (const entry of entries) {
    const value = entry.value
      .split(PERSON_KEY_SEPARATOR)
      .map((part, index, parts) => (index === parts.length - 1 ? part : normalizeName(part)))
      .join(PERSON_KEY_SEPARATOR);
    if (value === entry.value) continue;
    await tx.$executeRaw`UPDATE "StopListEntry" SET value = ${value}
       WHERE id = ${entry.id} AND NOT EXISTS (
         SELECT 1 FROM "StopListEntry" o WHERE o.kind = 'PERSON' AND o.value = ${value})`;
  }
}
