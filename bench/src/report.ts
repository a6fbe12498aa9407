// Medians of the runs, ratios to the baseline and to the smallest client base, the verdict on the
// issue's targets, and the Markdown table.
import type { RunResult } from "./load.ts";
import type { StatementCount } from "./statements.ts";

export type DbKind = "postgresql" | "embedded";
/** create: a new lead per request (the stop-list phase only; the baseline has none). */
export type Op = "update" | "convert" | "create";
/**
 * baseline: the same durable work as LeadCore (baseline-server.ts with BASELINE_AUDIT=1), the
 * yardstick of the ratios; bare: the old floor without the audit event, for the history.
 */
export type TargetName = "baseline" | "bare" | "rest" | "trpc";

/**
 * "main": the update/convert matrix; "scale": conversions at each client base, run back to back;
 * "stoplist": updates and creates with the stop-list empty and loaded, interleaved; "webhooks":
 * conversions with no webhook endpoint and with one subscribed, interleaved.
 */
export type Series = "main" | "scale" | "stoplist" | "webhooks";

export type RunRecord = RunResult & {
  series: Series;
  db: DbKind;
  /** Clients in the database when the run started. */
  clients: number;
  /** The nominal client base of the phase (10 000, 100 000, 1 000 000). */
  base: number;
  target: TargetName;
  op: Op;
  connections: number;
  round: number;
  /** The stop-list phase: active stop-list entries during the run (0: none). */
  stopListEntries?: number;
  /** The webhook phase: the partner's subscribed endpoints during the run (0: none). */
  webhookEndpoints?: number;
  /** For conversions: how the run's leads ended (MATCHED_EXISTING_CLIENT / CREATED_NEW_CLIENT). */
  outcomes?: Record<string, number>;
  loadavgBefore: number;
  /** CPU the server process used per completed request during the run, ms (null when unknown). */
  serverCpuMsPerRequest: number | null;
  /** CPU all PostgreSQL processes used per completed request, ms (null on the embedded database or when unknown). */
  postgresCpuMsPerRequest: number | null;
  /** CPU the bench process (autocannon, the load generator) used per completed request, ms. */
  loadCpuMsPerRequest: number | null;
  /** The server's peak resident memory during the run, MiB (its largest process; the embedded database is inside it). */
  serverPeakRssMb?: number | null;
};

export type Summary = {
  series: Series;
  db: DbKind;
  base: number;
  op: Op;
  target: TargetName;
  connections: number;
  /** The stop-list phase: active stop-list entries during the runs. */
  stopListEntries?: number;
  /** The webhook phase: subscribed endpoints during the runs. */
  webhookEndpoints?: number;
  runs: number;
  rps: number;
  /** The slowest and the fastest of the runs, req/s (their spread). */
  rpsMin: number;
  rpsMax: number;
  p50: number;
  p99: number;
  serverCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
  loadCpuMsPerRequest: number | null;
  /** The highest of the runs' server peak resident memory, MiB (null when unknown). */
  serverPeakRssMb: number | null;
  non2xx: number;
  errors: number;
  /** This figure / the baseline's, same db, base, op and connections (null for the baseline itself or when none ran). */
  rpsVsBaseline: number | null;
  p99VsBaseline: number | null;
};

export type ScaleRow = {
  target: TargetName;
  base: number;
  clients: number;
  rps: number;
  p50: number;
  p99: number;
  /** Cost per conversion relative to the smallest base: rps(smallest) / rps(this). */
  costVsSmallest: number;
  p50VsSmallest: number;
  /** This server's throughput / the baseline's at the same base (null for the baseline). */
  rpsVsBaseline: number | null;
  /**
   * costVsSmallest with the machine's drift taken out: how much more a conversion costs LeadCore
   * at this base than at the smallest, relative to how much more it costs the baseline.
   */
  costVsSmallestRelativeToBaseline: number | null;
};

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const medianOrNull = (values: (number | null)[]) =>
  values.length > 0 && values.every((v) => v !== null) ? median(values as number[]) : null;

const maxOrNull = (values: (number | null)[]) =>
  values.length > 0 && values.every((v) => v !== null) ? Math.max(...(values as number[])) : null;

const key = (r: {
  series: string;
  db: string;
  base: number;
  op: string;
  target: string;
  connections: number;
  stopListEntries?: number | undefined;
  webhookEndpoints?: number | undefined;
}) =>
  `${r.series}|${r.db}|${r.base}|${r.op}|${r.target}|${r.connections}|${r.stopListEntries ?? ""}|${r.webhookEndpoints ?? ""}`;

