// The servers under test, each in its own process group so one signal stops it and anything it
// started. Their output goes to a log file, not through this process: LeadCore logs a JSON line
// per call, and piping that through the load generator's process would cost the load generator.
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const repoRoot = dirname(benchDir);
const webDir = join(repoRoot, "apps", "web");
// The production server: Next behind LeadCore's HTTP edge, as `pnpm start` runs it.
const serverScript = join(webDir, "scripts", "server.mjs");

export type RunningServer = {
  /** http://127.0.0.1:port */
  url: string;
  stop(): Promise<void>;
  /** The end of the server's log. */
  tail(chars?: number): string;
  /** CPU time (user + system, ms) used so far by the server's processes, or null where /proc is unreadable. */
  cpuMs(): number | null;
  /**
   * Peak resident memory (MiB) of the server's largest process since the last resetPeakRss(),
   * from /proc (VmHWM), or null where /proc is unreadable.
   */
  peakRssMb(): number | null;
  /** Starts a new peak (writes 5 to /proc/<pid>/clear_refs): each run reports its own. */
  resetPeakRss(): void;
};

/** Every server still running: stopped on exit, on a signal, or when the bench fails. */
const running = new Set<RunningServer>();

export async function stopAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}

/** The environment a child gets: ours without any database, Redis or rate-limit settings, plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of [
    "DATABASE_URL",
    "LEADCORE_DATA_DIR",
    "REDIS_URL",
    "LEADCORE_RATE_LIMIT",
    "PORT",
    "NODE_OPTIONS",
  ])
    delete base[name];
  return { ...base, ...env };
}

function spawnGroup(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
  stdout: "log" | "pipe",
): ChildProcess {
  const fd = openSync(logFile, "a");
  try {
    return spawn(process.execPath, args, {
      cwd,
      env,
      detached: true,
      stdio: ["ignore", stdout === "pipe" ? "pipe" : fd, fd],
    });
  } finally {
    closeSync(fd);
  }
}

function track(child: ChildProcess, url: string, logFile: string): RunningServer {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  const kill = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  };
  const killOnExit = () => kill("SIGKILL");
  process.once("exit", killOnExit);
  const server: RunningServer = {
    url,
    tail: (chars = 3000) =>
      existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-chars) : "",
    cpuMs: () => (child.pid === undefined ? null : groupCpuMs(child.pid)),
    peakRssMb: () => (child.pid === undefined ? null : groupPeakRssMb(child.pid)),
    resetPeakRss: () => {
      if (child.pid !== undefined) resetGroupPeakRss(child.pid);
    },
    stop: async () => {
      running.delete(server);
      process.off("exit", killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        kill("SIGTERM");
        const stopped = await Promise.race([
          exited.then(() => true),
          sleep(10_000).then(() => false),
        ]);
        if (!stopped) {
          kill("SIGKILL");
          await exited;
        }
      }
      kill("SIGKILL"); // anything the server left behind in its group
    },
  };
  running.add(server);
  return server;
}

async function waitHealthy(
  server: RunningServer,
  child: ChildProcess,
  path: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const response = await fetch(server.url + path, { signal: AbortSignal.timeout(5_000) });
      last = `HTTP ${response.status}`;
      if (response.status === 200) return;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  await server.stop();
  throw new Error(
    `The server at ${server.url} did not become healthy (${last}).\n--- log ---\n${server.tail()}`,
  );
}

/**
 * What hosts LeadCore in this run: "next", the product (apps/web/scripts/server.mjs on the production build), or
 * "node" with BENCH_HOST=node, the same API handlers on bare node:http (node-host.ts), which
 * shows what Next's request handling costs.
 */
export const leadCoreHost: "next" | "node" = process.env.BENCH_HOST === "node" ? "node" : "next";

/**
 * LeadCore's production server (see leadCoreHost). `env` picks the database: { DATABASE_URL } or
 * { LEADCORE_DATA_DIR, DATABASE_URL: "" }.
 */
export async function startLeadCore(
  env: Record<string, string>,
  logFile: string,
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  if (leadCoreHost === "next" && !existsSync(join(webDir, ".next", "BUILD_ID")))
    throw new Error("apps/web has no production build");
  const port = await freePort();
  const child = spawnGroup(
    leadCoreHost === "node"
      ? [...nodeArgs, "--import", "tsx", join(benchDir, "src", "node-host.ts")]
      : [...nodeArgs, serverScript],
    leadCoreHost === "node" ? benchDir : webDir,
    childEnv({
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      // The per-key limit (600 calls a minute by default) would refuse a benchmark; a limit this
      // high keeps its code on the path without ever refusing.
      LEADCORE_RATE_LIMIT: "1000000000/60",
      ...env,
    }),
    logFile,
    "log",
  );
  const server = track(child, `http://127.0.0.1:${port}`, logFile);
  await waitHealthy(server, child, "/api/health", 180_000);
  return server;
}

