// `pnpm bench`: LeadCore's lead update and conversion under load, over REST and the typed tRPC
// client, against a bare node:http + pg baseline doing the same SQL, in one run, on one machine.
// See the README section "Benchmark". `pnpm bench --smoke` (or BENCH_SMOKE=1): a short run that
// only checks that everything completes without errors or non-2xx answers. BENCH_ONLY=stoplist (a
// comma-separated list of main, scale, stoplist, webhooks, embedded): those phases only. `pnpm bench --profile
// [update|convert] [rest|trpc]`: where the CPU goes (profile.ts).
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createPartnerWithKey, createServiceKey } from "@leadcore/core";
import { type Database, openDatabase } from "@leadcore/db";
import pg from "pg";
// The web app's build-if-stale, by path: it is the tests' helper, not @leadcore/web's API.
import { ensureBuilt } from "../../apps/web/test/build.ts";
import { type RequestSpec, runLoad } from "./load.ts";
import {
  type DbKind,
  fmtInt,
  markdown,
  type Op,
  type RunRecord,
  type Series,
  type StopListSection,
  scaleRows,
  stopListRows,
  summarize,
  type TargetName,
  verdicts,
  type WebhookSection,
  webhookRows,
} from "./report.ts";
import { countClients, outcomesOf, seedClients, seedLeads } from "./seed.ts";
import {
  benchDir,
  leadCoreHost,
  postgresCpuMs,
  type RunningServer,
  startBaseline,
  startLeadCore,
  stopAllServers,
} from "./servers.ts";
import { countStatements, type StatementCount } from "./statements.ts";
import {
  checkStopList,
  clearStopList,
  countStopList,
  explainGate,
  loadStopList,
} from "./stop-list.ts";
import { deliveryFigures, makeEndpoint, setSubscribed, startReceiver } from "./webhooks.ts";
import {
  baseIdentity,
  bodyTemplates,
  type Identity,
  identityValues,
  leadBody,
  newIdentity,
} from "./workload.ts";

// ---------------------------------------------------------------------------------------------
// Configuration

const argv = process.argv.slice(2);
if (process.env.BENCH_HOST !== undefined && !["next", "node"].includes(process.env.BENCH_HOST)) {
  console.error(
    `[bench] BENCH_HOST must be "next" (the default) or "node", not "${process.env.BENCH_HOST}"`,
  );
  process.exit(2);
}
const smoke = argv.includes("--smoke") || process.env.BENCH_SMOKE === "1";
// The phases a run may be limited to (BENCH_ONLY); by default all run. A smoke run runs them all.
const PHASES = ["main", "scale", "stoplist", "webhooks", "embedded"];
const only = smoke
  ? undefined
  : process.env.BENCH_ONLY?.split(",")
      .map((name) => name.trim())
      .filter(Boolean);
if (only && (only.length === 0 || only.some((name) => !PHASES.includes(name)))) {
  console.error(
    `[bench] BENCH_ONLY is a comma-separated list of ${PHASES.join(", ")}, not "${process.env.BENCH_ONLY}"`,
  );
  process.exit(2);
}
const wanted = (phase: string) => !only || only.includes(phase);
const numberEnv = (name: string, fallback: number) =>
  process.env[name] ? Number(process.env[name]) : fallback;
const listEnv = (name: string, fallback: number[]) =>
  process.env[name] ? process.env[name]!.split(",").filter(Boolean).map(Number) : fallback;

const config = smoke
  ? {
      duration: 1,
      runs: 1,
      connections: [8],
      warmup: 0,
      base: 1_000,
      scale: [] as number[],
      postgres: true,
      embedded: false,
      updateLeads: 200,
      main: true,
      stopListEntries: 10_000,
      webhooks: true,
    }
  : {
      duration: numberEnv("BENCH_DURATION", 10),
      runs: numberEnv("BENCH_RUNS", 3),
      connections: listEnv("BENCH_CONNECTIONS", [16, 64]),
      warmup: numberEnv("BENCH_WARMUP", 3),
      base: numberEnv("BENCH_BASE", 10_000),
      scale: wanted("scale") ? listEnv("BENCH_SCALE", [100_000, 1_000_000]) : [],
      postgres: process.env.BENCH_POSTGRES !== "0",
      embedded: process.env.BENCH_EMBEDDED !== "0" && wanted("embedded"),
      updateLeads: 2_000,
      /** The PostgreSQL update/convert matrix (BENCH_ONLY without "main" skips it). */
      main: wanted("main"),
      /** Entries of the stop-list phase; 0 (BENCH_STOPLIST=0) skips the phase. */
      stopListEntries: wanted("stoplist") ? numberEnv("BENCH_STOPLIST", 100_000) : 0,
      /** Conversions with a subscribed webhook endpoint against none (BENCH_WEBHOOKS=0 skips it). */
      webhooks: wanted("webhooks") && process.env.BENCH_WEBHOOKS !== "0",
    };
