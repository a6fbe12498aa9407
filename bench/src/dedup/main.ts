// `pnpm bench:dedup`: how well LeadCore keeps one person as one client. Loads a synthetic base of
// clients (10 000, or `--clients 1000000`) into a fresh PostgreSQL database, then for every case
// of the data set (dataset.ts: duplicates with labelled corruptions, hard negatives) creates the
// lead, previews it as an operator and converts it through @leadcore/core, as a lead would go.
// Prints and writes bench/results/dedup-<time>.json and .md (README, "Dedup benchmark").
//
// Flags: --clients N (default 10 000), --per-kind N (cases of each kind, default 100),
// --seed N (default 13). BENCH_PG_URL: the PostgreSQL server (default 127.0.0.1:5432).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type Actor,
  convertLead,
  createLead,
  createOperator,
  duplicateSettings,
  findSuspects,
  previewMatch,
} from "@leadcore/core";
import { openDatabase } from "@leadcore/db";
import type { LeadBody } from "@leadcore/schema";
import pg from "pg";
import { type LeadPerson, leadPersonOf } from "./corruptions.ts";
import { generateCases } from "./dataset.ts";
import { loadClients } from "./load.ts";
import { type CaseOutcome, curve, exactRule, quantile, suspicion } from "./measure.ts";
import { personAt } from "./people.ts";
import { dedupMarkdown } from "./report.ts";

const { values: flags } = parseArgs({
  options: {
    clients: { type: "string", default: "10000" },
    "per-kind": { type: "string", default: "100" },
    seed: { type: "string", default: "13" },
  },
});
const positive = (name: string, value: string | undefined) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) {
    console.error(`[bench:dedup] --${name} is a positive whole number, not "${value}"`);
    process.exit(2);
  }
  return n;
};
const config = {
  clients: positive("clients", flags.clients),
  perKind: positive("per-kind", flags["per-kind"]),
  seed: positive("seed", flags.seed),
};
const benchDir = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const pgServerUrl = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432";
// Nothing in this process may pick a database by accident (openDatabase falls back to DATABASE_URL).
delete process.env.DATABASE_URL;

const log = (message: string) =>
  console.log(`[bench:dedup ${new Date().toISOString().slice(11, 19)}] ${message}`);
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${pgServerUrl}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The lead a partner would send for the case: the person's fields, a wanted loan. */
function leadBody(lead: LeadPerson): LeadBody {
  return {
    lastName: lead.lastName,
    firstName: lead.firstName,
    patronymic: lead.patronymic,
    birthDate: lead.birthDate,
    mobilePhone: lead.mobilePhone,
    passport: { seria: lead.passportSeries, no: lead.passportNumber },
    addressData: { fullAddressText: lead.address },
    amount: 50_000,
    period: 12,
    periodUnit: "MONTHS",
    channel: "SITE",
  };
}