export function summarize(records: RunRecord[]): Summary[] {
  const groups = new Map<string, RunRecord[]>();
  for (const record of records) {
    const k = key(record);
    groups.set(k, [...(groups.get(k) ?? []), record]);
  }
  const summaries: Summary[] = [...groups.values()].map((runs) => {
    const first = runs[0]!;
    return {
      series: first.series,
      db: first.db,
      base: first.base,
      op: first.op,
      target: first.target,
      connections: first.connections,
      ...(first.stopListEntries === undefined ? {} : { stopListEntries: first.stopListEntries }),
      ...(first.webhookEndpoints === undefined ? {} : { webhookEndpoints: first.webhookEndpoints }),
      runs: runs.length,
      rps: median(runs.map((r) => r.rps)),
      rpsMin: Math.min(...runs.map((r) => r.rps)),
      rpsMax: Math.max(...runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      serverCpuMsPerRequest: medianOrNull(runs.map((r) => r.serverCpuMsPerRequest)),
      postgresCpuMsPerRequest: medianOrNull(runs.map((r) => r.postgresCpuMsPerRequest)),
      loadCpuMsPerRequest: medianOrNull(runs.map((r) => r.loadCpuMsPerRequest)),
      serverPeakRssMb: maxOrNull(runs.map((r) => r.serverPeakRssMb ?? null)),
      non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
      errors: runs.reduce((sum, r) => sum + r.errors, 0),
      rpsVsBaseline: null,
      p99VsBaseline: null,
    };
  });
  for (const s of summaries) {
    if (s.target === "baseline") continue;
    const baseline = summaries.find(
      (b) => b.target === "baseline" && key(b) === key({ ...s, target: "baseline" }),
    );
    if (!baseline) continue;
    s.rpsVsBaseline = s.rps / baseline.rps;
    s.p99VsBaseline = baseline.p99 > 0 ? s.p99 / baseline.p99 : null;
  }
  const order = { postgresql: 0, embedded: 1 };
  const targets = { baseline: 0, bare: 1, rest: 2, trpc: 3 };
  return summaries.sort(
    (a, b) =>
      a.series.localeCompare(b.series) ||
      order[a.db] - order[b.db] ||
      a.base - b.base ||
      a.op.localeCompare(b.op) * -1 || // update, create, convert
      a.connections - b.connections ||
      targets[a.target] - targets[b.target] ||
      (a.stopListEntries ?? 0) - (b.stopListEntries ?? 0) ||
      (a.webhookEndpoints ?? 0) - (b.webhookEndpoints ?? 0),
  );
}

/** Conversion cost at each client base, at one connection count, relative to the smallest base. */
export function scaleRows(
  summaries: Summary[],
  records: RunRecord[],
  connections: number,
): ScaleRow[] {
  const rows: ScaleRow[] = [];
  const convert = summaries.filter(
    (s) =>
      s.series === "scale" &&
      s.db === "postgresql" &&
      s.op === "convert" &&
      s.connections === connections,
  );
  const bases = [...new Set(convert.map((s) => s.base))].sort((a, b) => a - b);
  if (bases.length < 2) return rows;
  for (const target of ["baseline", "rest", "trpc"] as const) {
    const smallest = convert.find((s) => s.target === target && s.base === bases[0]);
    if (!smallest) continue;
    for (const base of bases) {
      const s = convert.find((c) => c.target === target && c.base === base);
      if (!s) continue;
      const clients = median(records.filter((r) => key(r) === key(s)).map((r) => r.clients));
      rows.push({
        target,
        base,
        clients,
        rps: s.rps,
        p50: s.p50,
        p99: s.p99,
        costVsSmallest: smallest.rps / s.rps,
        p50VsSmallest: smallest.p50 > 0 ? s.p50 / smallest.p50 : NaN,
        rpsVsBaseline: s.rpsVsBaseline,
        costVsSmallestRelativeToBaseline:
          s.rpsVsBaseline && smallest.rpsVsBaseline
            ? smallest.rpsVsBaseline / s.rpsVsBaseline
            : null,
      });
    }
  }
  return rows;
}

/** One state of the stop-list phase (the list empty, or loaded) for one op and server. */
export type StopListState = {
  entries: number;
  runs: number;
  rps: number;
  rpsMin: number;
  rpsMax: number;
  p50: number;
  p99: number;
  serverCpuMsPerRequest: number | null;
  postgresCpuMsPerRequest: number | null;
};

export type StopListRow = {
  op: Op;
  target: TargetName;
  connections: number;
  without: StopListState;
  with: StopListState;
  /** with / without: throughput (of the medians), p50, p99. */
  rpsRatio: number;
  /** with / without req/s of each round (the two runs of a round are minutes apart at most). */
  roundRatios: number[];
  p50Ratio: number;
  p99Ratio: number;
  /**
   * The req/s ranges of the runs with and without overlap: the difference is within the runs'
   * spread (null when a state has a single run: no spread to compare with).
   */
  withinSpread: boolean | null;
};

/** The stop-list phase, each op and server: its figures without entries and with, side by side. */
export function stopListRows(summaries: Summary[], records: RunRecord[]): StopListRow[] {
  return withAndWithout(summaries, records, "stoplist", (r) => r.stopListEntries ?? 0);
}

/** The webhook phase: conversions with no endpoint and with one subscribed, side by side. */
export function webhookRows(summaries: Summary[], records: RunRecord[]): StopListRow[] {
  return withAndWithout(summaries, records, "webhooks", (r) => r.webhookEndpoints ?? 0);
}

/**
 * A phase that alternates two states by round ("without": `amount` 0, "with": more), each op
 * and server: the medians side by side, their ratio and each round's.
 */
function withAndWithout(
  summaries: Summary[],
  records: RunRecord[],
  series: Series,
  amount: (r: { stopListEntries?: number; webhookEndpoints?: number }) => number,
): StopListRow[] {
  const rows: StopListRow[] = [];
  const phase = summaries.filter((s) => s.series === series);
  const state = (s: Summary): StopListState => ({
    entries: amount(s),
    runs: s.runs,
    rps: s.rps,
    rpsMin: s.rpsMin,
    rpsMax: s.rpsMax,
    p50: s.p50,
    p99: s.p99,
    serverCpuMsPerRequest: s.serverCpuMsPerRequest,
    postgresCpuMsPerRequest: s.postgresCpuMsPerRequest,
  });
  for (const without of phase.filter((s) => amount(s) === 0)) {
    const loaded = phase.find(
      (s) =>
        amount(s) > 0 &&
        s.op === without.op &&
        s.target === without.target &&
        s.connections === without.connections,
    );
    if (!loaded) continue;
    const runs = records.filter(
      (r) =>
        r.series === series &&
        r.op === without.op &&
        r.target === without.target &&
        r.connections === without.connections,
    );
    const roundRatios = [...new Set(runs.map((r) => r.round))]
      .sort((a, b) => a - b)
      .flatMap((round) => {
        const a = runs.find((r) => r.round === round && amount(r) === 0);
        const b = runs.find((r) => r.round === round && amount(r) > 0);
        return a && b && a.rps > 0 ? [b.rps / a.rps] : [];
      });
    rows.push({
      op: without.op,
      target: without.target,
      connections: without.connections,
      without: state(without),
      with: state(loaded),
      rpsRatio: loaded.rps / without.rps,
      roundRatios,
      p50Ratio: without.p50 > 0 ? loaded.p50 / without.p50 : NaN,
      p99Ratio: without.p99 > 0 ? loaded.p99 / without.p99 : NaN,
      withinSpread:
        loaded.runs < 2 || without.runs < 2
          ? null
          : loaded.rpsMin <= without.rpsMax && without.rpsMin <= loaded.rpsMax,
    });
  }
  return rows;
}

/** What the stop-list phase reports besides its rows. */
export type StopListSection = {
  entries: number;
  /** Seconds each load of the entries took (the one INSERT ... SELECT, with VACUUM ANALYZE). */
  loadSeconds: number[];
  /** EXPLAIN (ANALYZE, BUFFERS) of the gate's statement for the bench's lead, the list loaded. */
  explain: { keys: number; rowsInTable: number; usesIndex: boolean; plan: string[] } | null;
  /** Each op and server, without entries and with. */
  rows: StopListRow[];
};

/** What the webhook phase reports besides its rows: how fast the engine delivered. */
export type WebhookSection = {
  rows: StopListRow[];
  /** Each subscribed run: deliveries made, how long from the first event to the last delivery. */
  deliveries: {
    round: number;
    events: number;
    delivered: number;
    /** Deliveries per second from the run's first event to its last delivery. */
    perSecond: number;
    /** Median and 99th percentile of event-to-delivery, ms. */
    p50Ms: number;
    p99Ms: number;
    /** How long after the run's load ended the last delivery was made, s. */
    drainSeconds: number;
  }[];
};

export type Verdict = { target: string; value: string; met: boolean };

/** The issue's targets, checked against this run. */
export function verdicts(summaries: Summary[], scale: ScaleRow[]): Verdict[] {
  const out: Verdict[] = [];
  const pg = summaries.filter(
    (s) =>
      s.series === "main" &&
      s.db === "postgresql" &&
      s.target !== "baseline" &&
      s.target !== "bare" &&
      s.rpsVsBaseline !== null,
  );
  const smallestBase = Math.min(...pg.map((s) => s.base));
  for (const s of pg.filter((p) => p.base === smallestBase)) {
    const label = `${s.target === "rest" ? "REST" : "tRPC"} ${s.op} @${s.connections}`;
    out.push({
      target: `${label}: throughput ≥ 50% of baseline`,
      value: pct(s.rpsVsBaseline!),
      met: s.rpsVsBaseline! >= 0.5,
    });
    if (s.connections === 16 && s.p99VsBaseline !== null) {
      out.push({
        target: `${label}: p99 ≤ 2x baseline`,
        value: `${s.p99VsBaseline.toFixed(2)}x`,
        met: s.p99VsBaseline <= 2,
      });
    }
  }
  const bases = [...new Set(scale.map((r) => r.base))].sort((a, b) => a - b);
  const largest = bases[bases.length - 1];
  for (const row of scale.filter(
    (r) => r.base === largest && r.target !== "baseline" && r.target !== "bare",
  )) {
    const relative = row.costVsSmallestRelativeToBaseline;
    out.push({
      target: `${row.target === "rest" ? "REST" : "tRPC"} convert at ${fmtInt(row.base)} clients ≤ 1.2x cost at ${fmtInt(bases[0]!)}`,
      value: `${row.costVsSmallest.toFixed(2)}x${relative === null ? "" : ` (${relative.toFixed(2)}x relative to the baseline's own change)`}`,
      met: row.costVsSmallest <= 1.2,
    });
  }
  const leadCore = summaries.filter(
    (s) => s.series === "main" && (s.target === "rest" || s.target === "trpc"),
  );
  for (const s of leadCore.filter((x) => x.connections === 64)) {
    const label = `${s.db === "embedded" ? "embedded " : ""}${s.target === "rest" ? "REST" : "tRPC"} ${s.op} @64`;
    if (s.serverPeakRssMb !== null) {
      out.push({
        target: `${label}: server peak resident memory < 1 GiB`,
        value: `${fmt(s.serverPeakRssMb)} MiB`,
        met: s.serverPeakRssMb < 1024,
      });
    }
    if (s.db === "embedded") {
      out.push({
        target: `${label}: p99 ≤ 2x p50`,
        value: `${s.p50 > 0 ? (s.p99 / s.p50).toFixed(2) : "–"}x (p50 ${fmt(s.p50)} ms, p99 ${fmt(s.p99)} ms)`,
        met: s.p99 <= 2 * s.p50,
      });
    }
  }
  const failures = summaries.reduce((sum, s) => sum + s.non2xx + s.errors, 0);
  out.push({
    target: "No errors and no non-2xx responses",
    value: String(failures),
    met: failures === 0,
  });
  return out;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
export const fmtInt = (n: number) => n.toLocaleString("en-US").replace(/,/g, " ");
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const cpu = (ms: number | null) => (ms === null ? "" : fmt(ms, 1));
const wire = {
  baseline: "baseline, same work (node:http + pg)",
  bare: "bare, no audit (node:http + pg)",
  rest: "REST /api/v1",
  trpc: "tRPC typed client",
};

export function markdown(input: {
  title: string;
  header: string[];
  summaries: Summary[];
  scale: ScaleRow[];
  statements: StatementCount[];
  baselineStatements: Record<string, number>;
  verdicts: Verdict[];
  stopList?: StopListSection | null;
  webhooks?: WebhookSection | null;
}): string {
  const lines: string[] = [`## ${input.title}`, "", ...input.header, ""];
  for (const db of ["postgresql", "embedded"] as const) {
    const rows = input.summaries.filter((s) => s.db === db && s.series === "main");
    if (rows.length === 0) continue;
    lines.push(
      db === "postgresql"
        ? "### PostgreSQL"
        : "### Embedded (PGlite, in the server process; no baseline)",
      "",
      "| op | clients | conns | server | req/s | p50 ms | p99 ms | non-2xx | errors | req/s vs baseline | p99 vs baseline | server CPU ms/req | PostgreSQL CPU ms/req | load generator CPU ms/req | server peak RSS MiB |",
      "| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const s of rows) {
      lines.push(
        `| ${s.op} | ${fmtInt(s.base)} | ${s.connections} | ${wire[s.target]} | ${fmt(s.rps)} | ${fmt(s.p50)} | ${fmt(s.p99)} | ${s.non2xx} | ${s.errors} | ${
          s.rpsVsBaseline === null ? "" : pct(s.rpsVsBaseline)
        } | ${s.p99VsBaseline === null ? "" : `${s.p99VsBaseline.toFixed(2)}x`} | ${cpu(s.serverCpuMsPerRequest)} | ${cpu(s.postgresCpuMsPerRequest)} | ${cpu(s.loadCpuMsPerRequest)} | ${s.serverPeakRssMb === null ? "" : fmt(s.serverPeakRssMb)} |`,
      );
    }
    lines.push("");
  }
  if (input.scale.length > 0) {
    lines.push(
      "### Conversion cost as the client base grows (PostgreSQL)",
      "",
      "Conversions only, REST and the baseline, run back to back at each base after the matrix above (the base also holds the clients that earlier conversions created). " +
        "Cost per conversion = 1 / throughput; the last column divides out the baseline's own change over the same minutes (machine drift).",
      "",
      "| server | client base | clients at run start | req/s | p50 ms | p99 ms | req/s vs baseline | cost per conversion vs smallest base | p50 vs smallest base | cost vs smallest base, relative to baseline |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const r of input.scale) {
      lines.push(
        `| ${wire[r.target]} | ${fmtInt(r.base)} | ${fmtInt(Math.round(r.clients))} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${
          r.rpsVsBaseline === null ? "" : pct(r.rpsVsBaseline)
        } | ${r.costVsSmallest.toFixed(2)}x | ${fmt(r.p50VsSmallest, 2)}x | ${
          r.costVsSmallestRelativeToBaseline === null
            ? ""
            : `${r.costVsSmallestRelativeToBaseline.toFixed(2)}x`
        } |`,
      );
    }
    lines.push("");
  }
  if (input.stopList && input.stopList.rows.length > 0) {
    const sl = input.stopList;
    const explain = sl.explain;
    const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "–");
    lines.push(
      `### Stop-list gate (PostgreSQL): ${fmtInt(sl.entries)} entries on the list against none`,
      "",
      `Every lead create and update runs the gate (core findStopListHit): one statement probing the unique index on (kind, value) once per key of the lead ` +
        `(this lead has ${explain?.keys ?? 5}: passport, phone, INN, SNILS, person), the list empty or not. ` +
        `The ${fmtInt(sl.entries)} entries (the five kinds mixed, in the schema's normalized form, none the bench's lead) are written by one INSERT ... SELECT generate_series ` +
        `(${sl.loadSeconds.map((x) => `${x.toFixed(1)} s`).join(", ")}) and TRUNCATEd again; the states alternate by round (without, with | with, without | ...). ` +
        `"with / without" near 1.00x and overlapping req/s ranges (min-max of the runs) mean the lookup costs nothing measurable.`,
      "",
      "| op | server | conns | req/s without (runs' range) | req/s with (runs' range) | req/s with / without | each round's with / without | p50 ms without / with | p99 ms without / with | p50, p99 with / without | within the runs' spread | server CPU ms/req without / with | PostgreSQL CPU ms/req without / with |",
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: |",
    );
    for (const r of sl.rows) {
      const range = (s: StopListState) => `${fmt(s.rps)} (${fmt(s.rpsMin)}-${fmt(s.rpsMax)})`;
      lines.push(
        `| ${r.op} | ${wire[r.target]} | ${r.connections} | ${range(r.without)} | ${range(r.with)} | **${ratio(r.rpsRatio)}** | ${r.roundRatios.map((x) => x.toFixed(2)).join(", ")} | ${fmt(r.without.p50)} / ${fmt(r.with.p50)} | ${fmt(r.without.p99)} / ${fmt(r.with.p99)} | ${ratio(r.p50Ratio)}, ${ratio(r.p99Ratio)} | ${r.withinSpread === null ? "–" : r.withinSpread ? "yes" : "**no**"} | ${cpu(r.without.serverCpuMsPerRequest)} / ${cpu(r.with.serverCpuMsPerRequest)} | ${cpu(r.without.postgresCpuMsPerRequest)} / ${cpu(r.with.postgresCpuMsPerRequest)} |`,
      );
    }
    lines.push("");
    if (explain) {
      lines.push(
        `The gate's statement (core stopListHitQuery) for this lead, ${fmtInt(explain.rowsInTable)} rows in "StopListEntry": ` +
          (explain.usesIndex
            ? "answered from the unique index StopListEntry_kind_value_key."
            : "**not answered from the unique index StopListEntry_kind_value_key.**"),
        "",
        "```",
        ...explain.plan,
        "```",
        "",
      );
    }
  }
  if (input.webhooks && input.webhooks.rows.length > 0) {
    const wh = input.webhooks;
    const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "–");
    lines.push(
      "### Webhooks (PostgreSQL): conversions with the partner's endpoint subscribed against none",
      "",
      "REST conversions by the partner key. Without: the partner has no endpoint (the outbox statement inserts nothing). " +
        "With: one endpoint subscribed to lead.converted, a receiver on 127.0.0.1 answering 204; every conversion writes its " +
        "delivery and its pg-boss job in its transaction, and the server's workers deliver while the load runs (their CPU is in the server's). " +
        "The states alternate by round (without, with | with, without | ...). The issue's target: the outbox costs within 10% (with / without ≥ 0.90x).",
      "",
      "| op | server | conns | req/s without (runs' range) | req/s with (runs' range) | req/s with / without | each round's with / without | p50 ms without / with | p99 ms without / with | server CPU ms/req without / with | PostgreSQL CPU ms/req without / with |",
      "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const r of wh.rows) {
      const range = (s: StopListState) => `${fmt(s.rps)} (${fmt(s.rpsMin)}-${fmt(s.rpsMax)})`;
      lines.push(
        `| ${r.op} | ${wire[r.target]} | ${r.connections} | ${range(r.without)} | ${range(r.with)} | **${ratio(r.rpsRatio)}** | ${r.roundRatios.map((x) => x.toFixed(2)).join(", ")} | ${fmt(r.without.p50)} / ${fmt(r.with.p50)} | ${fmt(r.without.p99)} / ${fmt(r.with.p99)} | ${cpu(r.without.serverCpuMsPerRequest)} / ${cpu(r.with.serverCpuMsPerRequest)} | ${cpu(r.without.postgresCpuMsPerRequest)} / ${cpu(r.with.postgresCpuMsPerRequest)} |`,
      );
    }
    lines.push(
      "",
      "Deliveries of each subscribed run (the engine's rate under that load, then until its backlog is empty):",
      "",
      "| round | events | delivered | deliveries/s | event to delivery p50 ms | p99 ms | last delivery after the load ended, s |",
      "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const d of wh.deliveries) {
      lines.push(
        `| ${d.round} | ${fmtInt(d.events)} | ${fmtInt(d.delivered)} | ${fmt(d.perSecond)} | ${fmt(d.p50Ms)} | ${fmt(d.p99Ms)} | ${d.drainSeconds.toFixed(1)} |`,
      );
    }
    lines.push("");
  }
  if (input.statements.length > 0) {
    lines.push(
      "### SQL statements per request (counted on the driver, BEGIN/COMMIT included)",
      "",
      "| request | HTTP | LeadCore | baseline |",
      "| --- | ---: | ---: | ---: |",
    );
    for (const s of input.statements) {
      const op = /convert/i.test(s.request)
        ? "convert"
        : /create/i.test(s.request)
          ? "create"
          : "update";
      const base = input.baselineStatements[op];
      lines.push(
        `| ${s.request} | ${s.status} | ${s.statements} | ${base === undefined ? "" : fmt(base, 1)} |`,
      );
    }
    lines.push("");
  }
  if (input.verdicts.length > 0) {
    lines.push(
      "### Targets (issue 15)",
      "",
      "| target | measured | met |",
      "| --- | ---: | :---: |",
    );
    for (const v of input.verdicts)
      lines.push(`| ${v.target} | ${v.value} | ${v.met ? "yes" : "**no**"} |`);
    lines.push("");
  }
  return lines.join("\n");
}
