// One HTTP edge for every surface, through the real production server: the body limits hold on
// tRPC as on REST (without any key), URLs that cannot be decoded or that name Object.prototype's
// members are 4xx in the envelope, errors never echo input (bodies, key names, procedure paths),
// logs name route templates, never raw paths, and ids have one spelling.

import { warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, idOf, leadOf, makeKeys, person, trpc } from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

warnIfPostgresUntested();

// The edge does not depend on the database: one kind is enough, PostgreSQL when configured.
const kind = process.env.TEST_DATABASE_URL ? "postgresql" : "embedded";

const SECRET = "MySecretPassw0rd!";
const PERSONAL = "Иванов 4506123456 +79161234567";

describe(`the shared HTTP edge, against the production server on ${kind}`, () => {
  let database: ServerDatabase;
  let server: RunningServer;
  let partner: string;
  let service: string;
  let leadId: number;
  const url = () => server.url;

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    const keys = await makeKeys(database.env, ["Край"]);
    partner = keys.partner["Край"]!;
    service = keys.service;
    server = await startServer({ env: { ...database.env, LEADCORE_RATE_LIMIT: "off" } });
    leadId = idOf(
      await call(url(), "POST", "/api/v1/leads", { key: partner, body: leadOf(person(3)) }),
    );
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it("tRPC refuses a body over 256 KiB with 413 in tRPC's error shape, without a key, and keeps serving", async () => {
    const huge = JSON.stringify({ login: "admin", password: "x".repeat(300 * 1024) });
    const answer = await call(url(), "POST", "/api/trpc/auth.signIn", {
      rawBody: huge,
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.data).toMatchObject({ code: "PAYLOAD_TOO_LARGE", httpStatus: 413 });
    // Streamed without a length: the edge stops reading at the limit.
    const chunk = new TextEncoder().encode("x".repeat(100 * 1024));
    let sent = 0;
    const streamed = await fetch(`${url()}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: new ReadableStream({
        pull(controller) {
          if (sent++ < 3) controller.enqueue(chunk);
          else controller.close();
        },
      }),
      duplex: "half",
      signal: AbortSignal.timeout(30_000),
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await call(url(), "GET", "/api/health")).status).toBe(200);
  });

  it("tRPC refuses a body nested 1000 deep with 400 naming the rule (no stack overflow), and a non-JSON body with 415", async () => {
    const deep = `${'{"a":'.repeat(1000)}1${"}".repeat(1000)}`;
    const nested = await call(url(), "POST", "/api/trpc/auth.signIn", {
      rawBody: deep,
      headers: { "content-type": "application/json" },
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/nests deeper than 64 levels/);
    expect(nested.text).not.toMatch(/call stack/i);

    const form = await call(url(), "POST", "/api/trpc/auth.signIn", {
      rawBody: "login=admin",
      headers: { "content-type": "text/plain" },
    });
    expect(form.status).toBe(415);
    expect(form.body.error.data.code).toBe("UNSUPPORTED_MEDIA_TYPE");
  });

  it("errors never echo the body: broken JSON holding a password or personal data, on tRPC and REST", async () => {
    for (const raw of [SECRET, PERSONAL, `{"login": "${SECRET}`]) {
      const viaTrpc = await call(url(), "POST", "/api/trpc/auth.signIn", {
        rawBody: raw,
        headers: { "content-type": "application/json" },
      });
      expect(viaTrpc.status).toBe(400);
      const viaRest = await call(url(), "POST", "/api/v1/leads", {
        key: partner,
        rawBody: raw,
        headers: { "content-type": "application/json" },
      });
      expect(viaRest.status).toBe(400);
      for (const answer of [viaTrpc, viaRest]) {
        for (const fragment of ["MySecret", "Иванов", "4506123456", "79161234567"])
          expect(answer.text).not.toContain(fragment);
      }
    }
    const contentType = await call(url(), "POST", "/api/trpc/auth.signIn", {
      rawBody: "{}",
      headers: { "content-type": `text/${SECRET}` },
    });
    expect(contentType.status).toBe(415);
    expect(contentType.text).not.toContain("MySecret");
    expect(server.logs()).not.toContain("MySecret");
  });

  it("unknown keys are named only when they are plain identifiers; a key holding data or a NUL is not repeated", async () => {
    const typo = await call(url(), "POST", "/api/v1/leads", {
      key: partner,
      body: { ...leadOf(person(4)), lastname: "опечатка" },
    });
    expect(typo.status).toBe(400);
    expect(typo.body.issues).toContainEqual({
      path: "lastname",
      code: "UNKNOWN_FIELD",
      message: "Unknown field",
    });

    const hostileKey = { ...leadOf(person(4)), [PERSONAL]: 1, "ivan\u0000petrov": 2 };
    for (const answer of [
      await call(url(), "POST", "/api/v1/leads", { key: partner, body: hostileKey }),
      await trpc(url(), service, "lead.create", hostileKey, "mutation"),
    ]) {
      expect(answer.status).toBe(400);
      for (const fragment of ["Иванов", "4506123456", "ivan", "petrov", "\\u0000"])
        expect(answer.text).not.toContain(fragment);
    }
    const attributes = leadOf(person(4), {
      registrationAddressData: {
        regionName: "Москва",
        attributes: { "a\u0000b": "x", [PERSONAL]: "\u0000" },
      },
    });
    const refused = await call(url(), "POST", "/api/v1/leads", { key: partner, body: attributes });
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain("Иванов");
    expect(refused.body.issues.map((issue: { path: string }) => issue.path).join(" ")).toMatch(
      /registrationAddressData\.attributes/,
    );
  });

  it("tRPC never takes an input in the URL: a search by phone over GET is refused with 405 and not echoed", async () => {
    const input = encodeURIComponent(JSON.stringify({ search: "+79161234567" }));
    const answer = await call(url(), "GET", `/api/trpc/lead.search?input=${input}`, {
      key: service,
    });
    expect(answer.status).toBe(405);
    expect(answer.body.error.data.code).toBe("METHOD_NOT_SUPPORTED");
    expect(answer.text).not.toContain("79161234567");
    // The same query as POST works, and calls without input still work over GET.
    expect((await trpc(url(), service, "lead.search", { search: "+79161234567" })).status).toBe(
      200,
    );
    expect((await call(url(), "GET", "/api/trpc/health")).status).toBe(200);
  });

  it("a procedure path that does not exist is not repeated in the answer", async () => {
    const answer = await call(url(), "POST", "/api/trpc/ivan.petrov@mail.ru", {
      key: service,
      body: {},
    });
    expect(answer.status).toBe(404);
    expect(answer.text).not.toContain("ivan");
    expect(answer.text).not.toContain("mail.ru");
  });

  it("query parameters named after Object.prototype's members are parameters like any other: never a 500", async () => {
    for (const name of ["constructor", "toString", "hasOwnProperty", "__proto__", "valueOf"]) {
      const signedOut = await call(url(), "GET", `/api/v1/leads?${name}=1`);
      expect(signedOut.status, name).toBe(401);
      const signedIn = await call(url(), "GET", `/api/v1/leads?${name}=1`, { key: partner });
      expect(signedIn.status, name).toBeLessThan(500);
      expect(signedIn.status, name).not.toBe(0);
    }
    for (const asset of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      const answer = await call(url(), "GET", `/api/docs/${asset}`);
      expect(answer.status, asset).toBe(404);
      expect(answer.body).toEqual({ code: "NOT_FOUND", message: "Not found", issues: [] });
    }
    expect(server.logs()).not.toMatch(/ENOENT|\/work\/|node_modules/);
  });

  it("broken percent-encoding or an encoded control character is a 400 (the envelope under /api/, a Russian page elsewhere), never a 500", async () => {
    for (const path of [
      "/api/v1/leads/%FF",
      "/api/v1/leads/%C0%AF",
      "/api/trpc/lead.get%FF",
      "/api/v1/leads/1%00",
    ]) {
      const answer = await call(url(), "GET", path, { key: partner });
      expect(answer.status, path).toBe(400);
      expect(answer.body, path).toEqual({
        code: "BAD_REQUEST",
        reason: "INVALID_URL",
        message: expect.any(String),
        issues: [],
      });
    }
    for (const path of ["/leads/%FF", "/clients/%E0%80", "/leads/%0A"]) {
      const answer = await call(url(), "GET", path);
      expect(answer.status, path).toBe(400);
      expect(answer.text, path).toBe("Неверный адрес страницы.");
    }
  });

  it("ids have one spelling: 1.0, 01, 1e0, +1 and a string body id are 400s naming `id`, on REST and tRPC", async () => {
    for (const spelling of [
      `${leadId}.0`,
      `0${leadId}`,
      `${leadId}e0`,
      `+${leadId}`,
      `%20${leadId}`,
    ]) {
      const answer = await call(url(), "GET", `/api/v1/leads/${spelling}`, { key: partner });
      expect(answer.status, spelling).toBe(400);
      expect(answer.body.issues, spelling).toContainEqual(expect.objectContaining({ path: "id" }));
    }
    expect((await call(url(), "GET", `/api/v1/leads/${leadId}`, { key: partner })).status).toBe(
      200,
    );

    const stringId = await call(url(), "PUT", `/api/v1/leads/${leadId}`, {
      key: partner,
      body: { ...leadOf(person(3)), id: String(leadId) },
    });
    expect(stringId.status).toBe(400);
    expect(stringId.body).toMatchObject({ code: "BAD_REQUEST", reason: "ID_MISMATCH" });
    expect(stringId.body.issues).toEqual([
      { path: "id", code: "ID_MISMATCH", message: expect.any(String) },
    ]);
    const viaTrpc = await trpc(url(), service, "lead.get", { id: String(leadId) });
    expect(viaTrpc.status).toBe(400);
  });

  it("logs name the route template, never the raw path: an e-mail in a URL is not written down", async () => {
    await call(url(), "POST", "/api/v1/leads/ivan.petrov@mail.ru", {
      key: partner,
      body: leadOf(person(5)),
    });
    await call(url(), "POST", "/api/v1/leads/ivan.petrov@mail.ru", {
      key: partner,
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    await call(url(), "GET", "/api/v1/ivan.petrov@mail.ru/leads", { key: partner });
    // The server's log reaches this process through a pipe, apart from the answers: wait for it.
    await expect
      .poll(() => server.logs())
      .toContain('"route":"/api/v1/(unknown route)","status":404');
    const logs = server.logs();
    expect(logs).not.toContain("ivan.petrov");
    expect(logs).not.toContain("mail.ru");
    expect(logs).toContain('"route":"/api/v1/leads/{id}","status":400');
  });
});
