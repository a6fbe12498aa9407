// The stop-list phase's data: N entries written by one INSERT ... SELECT generate_series (with
// their ADDED events, in the same statement), in the normalized form @leadcore/schema gives an
// admin's entry (stopListEntryKey), the five kinds interleaved, and none of them matching the
// bench's leads (checked, not assumed); TRUNCATE takes them away again. And the plan of the gate's
// statement (core stopListHitQuery) for the bench's lead.
import { findStopListHit, stopListHitQuery } from "@leadcore/core";
import { Prisma, type PrismaClient } from "@leadcore/db";
import {
  normalizeName,
  PERSON_KEY_SEPARATOR,
  type StopListEntryInput,
  stopListEntryKey,
  stopListKeysOfLead,
} from "@leadcore/schema";
import { lit } from "./seed.ts";
import { FIRST_NAMES, LAST_NAMES, leadBody, PATRONYMICS } from "./workload.ts";

const KINDS = ["PASSPORT", "PHONE", "INN", "SNILS", "PERSON"] as const;
const REASON = "bench: synthetic entry";
export const STOP_LIST_UNIQUE_INDEX = "StopListEntry_kind_value_key";

const textArray = (values: string[]) => `ARRAY[${values.map(lit).join(",")}]::text[]`;
/**
 * Σ weight × digit of the integer expression `n` written with `width` digits (leading zeros
 * included), in integer arithmetic: the INN and SNILS check sums.
 */
const weighted = (n: string, width: number, weights: number[]) =>
  weights.map((w, k) => `${w} * (${n} / ${10 ** (width - 1 - k)} % 10)`).join(" + ");

// The entries of one kind, its j-th entry (0 <= j < count) in SQL; every value is what the
// schema's stopListEntryKey makes of the display (sampled in checkStopList). Synthetic ranges no
// seeded person or lead uses: passports of series 00xx, phones +7 900 0xx-xx-xx, INNs 00xxxxxxxxxx
// (region 00 does not exist), SNILS 100-0xx-xxx, persons born in the 1940s (the leads: 1987).
function kindSelect(kind: (typeof KINDS)[number], count: number): string {
  const j = `generate_series(0, ${count - 1}) AS j`;
  const ord = KINDS.indexOf(kind);
  switch (kind) {
    case "PASSPORT":
      return `SELECT ${ord} AS ord, j, v AS value, substr(v, 1, 4) || ' ' || substr(v, 5) AS display
                FROM ${j}, LATERAL (SELECT '00' || lpad(j::text, 8, '0') AS v) AS x`;
    case "PHONE":
      return `SELECT ${ord} AS ord, j, v AS value, '+7 ' || substr(v, 3, 3) || ' ' || substr(v, 6, 3) || '-' || substr(v, 9, 2) || '-' || substr(v, 11, 2) AS display
                FROM ${j}, LATERAL (SELECT '+7900' || lpad(j::text, 7, '0') AS v) AS x`;
    case "INN": // a person's INN: 10 digits 00xxxxxxxx, then the two check digits
      return `SELECT ${ord} AS ord, j, v AS value, v AS display
                FROM ${j},
                     LATERAL (SELECT (${weighted("j", 10, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8])}) % 11 % 10 AS c1) AS a,
                     LATERAL (SELECT lpad(j::text, 10, '0') || c1::text
                                     || ((${weighted("j", 10, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6])} + 8 * c1) % 11 % 10)::text AS v) AS b`;
    case "SNILS": // 9 digits 100xxxxxx (above 001-001-998, so checked) and the check number
      return `SELECT ${ord} AS ord, j, v AS value, substr(v, 1, 3) || '-' || substr(v, 4, 3) || '-' || substr(v, 7, 3) || ' ' || substr(v, 10, 2) AS display
                FROM ${j},
                     LATERAL (SELECT (${weighted("(100000000 + j)", 9, [9, 8, 7, 6, 5, 4, 3, 2, 1])}) % 101 AS m) AS a,
                     LATERAL (SELECT (100000000 + j)::text || lpad((CASE WHEN m = 100 THEN 0 ELSE m END)::text, 2, '0') AS v) AS b`;
    case "PERSON": {
      // Names as the bench's leads spell them, keyed by normalizeName; 4 000 name triples per date.
      const pick = (values: string[], expr: string) => `(${textArray(values)})[(${expr}) + 1]`;
      const [last, first, patronymic] = ["j % 20", "(j / 20) % 20", "(j / 400) % 10"];
      const sep = lit(PERSON_KEY_SEPARATOR);
      return `SELECT ${ord} AS ord, j,
                     ${pick(LAST_NAMES.map(normalizeName), last)} || ${sep} || ${pick(FIRST_NAMES.map(normalizeName), first)} || ${sep} ||
                     ${pick(PATRONYMICS.map(normalizeName), patronymic)} || ${sep} || to_char(born, 'YYYY-MM-DD') AS value,
                     ${pick(LAST_NAMES, last)} || ' ' || ${pick(FIRST_NAMES, first)} || ' ' || ${pick(PATRONYMICS, patronymic)} || ', ' || to_char(born, 'DD.MM.YYYY') AS display
                FROM ${j}, LATERAL (SELECT date '1941-01-01' + (j / 4000) * 61 + j % 29 AS born) AS x`;
    }
  }
}