if (!Number.isSafeInteger(config.stopListEntries) || config.stopListEntries < 0) {
  console.error(
    `[bench] BENCH_STOPLIST is the number of stop-list entries (0 skips the phase), not "${process.env.BENCH_STOPLIST}"`,
  );
  process.exit(2);
}
const pgServerUrl = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432";
// Scale runs measure conversions at this many connections (the issue's reference figures are at 16),
// the stop-list phase updates and creates.
const scaleConnections = config.connections.includes(16) ? 16 : config.connections[0]!;
const postgresUsed =
  config.postgres &&
  (config.main || config.scale.length > 0 || config.stopListEntries > 0 || config.webhooks);

// Nothing in this process may pick a database by accident (openDatabase falls back to DATABASE_URL).
delete process.env.DATABASE_URL;

const stamp = new Date().toISOString().replace(/[:.]/g, "-").replace(/Z$/, "Z");
const resultsDir = join(benchDir, "results");
const workDir = mkdtempSync(join(tmpdir(), "leadcore-bench-"));
mkdirSync(join(workDir, "logs"));
const log = (message: string) =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

// ---------------------------------------------------------------------------------------------
// Cleanup: servers stopped, the database dropped, the temp folder removed, whatever happens.

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await stopAllServers().catch((error: unknown) => console.error("stopping servers:", error));
    for (const fn of cleanups.reverse())
      await fn().catch((error: unknown) => console.error("cleanup:", error));
    rmSync(workDir, { recursive: true, force: true });
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    console.error(`\n[bench] ${signal}: stopping servers and dropping the database...`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Workload state of one database: the leads that updates cycle over, the unconverted leads that
// conversions consume (each conversion needs its own), and the client base it matches against.

type Keys = { partnerKey: string; serviceKey: string; partnerId: bigint };

class Workload {
  private updateCursor = 0;
  private convertPool: number[] = [];
  private newPeople = 0;
  private matchNext = true;
  private seed = 0x2545f491;
  baseSize = 0;

  constructor(
    readonly keys: Keys,
    readonly updateIds: number[],
  ) {}

  addConvertLeads(ids: number[]) {
    this.convertPool.push(...ids);
  }
  get convertLeft() {
    return this.convertPool.length;
  }

  nextUpdate(): number {
    const id = this.updateIds[this.updateCursor % this.updateIds.length]!;
    this.updateCursor++;
    return id;
  }

  /** The next unconverted lead, alternately for a client of the base and for a new person. */
  nextConvert(): { id: number; identity: Identity } | null {
    const id = this.convertPool.shift();
    if (id === undefined) return null;
    const match = this.matchNext;
    this.matchNext = !this.matchNext;
    return {
      id,
      identity: match ? baseIdentity(this.random(this.baseSize)) : newIdentity(this.newPeople++),
    };
  }

  private random(n: number): number {
    // xorshift32: reproducible, cheap, good enough to spread lookups over the base.
    this.seed ^= this.seed << 13;
    this.seed ^= this.seed >>> 17;
    this.seed ^= this.seed << 5;
    return (this.seed >>> 0) % n;
  }
}

// ---------------------------------------------------------------------------------------------
// The wires

const templates = bodyTemplates();
const updateRestBody = templates.update.rest.render({});
// A create sends the update's lead without an id (REST: the same text as an update's body).
const createRestBody = templates.create.rest.render({});
const createTrpcBody = templates.create.trpc.render({});

type Target = { name: TargetName; server: RunningServer; token: string; idlePath: string };

function requestFor(target: TargetName, op: Op, id: number, identity?: Identity): RequestSpec {
  if (op === "create") {
    if (target === "baseline" || target === "bare") throw new Error("the baseline has no create");
    return target === "trpc"
      ? { method: "POST", path: "/api/trpc/lead.create?batch=1", body: createTrpcBody }
      : { method: "POST", path: "/api/v1/leads", body: createRestBody };
  }
  if (target === "trpc") {
    return op === "update"
      ? {
          method: "POST",
          path: "/api/trpc/lead.update?batch=1",
          body: templates.update.trpc.render({ numId: id }),
        }
      : {
          method: "POST",
          path: "/api/trpc/lead.convert?batch=1",
          body: templates.convert.trpc.render(identityValues(identity!, id)),
        };
  }
  const prefix = target === "rest" ? "/api/v1" : ""; // the baselines serve /leads/...
  return op === "update"
    ? { method: "PUT", path: `${prefix}/leads/${id}`, body: updateRestBody }
    : {
        method: "POST",
        path: `${prefix}/leads/${id}/convert`,
        body: templates.convert.rest.render(identityValues(identity!)),
      };
}

// ---------------------------------------------------------------------------------------------
// Runs

type Phase = {
  series: Series;
  db: DbKind;
  base: number;
  /** The stop-list phase: entries on the list during its runs. */
  stopListEntries?: number;
  /** The webhook phase: the partner's subscribed endpoints during its runs. */
  webhookEndpoints?: number;
  workload: Workload;
  targets: Target[];
  /** Makes sure `count` unconverted leads are ready; `upcoming` runs will need as many each. */
  ensureConvertLeads(count: number, upcoming: number): Promise<void>;
  /** Before each measured run: PostgreSQL writes its dirty pages now rather than during a run. */
  settle(): Promise<void>;
  clients(): Promise<number>;
};

const records: (RunRecord & { leadIds?: number[] })[] = [];
const observedRate = new Map<string, number>();

function leadsNeeded(
  phase: Phase,
  target: TargetName,
  connections: number,
  seconds: number,
): number {
  const guess = phase.db === "postgresql" ? 900 : 100;
  const rate = observedRate.get(`${phase.db}|${target}`) ?? guess;
  return Math.ceil(rate * 1.6 * seconds) + connections * 4 + 200;
}

async function measure(
  phase: Phase,
  target: Target,
  op: Op,
  connections: number,
  round: number,
  options: {
    seconds?: number;
    record?: boolean;
    upcoming?: number;
    /** Told when the recorded run's load started and ended (the webhook phase's delivery figures). */
    onRun?: (run: { startedAt: Date; endedAt: Date; round: number }) => Promise<void>;
  } = {},
): Promise<void> {
  const seconds = options.seconds ?? config.duration;
  for (let attempt = 1; ; attempt++) {
    if (op === "convert") {
      const need = leadsNeeded(phase, target.name, connections, seconds) * attempt;
      await phase.ensureConvertLeads(need, options.upcoming ?? 1);
    }
    const clients = options.record === false ? 0 : await phase.clients();
    await phase.settle();
    const used: number[] = [];
    const loadavgBefore = loadavg()[0]!;
    target.server.resetPeakRss();
    const cpuBefore = target.server.cpuMs();
    const postgresBefore = phase.db === "postgresql" ? postgresCpuMs() : null;
    const loadBefore = process.cpuUsage();
    const startedAt = new Date();
    const result = await runLoad({
      origin: target.server.url,
      token: target.token,
      connections,
      duration: seconds,
      idlePath: target.idlePath,
      next: () => {
        if (op === "update") return requestFor(target.name, op, phase.workload.nextUpdate());
        if (op === "create") return requestFor(target.name, op, 0);
        const lead = phase.workload.nextConvert();
        if (!lead) return null;
        used.push(lead.id);
        return requestFor(target.name, op, lead.id, lead.identity);
      },
    });
    const load = process.cpuUsage(loadBefore);
    const cpuAfter = target.server.cpuMs();
    const serverPeakRssMb = target.server.peakRssMb();
    const postgresAfter = phase.db === "postgresql" ? postgresCpuMs() : null;
    const perRequest = (before: number | null, after: number | null) =>
      before === null || after === null || result.requests === 0
        ? null
        : (after - before) / result.requests;
    const serverCpuMsPerRequest = perRequest(cpuBefore, cpuAfter);
    const postgresCpuMsPerRequest = perRequest(postgresBefore, postgresAfter);
    const loadCpuMsPerRequest =
      result.requests === 0 ? null : (load.user + load.system) / 1000 / result.requests;
    if (op === "convert") {
      const key = `${phase.db}|${target.name}`;
      observedRate.set(key, Math.max(observedRate.get(key) ?? 0, result.rps));
    }
    const what =
      phase.webhookEndpoints !== undefined
        ? ` webhooks ${phase.webhookEndpoints ? "subscribed" : "none"}`
        : phase.stopListEntries === undefined
          ? `${phase.series === "scale" ? " scale" : ""} ${fmtInt(phase.base)}`
          : ` stop-list ${phase.stopListEntries ? `${fmtInt(phase.stopListEntries)} entries` : "empty"}`;
    const label = `${phase.db}${what} ${op} ${target.name} @${connections}${options.record === false ? " (warm-up)" : ` round ${round}`}`;
    log(
      `${label}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
        `CPU ms/req: server ${serverCpuMsPerRequest?.toFixed(1) ?? "?"}, PostgreSQL ${postgresCpuMsPerRequest?.toFixed(1) ?? "-"}, ` +
        `load generator ${loadCpuMsPerRequest?.toFixed(1) ?? "?"}; server peak RSS ${serverPeakRssMb?.toFixed(0) ?? "?"} MiB; non-2xx ${result.non2xx}, errors ${result.errors}${result.exhausted ? " (ran out of leads: rerun)" : ""}`,
    );
    if (result.non2xx > 0 || result.errors > 0) {
      console.error(
        `[bench] ${label}: status codes ${JSON.stringify(result.statusCodes)}\n--- server log tail ---\n${target.server.tail(2000)}`,
      );
    }
    if (result.exhausted && attempt < 3) continue;
    if (options.record !== false) {
      await options.onRun?.({ startedAt, endedAt: new Date(), round });
      records.push({
        ...result,
        series: phase.series,
        db: phase.db,
        clients,
        base: phase.base,
        target: target.name,
        op,
        connections,
        round,
        ...(phase.stopListEntries === undefined ? {} : { stopListEntries: phase.stopListEntries }),
        ...(phase.webhookEndpoints === undefined
          ? {}
          : { webhookEndpoints: phase.webhookEndpoints }),
        loadavgBefore,
        serverCpuMsPerRequest,
        postgresCpuMsPerRequest,
        loadCpuMsPerRequest,
        serverPeakRssMb,
        ...(op === "convert" ? { leadIds: used } : {}),
      });
    }
    return;
  }
}

/** Every (op, connections, target) once per round; the order of the servers rotates by round. */
async function rounds(phase: Phase, ops: Op[], connectionsList: number[]): Promise<void> {
  const convertRunsLeft = (round: number) =>
    (config.runs - round + 1) * connectionsList.length * phase.targets.length;
  for (let round = 1; round <= config.runs; round++) {
    const order = phase.targets.map(
      (_, i) => phase.targets[(i + round - 1) % phase.targets.length]!,
    );
    for (const connections of connectionsList) {
      for (const op of ops) {
        for (const target of order)
          await measure(phase, target, op, connections, round, {
            upcoming: convertRunsLeft(round),
          });
      }
    }
  }
}

async function warmUp(phase: Phase, ops: Op[]): Promise<void> {
  if (config.warmup <= 0) return;
  for (const target of phase.targets) {
    for (const op of ops)
      await measure(phase, target, op, 16, 0, { seconds: config.warmup, record: false });
  }
}

/** How the leads of each conversion run ended: half should have matched a client, half created one. */
async function recordOutcomes(prisma: Database["prisma"], db: DbKind): Promise<void> {
  for (const record of records.filter((r) => r.db === db && r.op === "convert" && r.leadIds)) {
    record.outcomes = await outcomesOf(prisma, record.leadIds!);
    delete record.leadIds;
  }
}

// ---------------------------------------------------------------------------------------------
// Preparing a database

async function prepare(db: Database, clients: number): Promise<Workload> {
  const partner = await createPartnerWithKey(db.prisma, "Bench partner");
  const service = await createServiceKey(db.prisma, "Bench service");
  const keys = { partnerKey: partner.key, serviceKey: service.key, partnerId: partner.partnerId };
  let started = Date.now();
  await seedClients(db.prisma, 0, clients, db.kind === "postgresql" ? 2 : 1);
  log(`seeded ${fmtInt(clients)} clients in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  const updateIds = await seedLeads(db.prisma, keys.partnerId, config.updateLeads);
  log(
    `seeded ${fmtInt(updateIds.length)} leads for updates in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const workload = new Workload(keys, updateIds);
  workload.baseSize = clients;
  return workload;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${pgServerUrl}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One request of each kind through the real handlers in this process, statements counted. */
async function statementCounts(
  url: string,
  workload: Workload,
  db: Database,
): Promise<StatementCount[]> {
  workload.addConvertLeads(await seedLeads(db.prisma, workload.keys.partnerId, 8));
  const { partnerKey, serviceKey } = workload.keys;
  const requests = () => {
    const update = workload.nextUpdate();
    const matched = workload.nextConvert()!; // alternates: matched first
    const created = workload.nextConvert()!;
    const update2 = workload.nextUpdate();
    const matched2 = workload.nextConvert()!;
    const created2 = workload.nextConvert()!;
    const spec = (label: string, wire: "rest" | "trpc", r: RequestSpec) => ({
      label,
      wire,
      ...r,
      token: wire === "rest" ? partnerKey : serviceKey,
    });
    return [
      spec("REST PUT /api/v1/leads/{id} (update)", "rest", requestFor("rest", "update", update)),
      spec(
        "REST POST /api/v1/leads/{id}/convert, matching client",
        "rest",
        requestFor("rest", "convert", matched.id, matched.identity),
      ),
      spec(
        "REST POST /api/v1/leads/{id}/convert, new client",
        "rest",
        requestFor("rest", "convert", created.id, created.identity),
      ),
      spec("tRPC lead.update", "trpc", requestFor("trpc", "update", update2)),
      spec(
        "tRPC lead.convert, matching client",
        "trpc",
        requestFor("trpc", "convert", matched2.id, matched2.identity),
      ),
      spec(
        "tRPC lead.convert, new client",
        "trpc",
        requestFor("trpc", "convert", created2.id, created2.identity),
      ),
      spec("REST POST /api/v1/leads (create)", "rest", requestFor("rest", "create", 0)),
      spec("tRPC lead.create", "trpc", requestFor("trpc", "create", 0)),
    ];
  };
  // Alternation must start on "matched" for the labels to hold.
  const first = requests();
  await countStatements(url, first); // warm-up pass (Prisma compiles its plans on first use)
  const counts = await countStatements(url, requests());
  for (const count of counts) {
    if (count.status !== 200 && count.status !== 201)
      throw new Error(`${count.request} answered ${count.status} while counting statements`);
  }
  return counts;
}

/** The typed client's wire format is what the load generator sends for tRPC (checked, not assumed). */
async function checkTrpcWire(server: RunningServer, workload: Workload): Promise<void> {
  const { createLeadCoreClient } = await import("@leadcore/client");
  const sent: { url: string; body: string }[] = [];
  const client = createLeadCoreClient({
    url: server.url,
    token: workload.keys.serviceKey,
    fetch: async (input, init) => {
      sent.push({
        url: String(input instanceof Request ? input.url : input),
        body: String(init?.body ?? ""),
      });
      return fetch(input, init);
    },
  });
  const id = workload.nextUpdate();
  const returned = await client.lead.update.mutate({ ...leadBody(), id });
  assert.equal(returned, id, "lead.update through the typed client");
  const expected = requestFor("trpc", "update", id);
  const url = new URL(sent[0]!.url);
  assert.equal(url.pathname + url.search, expected.path, "typed client URL");
  assert.deepEqual(JSON.parse(sent[0]!.body), JSON.parse(expected.body), "typed client body");
  if (config.stopListEntries === 0) return;
  const created = await client.lead.create.mutate(leadBody());
  assert.equal(typeof created, "number", "lead.create through the typed client");
  const create = requestFor("trpc", "create", 0);
  const createUrl = new URL(sent[1]!.url);
  assert.equal(createUrl.pathname + createUrl.search, create.path, "typed client URL (create)");
  assert.deepEqual(
    JSON.parse(sent[1]!.body),
    JSON.parse(create.body),
    "typed client body (create)",
  );
}

// ---------------------------------------------------------------------------------------------
// Phases

/** What fails the run besides errors and non-2xx answers (written to the results first). */
const problems: string[] = [];

/**
 * The stop-list gate's cost: REST (and tRPC) updates and creates with the list empty and with
 * `config.stopListEntries` entries, the states interleaved by round (without, with | with,
 * without | ...) so that the machine's drift weighs on both alike; medians of config.runs each.
 * With the list loaded, the gate's statement is EXPLAINed: it must use the unique index.
 */
async function stopListPhase(main: Phase, db: Database): Promise<Omit<StopListSection, "rows">> {
  const entries = config.stopListEntries;
  const connections = scaleConnections;
  const ops: Op[] = ["update", "create"];
  const targets = main.targets.filter((t) => t.name === "rest" || (t.name === "trpc" && !smoke));
  const loadSeconds: number[] = [];
  let explain: StopListSection["explain"] = null;
  let loaded = (await countStopList(db.prisma)) > 0 ? -1 : 0;
  const setState = async (n: number) => {
    if (loaded === n) return;
    if (n === 0) {
      await clearStopList(db.prisma);
      log("stop-list emptied (TRUNCATE)");
    } else {
      if (loaded !== 0) await clearStopList(db.prisma);
      const seconds = await loadStopList(db.prisma, n);
      loadSeconds.push(seconds);
      await checkStopList(db.prisma, n);
      log(
        `stop-list: ${fmtInt(n)} entries (PASSPORT, PHONE, INN, SNILS, PERSON) loaded in ${seconds.toFixed(1)} s, none the bench's lead`,
      );
      if (!explain) {
        const gate = await explainGate(db.prisma);
        explain = { ...gate, rowsInTable: await countStopList(db.prisma) };
        log(
          `stop-list: EXPLAIN (ANALYZE, BUFFERS) of the gate's statement (core stopListHitQuery, ${gate.keys} keys), ${fmtInt(explain.rowsInTable)} rows:\n  ${gate.plan.join("\n  ")}`,
        );
        if (!gate.usesIndex)
          problems.push(
            `the gate's statement does not use the unique index on (kind, value) with ${fmtInt(n)} entries`,
          );
      }
    }
    loaded = n;
  };
  const at = (n: number): Phase => ({ ...main, series: "stoplist", targets, stopListEntries: n });
  await setState(0);
  if (config.warmup > 0) {
    for (const target of targets)
      for (const op of ops)
        await measure(at(0), target, op, connections, 0, {
          seconds: config.warmup,
          record: false,
        });
  }
  for (let round = 1; round <= config.runs; round++) {
    const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]!);
    for (const n of round % 2 ? [0, entries] : [entries, 0]) {
      await setState(n);
      for (const op of ops) {
        for (const target of order) await measure(at(n), target, op, connections, round);
      }
    }
  }
  await setState(0);
  return { entries, loadSeconds, explain };
}

