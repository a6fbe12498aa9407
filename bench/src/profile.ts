// `pnpm bench --profile [update|convert] [rest|trpc]`: where LeadCore's CPU goes on one operation.
//
// 1. server: the production server (`next start`) runs under `node --cpu-prof` on a scratch
//    PostgreSQL database while autocannon drives the operation for BENCH_DURATION (default 20) s;
//    the profile is written when it stops. The server bundle is minified, so this part reports
//    CPU per request and self time by package (Next, Prisma, pg, the app bundle, GC).
// 2. handlers: the same requests through LeadCore's own handlers (handleRestRequest / the tRPC fetch
//    handler) in this process, no Next and no HTTP, profiled with the inspector: unminified, so it
//    names the functions and source files that cost the most.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { createPartnerWithKey, createServiceKey } from "@leadcore/core";
import { type Database, openDatabase } from "@leadcore/db";
import pg from "pg";
import { type RequestSpec, runLoad } from "./load.ts";
import { seedClients, seedLeads } from "./seed.ts";
import { leadCoreHost, startLeadCore } from "./servers.ts";
import { baseIdentity, bodyTemplates, identityValues, newIdentity } from "./workload.ts";

type CpuProfile = {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
};

export async function profile(pgServerUrl: string, workDir: string, args: string[]): Promise<void> {
  const op = args.includes("convert") ? "convert" : "update";
  const wire = args.includes("trpc") ? "trpc" : "rest";
  const seconds = Number(process.env.BENCH_DURATION ?? 20);
  const name = `leadcore_bench_profile_${process.pid}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: `${pgServerUrl}/postgres` });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = `${pgServerUrl}/${name}`;
  let db: Database | undefined;
  try {
    db = await openDatabase({ url });
    const partner = await createPartnerWithKey(db.prisma, "Profile partner");
    const service = await createServiceKey(db.prisma, "Profile service");
    await seedClients(db.prisma, 0, 10_000, 2);
    const updateIds = await seedLeads(db.prisma, partner.partnerId, 2_000);
    const templates = bodyTemplates();
    let convertIds: number[] = [];
    let n = 0;
    let people = 0;
    const next = (): RequestSpec | null => {
      if (op === "update") {
        const id = updateIds[n++ % updateIds.length]!;
        return wire === "rest"
          ? { method: "PUT", path: `/api/v1/leads/${id}`, body: templates.update.rest.render({}) }
          : {
              method: "POST",
              path: "/api/trpc/lead.update?batch=1",
              body: templates.update.trpc.render({ numId: id }),
            };
      }
      const id = convertIds.shift();
      if (id === undefined) return null;
      const identity = n++ % 2 ? newIdentity(people++) : baseIdentity((n * 7919) % 10_000);
      return wire === "rest"
        ? {
            method: "POST",
            path: `/api/v1/leads/${id}/convert`,
            body: templates.convert.rest.render(identityValues(identity)),
          }
        : {
            method: "POST",
            path: "/api/trpc/lead.convert?batch=1",
            body: templates.convert.trpc.render(identityValues(identity, id)),
          };
    };
    const token = wire === "rest" ? partner.key : service.key;

    // 1. The production server under --cpu-prof.
    if (op === "convert") convertIds = await seedLeads(db.prisma, partner.partnerId, 600 * seconds);
    const profDir = join(workDir, "cpu-profile");
    const server = await startLeadCore(
      { DATABASE_URL: url },
      join(workDir, "logs", "leadcore-profile.log"),
      ["--cpu-prof", `--cpu-prof-dir=${profDir}`],
    );
    const result = await runLoad({
      origin: server.url,
      token,
      connections: 16,
      duration: seconds,
      idlePath: "/api/health",
      next,
    });
    await server.stop(); // the profile is written as the server exits
    console.log(
      `\n== ${op} over ${wire}, ${leadCoreHost === "node" ? "API handlers on bare node:http (BENCH_HOST=node)" : "production server"} under --cpu-prof, 16 connections, ${seconds} s: ` +
        `${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, non-2xx ${result.non2xx}`,
    );
    for (const file of readdirSync(profDir).filter((f) => f.endsWith(".cpuprofile"))) {
      report(
        JSON.parse(readFileSync(join(profDir, file), "utf8")) as CpuProfile,
        result.requests,
        "server",
      );
    }
    rmSync(profDir, { recursive: true, force: true });

    // 2. LeadCore's handlers in this process, profiled with the inspector.
    process.env.LOG_LEVEL = "warn"; // its JSON lines would go to this terminal; the server part above logs as in production
    process.env.LEADCORE_RATE_LIMIT = "1000000000/60";
    Object.assign(process.env, { NODE_ENV: "production" }); // trpc-to-openapi re-validates the router per request otherwise
    const api = await import("@leadcore/api");
    const database = db;
    const send = async (spec: RequestSpec) => {
      const req = new Request(`http://127.0.0.1${spec.path}`, {
        method: spec.method,
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: spec.body,
      });
      const res =
        wire === "rest"
          ? await api.handleRestRequest(req, { db: database })
          : await api.handleTrpcRequest(req, { db: database });
      const text = await res.text();
      if (res.status !== 200)
        throw new Error(`${spec.method} ${spec.path}: ${res.status} ${text.slice(0, 300)}`);
    };
    const count = op === "convert" ? 1_500 : 3_000;
    if (op === "convert") convertIds = await seedLeads(db.prisma, partner.partnerId, count + 300);
    const drive = async (requests: number) => {
      let left = requests;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (left-- > 0) await send(next()!);
        }),
      );
    };
    await drive(300); // warm-up
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
    const cpu = process.cpuUsage();
    const started = performance.now();
    await drive(count);
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const { profile: handlerProfile } = await session.post("Profiler.stop");
    session.disconnect();
    console.log(
      `\n== ${op} over ${wire}, LeadCore's handlers in-process (no Next, no HTTP), 16 in flight: ${count} requests, ` +
        `${((count / elapsed) * 1000).toFixed(0)} req/s, CPU ${((used.user + used.system) / 1000 / count).toFixed(2)} ms per request ` +
        `(this process also runs the pg driver's side of every statement)`,
    );
    report(handlerProfile as unknown as CpuProfile, count, "handlers");
  } finally {
    await db?.close();
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

function where(url: string): string {
  if (!url) return "";
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(
    url,
  );
  if (pkg) return `${pkg[1]}/${pkg[2]!.split("/").pop()}`;
  if (url.includes(".next/server/")) return "app bundle (.next/server)";
  return url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-3)
    .join("/");
}

