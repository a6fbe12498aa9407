// The real production server for integration tests: scripts/server.mjs on the existing build, run by
// node directly in its own process group, so stop() ends it and anything it spawned, and a test
// that fails half-way leaves nothing running.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { buildIdPath, serverScript, webDir } from "./paths.ts";

export type ServerOptions = {
  /** Added to the test process's environment (an empty string unsets a variable such as DATABASE_URL). */
  env?: Record<string, string>;
  /** Defaults to a free port. */
  port?: number;
  /**
   * "healthy" (default): resolve once /api/health answers 200. "responding": once it answers at all,
   * for servers expected to be unhealthy (e.g. a database that cannot be opened).
   */
  waitFor?: "healthy" | "responding";
  /** How long to wait for the server; default 120 s (a new embedded data folder takes several seconds). */
  timeoutMs?: number;
};

export type RunningServer = {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  stop(): Promise<void>;
  /** Fault tests: kills the server's whole process group at once with SIGKILL (no clean shutdown). */
  kill(): Promise<void>;
  /** Everything the server wrote to stdout and stderr so far. */
  logs(): string;
};

const MAX_LOG_CHARS = 1_000_000;
const LOG_TAIL_CHARS = 4_000;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(buildIdPath)) {
    throw new Error(
      "@leadcore/web has no production build: call ensureBuilt() from apps/web/test/build.ts in a vitest " +
        "globalSetup, or run `pnpm --filter @leadcore/web build`.",
    );
  }
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawnServer(port, options.env);

  let output = "";
  const capture = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-MAX_LOG_CHARS);
  };
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  child.on("error", (error) => capture(Buffer.from(`spawn failed: ${error.message}\n`)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  // If the test process ends without stop() (a crash, a timeout), still take the server down.
  const killOnExit = () => killGroup(child, "SIGKILL");
  process.once("exit", killOnExit);

  const server: RunningServer = {
    url,
    logs: () => output,
    stop: async () => {
      process.off("exit", killOnExit);
      await stopGroup(child, exited);
    },
    kill: async () => {
      process.off("exit", killOnExit);
      killGroup(child, "SIGKILL");
      await exited;
    },
  };

  try {
    await waitUntilReady(url, child, options.waitFor ?? "healthy", options.timeoutMs ?? 120_000);
  } catch (error) {
    await server.stop();
    const tail = output.slice(-LOG_TAIL_CHARS);
    throw new Error(
      `${(error as Error).message}\n--- server log (last ${LOG_TAIL_CHARS} chars) ---\n${tail}`,
    );
  }
  return server;
}

/**
 * Starts a server that is expected to refuse to start (a bad setting): resolves with its exit code
 * and everything it wrote once it exits, or throws if it is still running after `timeoutMs`.
 */
export async function startServerExpectingExit(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ exitCode: number | null; logs: string }> {
  const child = spawnServer(await freePort(), env);
  let output = "";
  const capture = (chunk: Buffer) => {
    output += chunk.toString("utf8");
  };
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const outcome = await Promise.race([exited, sleep(timeoutMs).then(() => "running" as const)]);
  await stopGroup(
    child,
    exited.then(() => undefined),
  );
  if (outcome === "running") {
    throw new Error(
      `The server was still running after ${timeoutMs} ms:\n${output.slice(-LOG_TAIL_CHARS)}`,
    );
  }
  return { exitCode: outcome, logs: output };
}

function spawnServer(port: number, env: Record<string, string> | undefined): ChildProcess {
  return spawn(process.execPath, [serverScript], {
    cwd: webDir,
    env: {
      ...process.env,
      // Vitest sets NODE_ENV=test; the server must run as it does in production.
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      ...env,
    },
    detached: true, // its own process group, killed as a whole
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  waitFor: "healthy" | "responding",
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The server exited before it was ready (exit ${child.exitCode ?? child.signalCode}).`,
      );
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new Error(
        `The server at ${url} was not ${waitFor} within ${timeoutMs} ms (last: ${last}).`,
      );
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(remaining) });
      last = `HTTP ${response.status} ${await response.text()}`;
      if (response.status === 200 || waitFor === "responding") return;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error; // already gone
  }
}

// SIGTERM lets Next close and the database release its lock; SIGKILL if it does not exit in time.
// The group is killed once more afterwards in case the server left a child behind.
async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const running = child.exitCode === null && child.signalCode === null;
  if (running) {
    killGroup(child, "SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) {
      killGroup(child, "SIGKILL");
      await exited;
    }
  }
  killGroup(child, "SIGKILL");
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