/**
 * What an outbox write and the workers cost a conversion: REST conversions (the partner key) with
 * the partner's endpoint disabled and subscribed, interleaved by round; after each subscribed run
 * the engine's delivery figures (it delivers to a local receiver while the load runs and after).
 */
async function webhookPhase(main: Phase, db: Database): Promise<Omit<WebhookSection, "rows">> {
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const endpoint = await makeEndpoint(db.prisma, main.workload.keys.partnerId, receiver.url);
  const targets = main.targets.filter((t) => t.name === "rest");
  const at = (n: number): Phase => ({ ...main, series: "webhooks", targets, webhookEndpoints: n });
  const deliveries: WebhookSection["deliveries"] = [];
  const runs = config.runs;
  for (const target of targets) {
    if (config.warmup > 0) {
      await setSubscribed(db.prisma, endpoint, true);
      await measure(at(1), target, "convert", scaleConnections, 0, {
        seconds: config.warmup,
        record: false,
        upcoming: runs * 2,
      });
      await deliveryFigures(db.prisma, new Date(0), new Date());
    }
    for (let round = 1; round <= runs; round++) {
      for (const n of round % 2 ? [0, 1] : [1, 0]) {
        await setSubscribed(db.prisma, endpoint, n === 1);
        await measure(at(n), target, "convert", scaleConnections, round, {
          upcoming: runs * 2,
          onRun:
            n === 1
              ? async ({ startedAt, endedAt }) => {
                  const figures = await deliveryFigures(db.prisma, startedAt, endedAt);
                  deliveries.push({ round, ...figures });
                  log(
                    `webhooks round ${round}: ${figures.delivered}/${figures.events} delivered, ${figures.perSecond.toFixed(0)}/s, ` +
                      `event to delivery p50 ${figures.p50Ms.toFixed(0)} ms, p99 ${figures.p99Ms.toFixed(0)} ms, ` +
                      `last ${figures.drainSeconds.toFixed(1)} s after the load (receiver: ${receiver.received()} in all)`,
                  );
                  if (figures.delivered < figures.events)
                    problems.push(
                      `webhooks round ${round}: ${figures.events - figures.delivered} of ${figures.events} deliveries not delivered`,
                    );
                }
              : undefined,
        });
      }
    }
  }
  await setSubscribed(db.prisma, endpoint, false);
  return { deliveries };
}