function bucket(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.includes(".next/server/"))
    return "app bundle (LeadCore + zod + tRPC + trpc-to-openapi + pino)";
  if (url.startsWith("node:")) return "node internals";
  if (/\/packages\/|\/apps\//.test(url))
    return `LeadCore ${url.replace(/^.*\/(packages|apps)\//, "")}`;
  return "other";
}

function report(profile: CpuProfile, requests: number, kind: "server" | "handlers"): void {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<number, number>();
  for (const [i, id] of profile.samples.entries())
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  let busy = 0;
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, time] of self) {
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === "(idle)" || frame.functionName === "(program)") continue;
    busy += time;
    const b = bucket(frame.url, frame.functionName);
    byBucket.set(b, (byBucket.get(b) ?? 0) + time);
    const f = `${frame.functionName || "(anonymous)"} ${where(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(f, (byFunction.get(f) ?? 0) + time);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const c = nodes.get(cur)!.callFrame;
      const label = `${c.functionName || "(anonymous)"} ${where(c.url)}`;
      if (seen.has(label) || label.startsWith("(root)")) continue;
      seen.add(label);
      inclusive.set(label, (inclusive.get(label) ?? 0) + time);
    }
  }
  const share = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)}%`;
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(
    `busy ${(busy / 1000).toFixed(0)} ms over ${requests} requests = ${(busy / 1000 / requests).toFixed(2)} ms of CPU per request`,
  );
  console.log("self time by package:");
  for (const [b, t] of top(byBucket, 14)) console.log(`  ${share(t)}  ${b}`);
  console.log("self time by function:");
  for (const [f, t] of top(byFunction, 20)) console.log(`  ${share(t)}  ${f}`);
  // The server's bundle is minified, so its stacks name little; BENCH_PROFILE_LINES=N shows them anyway.
  const lines = Number(process.env.BENCH_PROFILE_LINES ?? (kind === "handlers" ? 45 : 0));
  if (lines > 0) {
    console.log("inclusive time (functions on the stack):");
    for (const [f, t] of top(inclusive, lines)) console.log(`  ${share(t)}  ${f}`);
  }
}
