// Loads the base population as clients in bulk: one INSERT ... SELECT FROM unnest(arrays) per
// 5 000 people, their key columns and name skeleton computed here by @leadcore/schema exactly as a
// conversion computes them (conversion.ts identityFields), so that a lead converts against them as
// against clients it created itself. Client id = person id + 1, which is how the measurement
// knows whose client a suspect is. One conversion per client would take hours at 1 000 000.
import type { PrismaClient } from "@leadcore/db";
import { identityKey, nameSkeleton } from "@leadcore/schema";
import { personAt } from "./people.ts";

const CHUNK = 5_000;

// The skeleton of a full name is the skeletons of its parts joined (nameSkeleton): parts repeat
// across a population, so each is computed once.
const partSkeletons = new Map<string, string>();
function skeletonOfPart(part: string): string {
  let skeleton = partSkeletons.get(part);
  if (skeleton === undefined) {
    skeleton = nameSkeleton(part, null, null);
    partSkeletons.set(part, skeleton);
  }
  return skeleton;
}

const COLUMNS = [
  "id",
  "lastName",
  "firstName",
  "patronymic",
  "passportSeries",
  "passportNumber",
  "birthDate",
  "keyLastName",
  "keyFirstName",
  "keyPatronymic",
  "keyPassportSeries",
  "keyPassportNumber",
  "nameSkeleton",
  "inn",
  "snils",
  "mobilePhone",
  "addressData",
] as const;

/** Client rows of people `from` .. `to - 1`, column by column (what unnest takes). */
function columnsOf(seed: number, from: number, to: number): string[][] {
  const columns: string[][] = COLUMNS.map(() => []);
  for (let id = from; id < to; id++) {
    const p = personAt(seed, id);
    const key = identityKey({
      lastName: p.lastName,
      firstName: p.firstName,
      patronymic: p.patronymic,
      passport: { seria: p.passportSeries, no: p.passportNumber },
    });
    if (!key.ok) throw new Error(`person ${id} has no identity key`);
    const k = key.key;
    const skeleton = [p.lastName, p.firstName, p.patronymic]
      .map(skeletonOfPart)
      .filter((part) => part !== "")
      .join(" ");
    const row = [
      String(id + 1),
      p.lastName,
      p.firstName,
      p.patronymic,
      k.passportSeries,
      k.passportNumber,
      p.birthDate,
      k.lastName,
      k.firstName,
      k.patronymic,
      k.passportSeries,
      k.passportNumber,
      skeleton,
      p.inn,
      p.snils,
      p.mobilePhone,
      JSON.stringify({ fullAddressText: p.address }),
    ];
    for (let c = 0; c < row.length; c++) columns[c]!.push(row[c]!);
  }
  return columns;
}

/**
 * Inserts clients for people 0 .. count - 1 and moves the id sequence past them. Returns how many
 * were skipped because an earlier person already held the same key (a namesake drawing the same
 * passport: astronomically rare, but a unique violation must not end a million-row load).
 */
export async function loadClients(
  prisma: PrismaClient,
  seed: number,
  count: number,
  onProgress?: (loaded: number) => void,
): Promise<number> {
  let inserted = 0;
  const casts = COLUMNS.map((name, i) => `$${i + 1}::${name === "id" ? "bigint" : "text"}[]`);
  const targets = COLUMNS.map((name) => `"${name}"`).join(", ");
  const values = COLUMNS.map((name) => (name === "addressData" ? `"${name}"::jsonb` : `"${name}"`));
  const sql = `
    INSERT INTO "Client" (${targets}, "updatedAt")
    SELECT ${values.join(", ")}, now()
      FROM unnest(${casts.join(", ")}) AS t(${targets})
    ON CONFLICT DO NOTHING`;
  for (let from = 0; from < count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK);
    inserted += await prisma.$executeRawUnsafe(sql, ...columnsOf(seed, from, to));
    onProgress?.(to);
  }
  await prisma.$executeRawUnsafe(
    `SELECT setval(pg_get_serial_sequence('"Client"', 'id'), (SELECT max(id) FROM "Client"))`,
  );
  await prisma.$executeRawUnsafe(`ANALYZE "Client"`);
  return count - inserted;
}
