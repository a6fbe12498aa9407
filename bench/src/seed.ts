// Seeding in bulk, with single INSERT ... SELECT generate_series statements run through Prisma's
// raw SQL (the same code serves PostgreSQL and the embedded PGlite). The identity key columns are
// normalized in JavaScript by @leadcore/schema identityKey (see workload.ts) and looked up by index.

import { searchColumns } from "@leadcore/core";
import type { PrismaClient } from "@leadcore/db";
import {
  clientContacts,
  FIRST_NAMES,
  keyOf,
  LAST_NAMES,
  PATRONYMICS,
  storedLeadDocument,
} from "./workload.ts";

/** A SQL string literal (standard_conforming_strings is on in every supported PostgreSQL). */
export const lit = (value: string | null) =>
  value === null ? "NULL" : `'${value.replace(/'/g, "''")}'`;
const textArray = (values: string[]) => `ARRAY[${values.map(lit).join(",")}]::text[]`;

/**
 * Adds clients number `from` .. `to - 1` of the base (see workload.ts baseIdentity), two
 * statements at a time on PostgreSQL (PGlite has one connection).
 */
export async function seedClients(
  prisma: PrismaClient,
  from: number,
  to: number,
  parallel = 1,
): Promise<void> {
  if (to <= from) return;
  const c = clientContacts();
  // The contact JSON (two addresses, ~1 KB each) is written once into a template table and copied
  // from there: PostgreSQL then copies the stored values instead of parsing the literal per row.
  await prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS bench_client_template AS
    SELECT ${lit(JSON.stringify(c.addressData))}::jsonb AS address, ${lit(JSON.stringify(c.registrationAddressData))}::jsonb AS registration`);
  const pick = (values: string[], expr: string) => `(${textArray(values)})[(${expr}) + 1]`;
  const last = "i % 20";
  const first = "(i / 20) % 20";
  const patronymic = "(i / 400) % 10";
  const insert = (start: number, end: number) =>
    prisma.$executeRawUnsafe(`
      INSERT INTO "Client" ("lastName", "firstName", patronymic, "passportSeries", "passportNumber", "birthDate",
        "keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber",
        "mobilePhone", email, "addressData", "registrationAddressData", "employerTitle", "employerInn", "meanIncome",
        "updatedAt")
      SELECT ${pick(LAST_NAMES, last)}, ${pick(FIRST_NAMES, first)}, ${pick(PATRONYMICS, patronymic)},
             lpad((4500 + i / 1000000)::text, 4, '0'), lpad((i % 1000000)::text, 6, '0'), ${lit(c.birthDate)},
             ${pick(keyOf(LAST_NAMES), last)}, ${pick(keyOf(FIRST_NAMES), first)}, ${pick(keyOf(PATRONYMICS), patronymic)},
             lpad((4500 + i / 1000000)::text, 4, '0'), lpad((i % 1000000)::text, 6, '0'),
             ${lit(c.mobilePhone)}, ${lit(c.email)}, t.address, t.registration,
             ${lit(c.employerTitle)}, ${lit(c.employerInn)}, ${c.meanIncome}, now()
        FROM generate_series(${start}, ${end - 1}) AS i CROSS JOIN bench_client_template AS t`);
  // Chunks keep each statement's memory and WAL burst moderate (PGlite holds them in WASM memory).
  const chunk = 100_000;
  const ranges: [number, number][] = [];
  for (let start = from; start < to; start += chunk)
    ranges.push([start, Math.min(to, start + chunk)]);
  const workers = Array.from({ length: Math.max(1, parallel) }, async () => {
    for (let range = ranges.shift(); range; range = ranges.shift()) await insert(...range);
  });
  await Promise.all(workers);
  // The seeded base counts as scanned for duplicates. Otherwise the server's background scan
  // (core duplicate-scan.ts) works through every seeded client during the runs, 2-7 ms each on a
  // 10 000-client base (all share a birth date and a phone, so every search fills its blocks):
  // about a minute at 10 000 clients, an hour at 1 000 000, counted as if the requests cost it.
  // Clients the runs' conversions create are still scanned, as in production.
  await prisma.$executeRawUnsafe(`
    INSERT INTO "DuplicateScan" (id, "lastClientId") SELECT 1, COALESCE(max(id), 0) FROM "Client"
    ON CONFLICT (id) DO UPDATE SET "lastClientId" = GREATEST("DuplicateScan"."lastClientId", EXCLUDED."lastClientId")`);
}

/** Adds `count` NEW leads of the partner holding the seed-shaped document; returns their ids in order. */
export async function seedLeads(
  prisma: PrismaClient,
  partnerId: bigint,
  count: number,
): Promise<number[]> {
  if (count <= 0) return [];
  const document = storedLeadDocument();
  const columns = searchColumns(document);
  const ids: number[] = [];
  const chunk = 5_000;
  for (let done = 0; done < count; done += chunk) {
    const n = Math.min(chunk, count - done);
    const rows = await prisma.$queryRawUnsafe<{ id: bigint }[]>(`
      INSERT INTO "Lead" ("partnerId", data, "lastName", "firstName", patronymic, "mobilePhone", "passportSeries",
        "passportNumber", channel, amount, "updatedAt")
      SELECT ${partnerId}, ${lit(JSON.stringify(document))}::jsonb, ${lit(columns.lastName)}, ${lit(columns.firstName)},
             ${lit(columns.patronymic)}, ${lit(columns.mobilePhone)}, ${lit(columns.passportSeries)},
             ${lit(columns.passportNumber)}, ${lit(columns.channel)}::"Channel", ${columns.amount}, now()
        FROM generate_series(1, ${n})
      RETURNING id`);
    for (const row of rows) ids.push(Number(row.id));
  }
  return ids.sort((a, b) => a - b);
}

export async function countClients(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "Client"`);
  return Number(row!.n);
}

/** How the leads of one run were converted (proof that half matched and half created). */
export async function outcomesOf(
  prisma: PrismaClient,
  ids: number[],
): Promise<Record<string, number>> {
  if (ids.length === 0) return {};
  const rows = await prisma.$queryRawUnsafe<{ outcome: string | null; n: bigint }[]>(`
    SELECT outcome::text AS outcome, count(*) AS n FROM "Lead"
     WHERE id = ANY(${lit(`{${ids.join(",")}}`)}::bigint[]) AND "clientId" IS NOT NULL
     GROUP BY 1`);
  return Object.fromEntries(rows.map((row) => [row.outcome ?? "none", Number(row.n)]));
}