async function main(): Promise<void> {
  const started = new Date();
  log(`config ${JSON.stringify(config)}`);
  const cases = generateCases(config);
  const name = `leadcore_dedup_${stamp.replace(/\W/g, "").toLowerCase().slice(0, 18)}_${process.pid}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  // Loading inserts 5 000 clients per statement: longer than a request's statement timeout.
  const db = await openDatabase({ url: `${pgServerUrl}/${name}`, bulk: true });
  try {
    const prisma = db.prisma;
    const [{ server_version: version }] = (await prisma.$queryRawUnsafe<
      { server_version: string }[]
    >("SHOW server_version")) as [{ server_version: string }];
    log(`PostgreSQL ${version}: database ${name}`);

    let since = performance.now();
    const skipped = await loadClients(prisma, config.seed, config.clients, (loaded) => {
      if (loaded % 100_000 === 0) log(`loaded ${loaded} clients (${seconds(since)} s)`);
    });
    const loadSeconds = Number(seconds(since));
    log(
      `loaded ${config.clients - skipped} clients in ${loadSeconds} s (${skipped} skipped: key taken)`,
    );

    const operator = await createOperator(prisma, {
      login: "bench.dedup",
      password: "bench-dedup-password",
      role: "operator",
    });
    const actor: Actor = {
      kind: "operator",
      operatorId: operator.id,
      login: operator.login,
      role: "operator",
    };

    // Person of each client: the base's by id (load.ts), the conversions' as they are created.
    const createdFor = new Map<bigint, number>();
    const personOf = (clientId: bigint) =>
      clientId <= BigInt(config.clients) ? Number(clientId) - 1 : (createdFor.get(clientId) ?? -1);

    // Prisma prepares its statements on first use: a few previews before the measured ones, of
    // people outside the population (their leads stay NEW and never become clients).
    for (let n = 0; n < 10; n++) {
      const stranger = leadPersonOf(personAt(config.seed, config.clients + 1_000_000 + n));
      await previewMatch(prisma, actor, await createLead(prisma, actor, leadBody(stranger)));
    }

    since = performance.now();
    const outcomes: CaseOutcome[] = [];
    for (const [n, c] of cases.entries()) {
      const body = leadBody(c.lead);
      const id = await createLead(prisma, actor, body);
      const t0 = performance.now();
      const preview = await previewMatch(prisma, actor, id);
      const previewMs = performance.now() - t0;
      const matched =
        preview.status === "WILL_MATCH" && preview.client ? [BigInt(preview.client.id)] : [];
      // Every candidate with a reason, whatever its score, for the curve over thresholds.
      const suspects = await findSuspects(
        prisma,
        {
          lastName: body.lastName,
          firstName: body.firstName,
          patronymic: body.patronymic,
          passportSeries: body.passport?.seria,
          passportNumber: body.passport?.no,
          birthDate: body.birthDate,
          mobilePhone: body.mobilePhone,
        },
        { threshold: 0, excludeClientIds: matched, limit: 1_000 },
      );
      const result = await convertLead(prisma, actor, id, body);
      const clientId = BigInt(result.clientId);
      if (result.outcome === "CREATED_NEW_CLIENT") createdFor.set(clientId, c.personId);
      outcomes.push({
        kind: c.kind,
        personId: c.personId,
        outcome: result.outcome,
        clientPersonId: personOf(clientId),
        suspects: suspects.map((s) => ({ personId: personOf(s.clientId), score: s.score })),
        previewMs,
      });
      if ((n + 1) % 200 === 0) log(`${n + 1} / ${cases.length} cases (${seconds(since)} s)`);
    }
    log(`${cases.length} cases previewed and converted in ${seconds(since)} s`);
    await report(started, version, loadSeconds, skipped, outcomes);
  } finally {
    await db.close();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    log(`dropped database ${name}`);
  }
}

async function report(
  started: Date,
  version: string,
  loadSeconds: number,
  skipped: number,
  outcomes: CaseOutcome[],
): Promise<void> {
  const threshold = duplicateSettings().threshold;
  const exact = exactRule(outcomes);
  const atDefault = suspicion(outcomes, threshold);
  const all = atDefault.find((row) => row.kind === "all")!;
  const times = outcomes.map((o) => o.previewMs);
  const latency = {
    previews: times.length,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    max: Math.max(...times),
  };
  const finished = new Date();
  const verdicts = [
    { target: "false merges 0", met: exact.falseMerges === 0, measured: String(exact.falseMerges) },
    {
      target: "exact kinds all attached to their client",
      met: exact.exactAttached === exact.exactCases,
      measured: `${exact.exactAttached} / ${exact.exactCases}`,
    },
    {
      target: "suspicion recall ≥ 0.95",
      met: (all.recall ?? 0) >= 0.95,
      measured: all.recall?.toFixed(3) ?? "–",
    },
    {
      target: "suspicion precision ≥ 0.90",
      met: (all.precision ?? 0) >= 0.9,
      measured: all.precision?.toFixed(3) ?? "–",
    },
    ...(config.clients >= 1_000_000
      ? [
          {
            target: "preview p99 < 50 ms at 1 000 000",
            met: latency.p99 < 50,
            measured: `${latency.p99.toFixed(1)} ms`,
          },
        ]
      : []),
  ];
  const header = [
    `Run ${started.toISOString()} – ${finished.toISOString()} (${((finished.getTime() - started.getTime()) / 60000).toFixed(1)} min), seed ${config.seed}.`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${version}, on the same machine.`,
    `${config.clients.toLocaleString("en-US")} synthetic clients loaded in ${loadSeconds} s (${skipped} skipped: key already taken); ` +
      `${outcomes.length} cases, ${config.perKind} of each kind, each derived from its own client, previewed (as an operator) and converted one at a time through @leadcore/core.`,
    "Leads carry name, birth date, passport, mobile phone and address, not INN or SNILS (partners rarely send them), so those signals are not exercised.",
  ];
  const md = dedupMarkdown({
    title: `Dedup benchmark: ${config.clients.toLocaleString("en-US")} clients`,
    header,
    exactRule: exact,
    threshold,
    suspicion: atDefault,
    curve: curve(outcomes),
    latency,
    verdicts,
  });
  const resultsDir = join(benchDir, "results");
  mkdirSync(resultsDir, { recursive: true });
  const base = join(
    resultsDir,
    `dedup-${stamp}${config.clients === 10_000 ? "" : `-${config.clients}`}`,
  );
  const record = {
    started,
    finished,
    config,
    threshold,
    postgresql: version,
    loadSeconds,
    skipped,
    exactRule: exact,
    suspicion: atDefault,
    curve: curve(outcomes),
    latency,
    verdicts,
  };
  writeFileSync(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(`${base}.md`, `${md}\n`);
  console.log(`\n${md}\n`);
  log(`written ${base}.json and ${base}.md`);
}

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error("[bench:dedup] FAILED:", error);
  process.exit(1);
}
