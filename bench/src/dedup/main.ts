// `pnpm bench:dedup`: how well LeadCore keeps one person as one client. Loads a synthetic base of
// clients (10 000, or `--clients 1000000`) into a fresh PostgreSQL database and runs every case
// of the data set through it (run.ts; dataset.ts: duplicates with labelled corruptions, hard
// negatives). Prints and writes bench/results/dedup-<time>.json and .md (README, "Dedup benchmark").
//
// Flags: --clients N (default 10 000), --per-kind N (cases of each kind, default 100),
// --seed N (default 13). BENCH_PG_URL: the PostgreSQL server (default 127.0.0.1:5432).
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { duplicateSettings } from "@leadcore/core";
import { openDatabase } from "@leadcore/db";
import pg from "pg";
import {
  type CaseOutcome,
  curve,
  exactRule,
  quantile,
  suspicion,
  wrongSuspects,
} from "./measure.ts";
import { dedupMarkdown } from "./report.ts";
import { runDedup } from "./run.ts";

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

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${pgServerUrl}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const started = new Date();
  log(`config ${JSON.stringify(config)}`);
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

    const { outcomes, loadSeconds, skipped } = await runDedup(prisma, config, log);
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
    wrongSuspects: wrongSuspects(outcomes, threshold),
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
    wrongSuspects: wrongSuspects(outcomes, threshold),
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