/** Writes `count` active entries (kinds in turn: id order mixes them) and their events; seconds taken. */
export async function loadStopList(prisma: PrismaClient, count: number): Promise<number> {
  const started = Date.now();
  const perKind = KINDS.map((_, k) => Math.floor((count - k + KINDS.length - 1) / KINDS.length));
  const parts = KINDS.map((kind, k) => (perKind[k]! > 0 ? kindSelect(kind, perKind[k]!) : null));
  const insert = `
    WITH entry AS (
      INSERT INTO "StopListEntry" (kind, value, display, reason, "addedBy")
      SELECT (${textArray([...KINDS])})[ord + 1]::"StopListKind", value, display, ${lit(REASON)}, 'bench'
        FROM (${parts.filter(Boolean).join("\n UNION ALL ")}) AS e
       ORDER BY j, ord
      RETURNING id
    )
    INSERT INTO "StopListEvent" ("entryId", kind, reason, by, imported)
    SELECT id, 'ADDED', ${lit(REASON)}, 'bench', true FROM entry`;
  // The planner's cost of 100 000 computed rows is past jit_above_cost; compiling costs more
  // than it saves here.
  await prisma.$transaction([
    prisma.$executeRawUnsafe("SET LOCAL jit = off"),
    prisma.$executeRawUnsafe(insert),
  ]);
  await prisma.$executeRawUnsafe(`VACUUM (ANALYZE) "StopListEntry"`);
  await prisma.$executeRawUnsafe(`VACUUM (ANALYZE) "StopListEvent"`);
  return (Date.now() - started) / 1000;
}

export async function clearStopList(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`TRUNCATE "StopListEvent", "StopListEntry"`);
  await prisma.$executeRawUnsafe(`ANALYZE "StopListEntry"`);
}

export async function countStopList(prisma: PrismaClient): Promise<number> {
  const [row] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM "StopListEntry" WHERE "removedAt" IS NULL`,
  );
  return Number(row!.n);
}

/** What an admin would type for a stored entry, read back from its display. */
function inputOf(kind: string, display: string): StopListEntryInput {
  const reason = REASON;
  switch (kind) {
    case "PASSPORT": {
      const [seria = "", no = ""] = display.split(" ");
      return { kind, seria, no, reason };
    }
    case "PHONE":
      return { kind, mobilePhone: display, reason };
    case "INN":
      return { kind, inn: display, reason };
    case "SNILS":
      return { kind, snils: display, reason };
    default: {
      const [names = "", date = ""] = display.split(", ");
      const [lastName = "", firstName = "", patronymic] = names.split(" ");
      const birthDate = date.split(".").reverse().join("-");
      return { kind: "PERSON", lastName, firstName, patronymic, birthDate, reason };
    }
  }
}

/**
 * Proof that the loaded list is what the phase needs: the first and the last entries of each kind
 * are exactly what @leadcore/schema's stopListEntryKey makes of them (value and display; INN and
 * SNILS check digits valid), every kind is there, and the bench's lead is on none of them.
 */
export async function checkStopList(prisma: PrismaClient, count: number): Promise<void> {
  const samples = await prisma.$queryRawUnsafe<{ kind: string; value: string; display: string }[]>(`
    SELECT kind::text AS kind, value, display FROM (
      SELECT *, row_number() OVER (PARTITION BY kind ORDER BY id) AS first,
                row_number() OVER (PARTITION BY kind ORDER BY id DESC) AS last
        FROM "StopListEntry") AS e
     WHERE first <= 2 OR last <= 2`);
  const kinds = new Set(samples.map((s) => s.kind));
  const missing = KINDS.filter((kind) => !kinds.has(kind));
  if (count >= KINDS.length && missing.length > 0)
    throw new Error(`stop-list: no ${missing.join(", ")} entries were loaded`);
  for (const sample of samples) {
    const key = stopListEntryKey(inputOf(sample.kind, sample.display));
    if (!key.ok || key.key.value !== sample.value || key.key.display !== sample.display)
      throw new Error(
        `stop-list: the loaded ${sample.kind} entry ${JSON.stringify(sample)} is not in the schema's form: ${JSON.stringify(key)}`,
      );
  }
  const loaded = await countStopList(prisma);
  if (loaded !== count) throw new Error(`stop-list: ${loaded} active entries, ${count} expected`);
  const hit = await findStopListHit(prisma, leadBody());
  if (hit) throw new Error(`stop-list: the bench's lead hits entry ${hit.entryId} (${hit.kind})`);
}

/** EXPLAIN (ANALYZE, BUFFERS) of the gate's statement for the bench's lead (its five keys). */
export async function explainGate(
  prisma: PrismaClient,
): Promise<{ keys: number; plan: string[]; usesIndex: boolean }> {
  const keys = stopListKeysOfLead(leadBody());
  const rows = await prisma.$queryRaw<{ "QUERY PLAN": string }[]>(
    Prisma.sql`EXPLAIN (ANALYZE, BUFFERS) ${stopListHitQuery(keys)}`,
  );
  const plan = rows.map((row) => row["QUERY PLAN"]);
  const index = new RegExp(
    `(Bitmap Index Scan on|Index Scan using|Index Only Scan using) "?${STOP_LIST_UNIQUE_INDEX}"?`,
  );
  return { keys: keys.length, plan, usesIndex: plan.some((line) => index.test(line)) };
}
