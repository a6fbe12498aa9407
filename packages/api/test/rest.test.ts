// The REST edge in-process: the same Request a partner's HTTP call becomes, through
// trpc-to-openapi and our checks, against a real database.

import { createPartnerWithKey, createServiceKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { LeadPage } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonDepth } from "../src/http-edge.ts";
import { handleRestRequest, MAX_BODY_BYTES, type RestError } from "../src/index.ts";
import { callerFor, restCall } from "./support/callers.ts";
import { ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

const lead = { ...ivanovLead, ufmsCheck: false };

// The fields a REST answer carries, by name: the error envelope's or a list page's. Which ones an
// answer has is what a test asserts. Bare ids (a create's, an update's, a conversion's) are read
// with idOf.
type RestBody = RestError & LeadPage;

/** The id an answer carried; anything else fails the test. */
function idOf(answer: { status: number; body: RestBody }): number {
  const body: unknown = answer.body;
  if (typeof body !== "number") throw new Error(`expected an id, got ${JSON.stringify(answer)}`);
  return body;
}

describe.each(testDatabaseKinds())("the REST edge on %s", (kind) => {
  let db: Database;
  let key: string;
  let otherKey: string;
  let serviceKey: string;

  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    token = key,
  ) =>
    (await restCall(db, method, path, body, { key: token, headers })) as {
      status: number;
      body: RestBody;
    };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    key = (await createPartnerWithKey(db.prisma, "REST А")).key;
    otherKey = (await createPartnerWithKey(db.prisma, "REST Б")).key;
    serviceKey = (await createServiceKey(db.prisma, "svc")).key;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("create, update, get, convert and list with the flat lead body and bare integer answers", async () => {
    const created = await call("POST", "/leads", lead);
    expect(created.status).toBe(200);
    expect(Number.isInteger(created.body)).toBe(true);
    const id = idOf(created);
    expect(await call("PUT", `/leads/${id}`, { ...lead, amount: 70000 })).toEqual({
      status: 200,
      body: id,
    });
    const read = await call("GET", `/leads/${id}`);
    expect(read.body).toMatchObject({ id, amount: 70000, ufmsCheck: false, status: "NEW" });
    const converted = await call("POST", `/leads/${id}/convert`, { ...lead, amount: 70000 });
    expect(converted.status).toBe(200);
    expect(Number.isInteger(converted.body)).toBe(true);
    const page = await call("GET", "/leads?status=CONVERTED&limit=10");
    expect(page.status).toBe(200);
    expect(page.body.items.map((l: { id: number }) => l.id)).toContain(id);
  });

  it('a string where the contract has a boolean or a number is a 400 at any depth: "false" never becomes true', async () => {
    for (const body of [
      { ...lead, ufmsCheck: "false" },
      { ...lead, amount: "100" },
      { ...lead, amount: "" },
      { ...lead, goods: [{ quantity: "7" }] },
      { ...lead, passport: { seria: 4506 } },
    ]) {
      const response = await call("POST", "/leads", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe("BAD_REQUEST");
      expect(response.body.issues.length).toBeGreaterThan(0);
    }
    const nullAmount = await call("POST", "/leads", { ...lead, amount: null });
    const stored = await call("GET", `/leads/${nullAmount.body}`);
    expect(stored.body).not.toHaveProperty("amount");
  });

  it("an error reports at most the first 100 issues, as the OpenAPI document states", async () => {
    const typos = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`typo${i}`, "x"]));
    const response = await call("POST", "/leads", { ...lead, ...typos });
    expect(response.status).toBe(400);
    expect(response.body.issues).toHaveLength(100);
    expect(response.body.issues[0]).toMatchObject({ path: "typo0", code: "UNKNOWN_FIELD" });
    expect(response.body.issues[99]).toMatchObject({ path: "typo99", code: "UNKNOWN_FIELD" });
  });

  it("the tRPC surface stays exactly as strict after REST calls (the adapter must not mutate shared schemas)", async () => {
    await call("POST", "/leads", { ...lead, ufmsCheck: "false" });
    await call("GET", "/leads?limit=5");
    await call("PUT", "/leads/1", lead);
    const caller = await callerFor(db, { key: serviceKey });
    await expect(
      caller.lead.create({ ...lead, ufmsCheck: "false" } as never),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.lead.get({ id: "1" } as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.lead.list({ limit: "5" } as never)).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("every bad field is listed with its dotted path", async () => {
    const response = await call("POST", "/leads", {
      ...lead,
      passport: { seria: 4506, no: 1 },
      birthDate: "2023-02-30",
      lastname: "x",
    });
    expect(response.status).toBe(400);
    const paths = response.body.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(expect.arrayContaining(["birthDate", "passport.no", "passport.seria"]));
    expect(JSON.stringify(response.body)).toContain("lastname");
  });

  it('an attributes key "__proto__" is a 400 at its path, not silently dropped', async () => {
    const body = JSON.stringify({ ...lead, addressData: { attributes: { x: "1" } } }).replace(
      '"x":"1"',
      '"x":"1","__proto__":"2"',
    );
    const response = await call("POST", "/leads", body);
    expect(response).toMatchObject({
      status: 400,
      body: { code: "BAD_REQUEST", issues: [{ path: "addressData.attributes.__proto__" }] },
    });
  });

  it("a body id that differs from the path id is a 400, not a silent choice", async () => {
    const id = idOf(await call("POST", "/leads", lead));
    const response = await call("PUT", `/leads/${id}`, { ...lead, id: id + 1000 });
    expect(response).toMatchObject({
      status: 400,
      body: { code: "BAD_REQUEST", issues: [{ path: "id" }] },
    });
    expect((await call("PUT", `/leads/${id}`, { ...lead, id })).status).toBe(200);
  });

  it("bad ids in the path are 400s, an unknown one is 404", async () => {
    for (const id of ["-1", "0", "1e400", "9223372036854775808", "abc", "1.5"]) {
      const response = await call("GET", `/leads/${id}`);
      expect(response.status, id).toBe(400);
      expect(response.body.code).toBe("BAD_REQUEST");
    }
    expect((await call("GET", "/leads/999999")).status).toBe(404);
  });

  it("another partner's lead answers 404, exactly like a missing one", async () => {
    const id = idOf(await call("POST", "/leads", lead));
    const foreign = await call("GET", `/leads/${id}`, undefined, {}, otherKey);
    const missing = await call("GET", "/leads/999998", undefined, {}, otherKey);
    expect(foreign).toEqual(missing);
    expect(foreign.status).toBe(404);
    expect((await call("PUT", `/leads/${id}`, lead, {}, otherKey)).status).toBe(404);
    expect((await call("POST", `/leads/${id}/convert`, lead, {}, otherKey)).status).toBe(404);
  });

  it("no key or a wrong key is a 401 with the JSON envelope", async () => {
    const none = await handleRestRequest(new Request("http://localhost/api/v1/leads"), { db });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: "UNAUTHORIZED", issues: [] });
    expect((await call("GET", "/leads", undefined, {}, "lck_wrong")).status).toBe(401);
  });

  it("editing a converted lead is a 409; a lead that cannot be converted is a 422 with each reason", async () => {
    const id = idOf(await call("POST", "/leads", lead));
    await call("POST", `/leads/${id}/convert`, lead);
    expect((await call("PUT", `/leads/${id}`, { ...lead, amount: 1 })).body).toMatchObject({
      code: "CONFLICT",
    });
    const bare = { firstName: "Иван", mobilePhone: "+79161234567", snils: "010-242-368 00" };
    const other = idOf(await call("POST", "/leads", bare));
    const refused = await call("POST", `/leads/${other}/convert`, bare);
    expect(refused.status).toBe(422);
    expect(refused.body.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "lastName",
      "passport.no",
      "passport.seria",
      "snils",
    ]);
    expect(JSON.stringify(refused.body)).not.toContain("010-242-368");
  });

  it("malformed JSON is a 400, a non-JSON body a 415, an oversized body a 413, hostile nesting a 400", async () => {
    expect(await call("POST", "/leads", "{not json")).toMatchObject({
      status: 400,
      body: { code: "BAD_REQUEST" },
    });
    expect(
      await call("POST", "/leads", "a=b", { "content-type": "application/x-www-form-urlencoded" }),
    ).toMatchObject({
      status: 415,
    });
    const huge = { ...lead, comments: "x".repeat(MAX_BODY_BYTES) };
    expect((await call("POST", "/leads", huge)).status).toBe(413);
    let chain: Record<string, unknown> = { id: "x" };
    for (let i = 0; i < 800; i++) chain = { id: "x", parents: [chain] };
    const deep = await call("POST", "/leads", { ...lead, addressData: { fiasChain: chain } });
    expect(deep).toMatchObject({ status: 400, body: { code: "BAD_REQUEST" } });
    expect(await call("POST", "/leads", [lead])).toMatchObject({ status: 400 });
  });

  it("a body that is not valid UTF-8 is a 400, never stored with replacement characters", async () => {
    const json = Buffer.from(JSON.stringify({ ...lead, lastName: "Ив@нов" }));
    json[json.indexOf("@".charCodeAt(0))] = 0xff; // a byte that never occurs in UTF-8
    const response = await handleRestRequest(
      new Request("http://localhost/api/v1/leads", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: json,
      }),
      { db },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      code: "BAD_REQUEST",
      reason: "NOT_UTF8",
      message: "The body is not valid UTF-8",
      issues: [],
    });
  });

  it("no error answer carries a stack trace", async () => {
    const responses = [
      await call("GET", "/leads/abc"),
      await call("POST", "/leads", { nope: 1 }),
      await call("GET", "/leads/424242"),
    ];
    for (const response of responses)
      expect(JSON.stringify(response.body)).not.toMatch(/stack|at .*\.ts:\d+/);
  });

  it("a retried POST with the same Idempotency-Key and body returns the same lead and creates nothing", async () => {
    const before = await db.prisma.lead.count();
    const headers = { "idempotency-key": "order-42-attempt" };
    // Sent at once, as a client that times out and retries does: exactly one lead.
    const [first, ...retries] = await Promise.all(
      [0, 1, 2, 3].map(() => call("POST", "/leads", lead, headers)),
    );
    expect(first!.status).toBe(200);
    for (const retry of retries) expect(retry).toEqual(first);
    expect(await call("POST", "/leads", lead, headers)).toEqual(first);
    expect(await db.prisma.lead.count()).toBe(before + 1);
    const clash = await call("POST", "/leads", { ...lead, amount: 1 }, headers);
    expect(clash).toMatchObject({ status: 409, body: { code: "CONFLICT" } });
    // Keys are per caller: another partner's identical key is its own.
    const other = await call("POST", "/leads", lead, headers, otherKey);
    expect(other.body).not.toBe(first!.body);
  });

  it("counts JSON nesting outside strings only", () => {
    expect(jsonDepth('{"a":[{"b":"[[[[{{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
  });
});