async function postgresPhase(): Promise<{
  statements: StatementCount[];
  baselineStatements: Record<string, number>;
  pgVersion: string;
  stopList: Omit<StopListSection, "rows"> | null;
  webhooks: Omit<WebhookSection, "rows"> | null;
}> {
  const name = `leadcore_bench_${stamp.replace(/\W/g, "").toLowerCase().slice(0, 20)}_${process.pid}`;
  const url = `${pgServerUrl}/${name}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  cleanups.push(async () => {
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    log(`dropped database ${name}`);
  });
  log(`PostgreSQL: database ${name}`);
  // Seeding inserts 100 000 clients per statement: longer than a request's statement timeout.
  const db = await openDatabase({ url, bulk: true });
  cleanups.push(() => db.close());
  const [{ server_version: version }] = (await db.prisma.$queryRawUnsafe<
    { server_version: string }[]
  >("SHOW server_version")) as [{ server_version: string }];
  const workload = await prepare(db, config.base);
  const maintain = async () => {
    await db.prisma.$executeRawUnsafe(`VACUUM (ANALYZE) "Client"`);
    await db.prisma.$executeRawUnsafe(`VACUUM (ANALYZE) "Lead"`);
  };
  await maintain();

  const statements = await statementCounts(url, workload, db);
  for (const s of statements) log(`statements: ${s.request}: ${s.statements}`);

  const logs = join(workDir, "logs");
  const leadcore = await startLeadCore(
    // The webhook phase's receiver listens on 127.0.0.1.
    { DATABASE_URL: url, WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" },
    join(logs, "leadcore-postgresql.log"),
  );
  const baseline = await startBaseline(url, join(logs, "baseline.log"), { audit: true });
  const bare = await startBaseline(url, join(logs, "baseline-bare.log"), { audit: false });
  log(`LeadCore at ${leadcore.url}, baseline (same work) at ${baseline.url}, bare at ${bare.url}`);
  await checkTrpcWire(leadcore, workload);

  const phase: Phase = {
    series: "main",
    db: "postgresql",
    base: config.base,
    workload,
    targets: [
      { name: "baseline", server: baseline, token: workload.keys.partnerKey, idlePath: "/health" },
      { name: "bare", server: bare, token: workload.keys.partnerKey, idlePath: "/health" },
      { name: "rest", server: leadcore, token: workload.keys.partnerKey, idlePath: "/api/health" },
      { name: "trpc", server: leadcore, token: workload.keys.serviceKey, idlePath: "/api/health" },
    ],
    ensureConvertLeads: async (count) => {
      if (workload.convertLeft >= count) return;
      workload.addConvertLeads(
        await seedLeads(db.prisma, workload.keys.partnerId, count - workload.convertLeft),
      );
    },
    settle: async () => {
      await db.prisma.$executeRawUnsafe("CHECKPOINT");
      await sleep(smoke ? 0 : 500);
    },
    clients: () => countClients(db.prisma),
  };

  if (config.main) {
    await warmUp(phase, ["update", "convert"]);
    await rounds(phase, ["update", "convert"], config.connections);
  }

  // Scale: the same conversions at each client base (REST and the baseline), the bases measured
  // back to back so that the machine's drift over the run weighs on them as little as possible.
  let seeded = config.base;
  for (const base of config.scale.length > 0 ? [config.base, ...config.scale] : []) {
    const started = Date.now();
    await seedClients(db.prisma, seeded, base, 2);
    seeded = Math.max(seeded, base);
    await maintain();
    log(
      `client base ${fmtInt(base)} (+ the clients created by earlier runs) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    workload.baseSize = base;
    const scalePhase: Phase = {
      ...phase,
      series: "scale",
      base,
      targets: phase.targets.filter((t) => t.name !== "trpc" && t.name !== "bare"),
    };
    // A bulk load leaves the machine writing back gigabytes for a while; warm up past that.
    for (const target of scalePhase.targets) {
      await measure(scalePhase, target, "convert", scaleConnections, 0, {
        seconds: config.warmup,
        record: false,
      });
    }
    for (let round = 1; round <= config.runs; round++) {
      const order = round % 2 ? scalePhase.targets : [...scalePhase.targets].reverse();
      for (const target of order)
        await measure(scalePhase, target, "convert", scaleConnections, round);
    }
  }

  const stopList = config.stopListEntries > 0 ? await stopListPhase(phase, db) : null;
  // The workers run in `next start` (instrumentation.ts), not in BENCH_HOST=node's bare handlers.
  const webhooks =
    config.webhooks && leadCoreHost === "next" ? await webhookPhase(phase, db) : null;

  await recordOutcomes(db.prisma, "postgresql");
  const stats = (await (await fetch(`${baseline.url}/stats`)).json()) as Record<
    string,
    { requests: number; statements: number }
  >;
  const baselineStatements = Object.fromEntries(
    Object.entries(stats).map(([op, s]) => [op, s.requests ? s.statements / s.requests : NaN]),
  );
  const history = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM "ClientHistory"`,
  );
  log(
    `ClientHistory rows written (0 expected: matched clients' contacts equal the lead's): ${history[0]!.n}`,
  );
  await leadcore.stop();
  await baseline.stop();
  await bare.stop();
  return { statements, baselineStatements, pgVersion: version, stopList, webhooks };
}

async function embeddedPhase(): Promise<void> {
  const dataDir = join(workDir, "embedded");
  log(`embedded: data folder ${dataDir}`);
  let db: Database | undefined = await openDatabase({ dataDir });
  const workload = await prepare(db, config.base);
  const logFile = join(workDir, "logs", "leadcore-embedded.log");
  let server: RunningServer | undefined;
  // The server is restarted when leads are added: the targets always point at the current one.
  const current = () => {
    if (!server) throw new Error("the embedded server is not running");
    return server;
  };
  const targets: Target[] = [
    {
      name: "rest",
      get server() {
        return current();
      },
      token: workload.keys.partnerKey,
      idlePath: "/api/health",
    },
    {
      name: "trpc",
      get server() {
        return current();
      },
      token: workload.keys.serviceKey,
      idlePath: "/api/health",
    },
  ];
  const start = async () => {
    await db?.close();
    db = undefined;
    server = await startLeadCore({ LEADCORE_DATA_DIR: dataDir, DATABASE_URL: "" }, logFile);
  };
  // Only the server may open the embedded database while it runs: leads are added between runs
  // with the server stopped, as many as the remaining conversion runs will need.
  const withDatabase = async <T>(fn: (db: Database) => Promise<T>): Promise<T> => {
    await server?.stop();
    server = undefined;
    db = await openDatabase({ dataDir });
    const result = await fn(db);
    await start();
    // A restarted server is cold (Next loads its server on the first request, the JIT has seen
    // nothing): two seconds of updates first, so the next run's first requests are not its tail.
    await runLoad({
      origin: current().url,
      token: workload.keys.partnerKey,
      connections: 16,
      duration: smoke ? 1 : 2,
      idlePath: "/api/health",
      next: () => requestFor("rest", "update", workload.nextUpdate()),
    });
    return result;
  };
  cleanups.push(async () => {
    await server?.stop();
    await db?.close();
  });
  await start();
  const phase: Phase = {
    series: "main",
    db: "embedded",
    base: config.base,
    workload,
    targets,
    ensureConvertLeads: async (count, upcoming) => {
      if (workload.convertLeft >= count) return;
      const want = count * Math.max(1, upcoming) - workload.convertLeft;
      await withDatabase(async (d) => {
        const started = Date.now();
        workload.addConvertLeads(await seedLeads(d.prisma, workload.keys.partnerId, want));
        log(
          `embedded: ${fmtInt(want)} more leads to convert, ${((Date.now() - started) / 1000).toFixed(1)} s (server restarted)`,
        );
      });
    },
    settle: async () => sleep(500),
    clients: async () => config.base,
  };
  await warmUp(phase, ["update", "convert"]);
  await rounds(phase, ["update", "convert"], config.connections);
  await server!.stop();
  server = undefined;
  db = await openDatabase({ dataDir });
  await recordOutcomes(db.prisma, "embedded");
  for (const record of records.filter((r) => r.db === "embedded" && r.op === "convert"))
    record.clients = config.base;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = new Date();
  log(
    smoke
      ? "smoke run: checks only that everything completes without errors"
      : `config ${JSON.stringify(config)}`,
  );
  if (leadCoreHost === "node")
    log(
      "BENCH_HOST=node: LeadCore's API handlers on bare node:http, not `next start` (not the product's figures)",
    );
  const buildStarted = Date.now();
  ensureBuilt();
  log(`production build ready (${((Date.now() - buildStarted) / 1000).toFixed(1)} s)`);

  const { statements, baselineStatements, pgVersion, stopList, webhooks } = postgresUsed
    ? await postgresPhase()
    : {
        statements: [],
        baselineStatements: {},
        pgVersion: "(not used)",
        stopList: null,
        webhooks: null,
      };
  if (config.embedded) await embeddedPhase();

  const finished = new Date();
  const summaries = summarize(records);
  const scale = scaleRows(summaries, records, scaleConnections);
  const checks = smoke ? [] : verdicts(summaries, scale);
  const stopListSection: StopListSection | null = stopList
    ? { ...stopList, rows: stopListRows(summaries, records) }
    : null;
  const webhookSection: WebhookSection | null = webhooks
    ? { ...webhooks, rows: webhookRows(summaries, records) }
    : null;
  const bodyBytes = Buffer.byteLength(updateRestBody);
  const outcomes = (db: DbKind) => {
    const total: Record<string, number> = {};
    for (const r of records.filter((x) => x.db === db && x.outcomes)) {
      for (const [k, v] of Object.entries(r.outcomes!)) total[k] = (total[k] ?? 0) + v;
    }
    return `${fmtInt(total.MATCHED_EXISTING_CLIENT ?? 0)} matched an existing client, ${fmtInt(total.CREATED_NEW_CLIENT ?? 0)} created one`;
  };
  const header = [
    `Run ${started.toISOString()} – ${finished.toISOString()} (${((finished.getTime() - started.getTime()) / 60000).toFixed(1)} min).`,
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${pgVersion}; ` +
      `load generator (autocannon), servers and PostgreSQL on the same machine, over loopback.`,
    `Each figure is the median of ${config.runs} run(s) of ${config.duration} s; request body ${fmtInt(bodyBytes)} bytes (partnerLead(), the seed-shaped lead). ` +
      `Conversions: every request converts its own NEW lead, alternately matching a random client of the base and creating a new one. ` +
      `REST and the baseline use the partner key, tRPC the service key. Both servers use a pool of 10 PostgreSQL connections.`,
    ...(records.some((r) => r.op === "convert")
      ? [
          `Measured conversions: PostgreSQL ${outcomes("postgresql")}` +
            (config.embedded ? `; embedded ${outcomes("embedded")}.` : "."),
        ]
      : []),
    ...(only ? [`BENCH_ONLY=${only.join(",")}: only these phases ran.`] : []),
    `"CPU ms/req": CPU time (user + system) per completed request, from /proc, of the server process, of all PostgreSQL processes ` +
      `(the embedded database runs inside the server), and of the load generator (this process). The three share the machine's ` +
      `${cpus().length} cores: when they are busy, throughput is about ${cpus().length * 1000} / (their sum) requests/s.`,
    ...(leadCoreHost === "node"
      ? [
          `**Not the product's figures**: BENCH_HOST=node, LeadCore's API handlers on bare node:http (bench/src/node-host.ts) instead of \`next start\`; ` +
            `compare its ratios with a normal run's to see what Next.js's request handling costs.`,
        ]
      : []),
  ];
  const title = `${smoke ? "Benchmark smoke run" : "Benchmark results"}${leadCoreHost === "node" ? " (API handlers on bare node:http, no Next.js)" : ""}${only ? ` (BENCH_ONLY=${only.join(",")})` : ""}`;
  const md = markdown({
    title,
    header,
    summaries,
    scale,
    statements,
    baselineStatements,
    verdicts: checks,
    stopList: stopListSection,
    webhooks: webhookSection,
  });
  mkdirSync(resultsDir, { recursive: true });
  const base = join(
    resultsDir,
    `${smoke ? "smoke-" : ""}${stamp}${leadCoreHost === "node" ? "-node-host" : ""}${only ? `-only-${only.join("+")}` : ""}`,
  );
  const record = {
    started,
    finished,
    smoke,
    config,
    host: leadCoreHost,
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGiB: totalmem() / 2 ** 30,
      node: process.version,
      postgresql: pgVersion,
    },
    requestBodyBytes: bodyBytes,
    statements,
    baselineStatements,
    summaries,
    scale,
    stopList: stopListSection,
    webhooks: webhookSection,
    verdicts: checks,
    runs: records,
  };
  writeFileSync(`${base}.json`, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(`${base}.md`, `${md}\n`);
  console.log(`\n${md}`);
  log(`written ${base}.json and ${base}.md`);

  const failures = records.filter((r) => r.non2xx > 0 || r.errors > 0);
  if (failures.length > 0) {
    throw new Error(
      `${failures.length} run(s) had errors or non-2xx answers: ${failures.map((r) => `${r.db} ${r.op} ${r.target} @${r.connections}`).join(", ")}`,
    );
  }
  if (problems.length > 0) throw new Error(problems.join("; "));
  if (records.length === 0) throw new Error("no run was measured");
}

try {
  if (argv.includes("--profile")) {
    ensureBuilt();
    const { profile } = await import("./profile.ts");
    await profile(pgServerUrl, workDir, argv);
  } else {
    await main();
  }
  await cleanup();
  process.exit(0);
} catch (error) {
  console.error("[bench] FAILED:", error);
  await cleanup();
  process.exit(1);
}
