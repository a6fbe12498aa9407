import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createServerDatabase,
  embeddedDataFolder,
  embeddedEnv,
  type ServerDatabase,
} from "./server-databases.ts";
import { type RunningServer, startServer, startServerExpectingExit } from "./server-harness.ts";

warnIfPostgresUntested();

// What a stack trace in a response would look like: "    at fn (/path/file.js:1:2)" or a module path.
const STACK_TRACE = /\n\s+at\s|node_modules|\.next\/server/;

describe.each(testDatabaseKinds())("the production server on the %s database", (kind) => {
  let database: ServerDatabase | undefined;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    server = await startServer({ env: database.env });
  });

  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  const url = (path: string) => `${server!.url}${path}`;

  it("answers the health check with the database it uses", async () => {
    const response = await fetch(url("/api/health"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: kind });
  });

  it("runs on the project's own Node.js 24, and says which only in its log", async () => {
    const line = /LeadCore: listening on .*, Node\.js (\d+)\.(\d+)\.(\d+)/.exec(server!.logs());
    expect(line, "the start line names the runtime").not.toBeNull();
    expect(Number(line![1])).toBeGreaterThanOrEqual(24);
    // Not told to callers: neither in headers nor in the health answer.
    const response = await fetch(url("/api/health"));
    expect([...response.headers.values()].join(" ")).not.toContain(`${line![1]}.${line![2]}`);
    expect(await response.text()).not.toMatch(/node/i);
  });

  it("answers the API in front of Next.js's request handler, with the security headers Next gives its pages", async () => {
    const api = await fetch(url("/api/health"));
    // Next marks every answer of its own routes as varying with its router's headers.
    expect(api.headers.get("vary") ?? "").not.toMatch(/rsc/);
    const page = await fetch(url("/signin"));
    expect(api.status).toBe(200);
    for (const name of [
      "x-content-type-options",
      "referrer-policy",
      "x-frame-options",
      "permissions-policy",
      "cross-origin-opener-policy",
      "cross-origin-resource-policy",
    ]) {
      expect(api.headers.get(name), name).toBeTruthy();
      expect(api.headers.get(name), name).toBe(page.headers.get(name));
    }
    expect(api.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
  });

  it("does not advertise the framework in its headers", async () => {
    const response = await fetch(url("/api/health"));
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("answers a tRPC query sent as GET", async () => {
    const response = await fetch(url("/api/trpc/health"));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: { data: { ok: true } } });
  });

  it("answers a tRPC query sent as POST (method override), so inputs can stay out of URLs", async () => {
    const response = await fetch(url("/api/trpc/health"), {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ result: { data: { ok: true } } });
  });

  it("answers an unknown page with 404 and no stack trace", async () => {
    const response = await fetch(url("/no-such-page"));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(STACK_TRACE);
  });

  it("answers an unknown procedure with a tRPC 404 and no stack trace", async () => {
    const response = await fetch(url("/api/trpc/noSuchProcedure"));
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(JSON.parse(body)).toMatchObject({
      error: { data: { code: "NOT_FOUND", httpStatus: 404 } },
    });
    expect(body).not.toMatch(STACK_TRACE);
  });
});

describe("two servers on one embedded data folder", () => {
  let folder: ReturnType<typeof embeddedDataFolder> | undefined;
  const servers: RunningServer[] = [];

  beforeAll(() => {
    folder = embeddedDataFolder();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await folder?.dispose();
  });

  it("the second cannot open the database and says why, while the first keeps serving", async () => {
    const env = embeddedEnv(folder!.dataDir);
    const first = await startServer({ env });
    servers.push(first);
    const second = await startServer({ env, waitFor: "responding" });
    servers.push(second);

    const refused = await fetch(`${second.url}/api/health`);
    expect(refused.status).toBe(503);
    const body = (await refused.json()) as { ok: boolean; database: string; error: string };
    expect(body).toMatchObject({ ok: false, database: "embedded" });
    expect(body.error).toMatch(/embedded database is in use by another LeadCore process/);
    expect(second.logs()).toMatch(/EmbeddedDatabaseBusyError/);

    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, database: "embedded" });
    const query = await fetch(`${first.url}/api/trpc/health`);
    expect(await query.json()).toEqual({ result: { data: { ok: true } } });
  });
});

// Every setting is read and checked when the server starts (lib/settings.ts, scripts/edge-settings.mjs):
// a bad one stops the start, exit 2, with a message naming it, never a 500 on the first request.
describe("a bad setting", () => {
  let folder: ReturnType<typeof embeddedDataFolder> | undefined;

  beforeAll(() => {
    folder = embeddedDataFolder();
  });

  afterAll(async () => {
    await folder?.dispose();
  });

  it.each([
    [
      "a non-numeric rate limit",
      { LEADCORE_RATE_LIMIT: "lots" },
      'LeadCore: LEADCORE_RATE_LIMIT must look like "600/60" (calls per seconds) or "off"; got "lots"',
    ],
    [
      "a sign-in concurrency out of range",
      { LEADCORE_SIGNIN_CONCURRENCY: "0" },
      'LeadCore: LEADCORE_SIGNIN_CONCURRENCY must be a whole number from 1 to 64; got "0"',
    ],
    [
      "a database timeout that is not a number",
      { DATABASE_STATEMENT_TIMEOUT_MS: "5s" },
      'LeadCore: DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 86400000; got "5s"',
    ],
    [
      "webhook retry delays that are not milliseconds",
      { WEBHOOK_RETRY_DELAYS_MS: "soon" },
      "LeadCore: WEBHOOK_RETRY_DELAYS_MS is not valid: a comma-separated list of milliseconds, e.g. 0,5000,300000",
    ],
    [
      "a port that is not a number",
      { PORT: "eighty" },
      'LeadCore: PORT must be a port number (0-65535); got "eighty".',
    ],
  ])("stops the start: %s", async (_, setting, message) => {
    const { exitCode, logs } = await startServerExpectingExit({
      ...embeddedEnv(folder!.dataDir),
      ...setting,
    });
    expect(logs).toContain(message);
    expect(exitCode).toBe(2);
    expect(logs).not.toMatch(/listening on/);
  });

  it("names a DATABASE_URL that is not PostgreSQL's without showing it (it may hold a password)", async () => {
    const { exitCode, logs } = await startServerExpectingExit({
      ...embeddedEnv(folder!.dataDir),
      DATABASE_URL: "mysql://root:s3cret-pass@db:3306/leads",
    });
    expect(logs).toContain("LeadCore: DATABASE_URL must be a postgresql:// URL");
    expect(exitCode).toBe(2);
    expect(logs).not.toContain("s3cret-pass");
  });
});
