// duplicate.* through the router with real callers on a real database: staff read suspects, the
// queue and repeats; only an operator records "not the same person"; a partner key reaches none of
// it (not even a name); hostile input is a 400 with the field path and code, never an echo. There
// is no REST route for any of it (partners have no use for it): the REST edge says so.
import { convertLead, createLead, createServiceKey, scanNewClients } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleTrpcRequest } from "../src/index.ts";
import { type Auth, callerFor, everyKindOfCaller, headersOf, restCall } from "./support/callers.ts";
import { failureOf, ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

const service = { kind: "service" as const, apiKeyId: 1n, name: "tests" };

describe.each(testDatabaseKinds())("duplicate suspicion through the router on %s", (kind) => {
  let db: Database;
  let clerkSession: string;
  let serviceKey: string;
  let partnerKey: string;
  let first: number;
  let second: number;
  let repeatLead: number;

  /** One tRPC call over HTTP, as the page sends it (queries too are POSTed). */
  const overHttp = async (procedure: string, input: string, auth: Auth) => {
    const response = await handleTrpcRequest(
      new Request(`http://localhost/api/trpc/${procedure}`, {
        method: "POST",
        headers: { ...headersOf(auth), "content-type": "application/json" },
        body: input,
      }),
      { db },
    );
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ({ clerkSession, serviceKey, partnerKey } = await everyKindOfCaller(db));
    await createServiceKey(db.prisma, "tests");
    const convert = async (body: typeof ivanovLead & Record<string, unknown>) => {
      const id = await createLead(db.prisma, service, body);
      return (await convertLead(db.prisma, service, id, body)).clientId;
    };
    // The same person with a replaced passport: two clients by the rule, one suspicion.
    first = await convert({ ...ivanovLead, birthDate: "1990-04-12" });
    second = await convert({
      ...ivanovLead,
      birthDate: "1990-04-12",
      mobilePhone: "+79160000001",
      passport: { seria: "4519", no: "654321" },
    });
    repeatLead = await createLead(db.prisma, service, {
      ...ivanovLead,
      mobilePhone: "+79160000002",
    });
    await scanNewClients(db.prisma);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an operator sees a client's suspects, the queue and a lead's repeats", async () => {
    const api = await callerFor(db, { session: clerkSession });
    const suspects = await api.duplicate.ofClient({ id: first });
    expect(suspects).toEqual([
      expect.objectContaining({
        client: expect.objectContaining({ id: second }),
        reasons: ["REPLACED_PASSPORT"],
      }),
    ]);
    const queue = await api.duplicate.list({});
    expect(queue.total).toBe(1);
    expect(queue.items[0]?.clients.map((c) => c.id)).toEqual([first, second]);
    const repeats = await api.duplicate.repeatsOfLead({ id: repeatLead });
    expect(repeats.map((r) => r.sameBy)).toEqual(["passport"]);
  });

  it("a service key reads suspects but may not give a verdict", async () => {
    const api = await callerFor(db, { key: serviceKey });
    expect(await api.duplicate.ofClient({ id: second })).toHaveLength(1);
    const refused = await failureOf(
      api.duplicate.notSamePerson({ clientId: first, otherClientId: second }),
    );
    expect(refused.code).toBe("FORBIDDEN");
  });

  it("a partner key reaches none of it and learns no name", async () => {
    const api = await callerFor(db, { key: partnerKey });
    for (const call of [
      () => api.duplicate.ofClient({ id: first }),
      () => api.duplicate.list({}),
      () => api.duplicate.repeatsOfLead({ id: repeatLead }),
    ]) {
      const failure = await failureOf(call());
      expect(failure.code).toBe("NOT_FOUND");
      expect(failure.message).not.toContain("Иванов");
    }
    const verdict = await failureOf(
      api.duplicate.notSamePerson({ clientId: first, otherClientId: second }),
    );
    expect(verdict.code).toBe("FORBIDDEN");
    const http = await overHttp("duplicate.ofClient", JSON.stringify({ id: first }), {
      key: partnerKey,
    });
    expect(http.status).toBe(404);
    expect(http.text).not.toContain("Иванов");
  });

  it("hostile ids and unknown fields are a 400 with the path and code, never echoed", async () => {
    const api = await callerFor(db, { session: clerkSession });
    const send = (input: unknown) => api.duplicate.notSamePerson(input as never);
    for (const [input, path, code] of [
      [{ clientId: 0, otherClientId: second }, "clientId", "OUT_OF_RANGE"],
      [{ clientId: -5, otherClientId: second }, "clientId", "OUT_OF_RANGE"],
      [{ clientId: "1", otherClientId: second }, "clientId", "INVALID_TYPE"],
      [{ clientId: 1.5, otherClientId: second }, "clientId", "INVALID_TYPE"],
      [{ clientId: first }, "otherClientId", "REQUIRED"],
      [
        { clientId: first, otherClientId: second, note: "Иванов 4506123456" },
        "note",
        "UNKNOWN_FIELD",
      ],
    ] as const) {
      const failure = await failureOf(send(input));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.issues).toEqual([expect.objectContaining({ path, code })]);
      expect(JSON.stringify(failure.issues)).not.toContain("4506123456");
    }
    const self = await failureOf(send({ clientId: first, otherClientId: first }));
    expect(self).toMatchObject({ code: "BAD_REQUEST" });
    expect(self.error.cause).toMatchObject({ reason: "SAME_CLIENT" });

    const http = await overHttp(
      "duplicate.notSamePerson",
      JSON.stringify({ clientId: "Иванов", otherClientId: 2 ** 70 }),
      { session: clerkSession },
    );
    expect(http.status).toBe(400);
    expect(http.text).toContain("clientId");
    expect(http.text).not.toContain("Иванов");
    expect(http.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it("an operator's verdict empties the queue and is kept; no REST route exists for it", async () => {
    const api = await callerFor(db, { session: clerkSession });
    await api.duplicate.notSamePerson({ clientId: second, otherClientId: first });
    expect((await api.duplicate.list({})).total).toBe(0);
    expect(await api.duplicate.ofClient({ id: first })).toEqual([]);
    const decided = await api.duplicate.list({ status: "NOT_SAME" });
    expect(decided.items[0]).toMatchObject({ decidedBy: "clerk" });
    const rest = await restCall(db, "GET", `/duplicates`, undefined, { key: partnerKey });
    expect(rest.status).toBe(404);
  });
});