/**
 * The node:http + pg server (baseline-server.ts) on the same database: doing LeadCore's durable
 * work with `audit` (the yardstick), or the old bare floor without it.
 */
export async function startBaseline(
  databaseUrl: string,
  logFile: string,
  options: { audit: boolean },
): Promise<RunningServer> {
  const child = spawnGroup(
    ["--import", "tsx", join(benchDir, "src", "baseline-server.ts")],
    benchDir,
    childEnv({
      DATABASE_URL: databaseUrl,
      PORT: "0",
      NODE_ENV: "production",
      BASELINE_AUDIT: options.audit ? "1" : "0",
    }),
    logFile,
    "pipe",
  );
  const port = await new Promise<number>((resolve, reject) => {
    let text = "";
    const timer = setTimeout(
      () => reject(new Error("The baseline server did not start within 30 s")),
      30_000,
    );
    child.stdout!.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = /listening (\d+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => reject(new Error(`The baseline server exited (${code})`)));
  });
  child.stdout!.resume(); // nothing more is printed; keep the pipe drained anyway
  const server = track(child, `http://127.0.0.1:${port}`, logFile);
  await waitHealthy(server, child, "/health", 30_000);
  return server;
}

/** One process as /proc/<pid>/stat tells it: its command name and CPU clock ticks. */
type ProcessTicks = {
  pid: number;
  name: string;
  pgrp: number;
  own: number;
  reapedChildren: number;
};

/**
 * Every process visible in /proc (Linux; clock ticks of 10 ms, the kernel's USER_HZ everywhere
 * Node runs on Linux), or null where /proc is unreadable.
 */
function processTicks(): ProcessTicks[] | null {
  try {
    const out: ProcessTicks[] = [];
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      } catch {
        continue; // gone meanwhile
      }
      // The command name may hold spaces; after it: state ppid pgrp ... utime(14) stime(15) cutime(16) cstime(17).
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.push({
        pid: Number(entry),
        name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
        pgrp: Number(fields[2]),
        own: Number(fields[11]) + Number(fields[12]),
        reapedChildren: Number(fields[13]) + Number(fields[14]),
      });
    }
    return out;
  } catch {
    return null;
  }
}

/** CPU time (ms) of every process in the process group `pgid`. */
function groupCpuMs(pgid: number): number | null {
  const processes = processTicks();
  if (!processes) return null;
  return processes.filter((p) => p.pgrp === pgid).reduce((sum, p) => sum + p.own, 0) * 10;
}

/** The largest VmHWM (peak resident set, MiB) among the group's processes. */
function groupPeakRssMb(pgid: number): number | null {
  const members = processTicks()?.filter((p) => p.pgrp === pgid) ?? [];
  let peak: number | null = null;
  for (const member of members) {
    try {
      const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${member.pid}/status`, "utf8"));
      if (kb) peak = Math.max(peak ?? 0, Number(kb[1]) / 1024);
    } catch {
      // gone meanwhile
    }
  }
  return peak;
}

/** Resets the peak resident set of the group's processes (Linux: "5" in clear_refs). */
function resetGroupPeakRss(pgid: number): void {
  for (const member of processTicks()?.filter((p) => p.pgrp === pgid) ?? []) {
    try {
      writeFileSync(`/proc/${member.pid}/clear_refs`, "5");
    } catch {
      // gone meanwhile, or not ours to reset: the peak then covers the process's life so far
    }
  }
}

/**
 * CPU time (ms) of PostgreSQL on this machine: every live postgres process (the postmaster,
 * backends, background workers) plus, through the postmaster's cutime/cstime, the processes that
 * have exited since it started (a backend whose connection a pool closed, an autovacuum worker),
 * so the figure never goes down. Null where no such process is visible.
 */
export function postgresCpuMs(): number | null {
  const postgres = processTicks()?.filter((p) => p.name === "postgres") ?? [];
  if (postgres.length === 0) return null;
  return postgres.reduce((sum, p) => sum + p.own + p.reapedChildren, 0) * 10;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error("No free port found"))));
    });
  });
}
