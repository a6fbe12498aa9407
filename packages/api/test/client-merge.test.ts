// client.mergePreview and client.merge through the router with real callers on a real database:
// only an operator merges (a service key is refused, a partner learns nothing); hostile input is
// a 400 with the field path and code, never an echo; refusals carry their reason. Both surfaces
// the procedures have: the in-process caller and tRPC over HTTP; the REST edge has no route.
import { convertLead, createLead, createServiceKey } from "@leadcore/core";
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

describe.each(testDatabaseKinds())("merging clients through the router on %s", (kind) => {
  let db: Database;
  let clerkSession: string;
  let serviceKey: string;
  let partnerKey: string;
  let target: number;
  let source: number;
  let otherPassport: number;

  /** One tRPC call over HTTP, as the page sends it. */
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
    target = await convert(ivanovLead);
    source = await convert({ ...ivanovLead, lastName: "Иваноф", mobilePhone: "+79160000001" });
    otherPassport = await convert({
      ...ivanovLead,
      mobilePhone: "+79160000002",
      passport: { seria: "4519", no: "654321" },
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a service key and a partner key may neither preview nor merge", async () => {
    for (const auth of [{ key: serviceKey }, { key: partnerKey }]) {
      const api = await callerFor(db, auth);
      for (const call of [
        () => api.client.mergePreview({ targetId: target, sourceId: source }),
        () => api.client.merge({ targetId: target, sourceId: source }),
      ]) {
        const failure = await failureOf(call());
        expect(failure.code).toBe("FORBIDDEN");
        expect(failure.message).not.toContain("Иванов");
      }
    }
    const http = await overHttp(
      "client.merge",
      JSON.stringify({ targetId: target, sourceId: source }),
      { key: partnerKey },
    );
    expect(http.status).toBe(403);
    expect(http.text).toContain("OPERATOR_ONLY");
  });

  it("hostile ids and unknown fields are a 400 with the path and code, never echoed", async () => {
    const api = await callerFor(db, { session: clerkSession });
    const send = (input: unknown) => api.client.merge(input as never);
    for (const [input, path, code] of [
      [{ targetId: 0, sourceId: source }, "targetId", "OUT_OF_RANGE"],
      [{ targetId: -1, sourceId: source }, "targetId", "OUT_OF_RANGE"],
      [{ targetId: "1", sourceId: source }, "targetId", "INVALID_TYPE"],
      [{ targetId: 1.5, sourceId: source }, "targetId", "INVALID_TYPE"],
      [{ targetId: target }, "sourceId", "REQUIRED"],
      [{ targetId: target, sourceId: source, note: "Иванов 4506123456" }, "note", "UNKNOWN_FIELD"],
      [
        { targetId: target, sourceId: source, choices: { keyLastName: "source" } },
        "choices.keyLastName",
        "UNKNOWN_FIELD",
      ],
      [
        { targetId: target, sourceId: source, choices: { lastName: "Иванов 4506123456" } },
        "choices.lastName",
        "INVALID_ENUM",
      ],
      [
        { targetId: target, sourceId: source, confirmDifferentPassport: "yes" },
        "confirmDifferentPassport",
        "INVALID_TYPE",
      ],
    ] as const) {
      const failure = await failureOf(send(input));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.issues).toEqual([expect.objectContaining({ path, code })]);
      expect(JSON.stringify(failure.issues)).not.toContain("4506123456");
    }
    const preview = await failureOf(
      api.client.mergePreview({ targetId: target, sourceId: source, extra: 1 } as never),
    );
    expect(preview.issues).toEqual([
      expect.objectContaining({ path: "extra", code: "UNKNOWN_FIELD" }),
    ]);

    const http = await overHttp(
      "client.merge",
      JSON.stringify({ targetId: "Иванов", sourceId: 2 ** 70 }),
      { session: clerkSession },
    );
    expect(http.status).toBe(400);
    expect(http.text).toContain("targetId");
    expect(http.text).not.toContain("Иванов");
    expect(http.text).not.toMatch(/at .*\.ts:\d+/);
  });

  it("merging into itself, or passports that differ without confirmation, is refused with its reason", async () => {
    const api = await callerFor(db, { session: clerkSession });
    const self = await failureOf(api.client.merge({ targetId: target, sourceId: target }));
    expect(self.code).toBe("BAD_REQUEST");
    expect(self.error.cause).toMatchObject({ reason: "SAME_CLIENT" });
    expect(self.issues).toEqual([expect.objectContaining({ path: "sourceId" })]);

    const differ = await failureOf(api.client.merge({ targetId: target, sourceId: otherPassport }));
    expect(differ.code).toBe("UNPROCESSABLE_CONTENT");
    expect(differ.error.cause).toMatchObject({ reason: "PASSPORTS_DIFFER" });
    expect(differ.issues).toEqual([
      expect.objectContaining({ path: "confirmDifferentPassport", code: "REQUIRED" }),
    ]);
    const http = await overHttp(
      "client.merge",
      JSON.stringify({ targetId: target, sourceId: otherPassport }),
      { session: clerkSession },
    );
    expect(http.status).toBe(422);
    expect(http.text).toContain("PASSPORTS_DIFFER");
    expect(http.text).toContain("confirmDifferentPassport");
    expect(http.text).not.toContain("654321");

    const unknown = await failureOf(api.client.mergePreview({ targetId: target, sourceId: 9999 }));
    expect(unknown.code).toBe("NOT_FOUND");
  });

  it("an operator previews and merges; the tombstone answers with the target; no REST route exists", async () => {
    const api = await callerFor(db, { session: clerkSession });
    const preview = await api.client.mergePreview({ targetId: target, sourceId: source });
    expect(preview.passportsDiffer).toBe(false);
    expect(preview.fields.map((f) => f.field)).toEqual(["lastName", "mobilePhone"]);

    const merged = await api.client.merge({
      targetId: target,
      sourceId: source,
      choices: { mobilePhone: "target" },
    });
    expect(merged.mobilePhone).toBe(ivanovLead.mobilePhone);
    expect(merged.mergedClients.map((m) => [m.id, m.mergedBy])).toEqual([[source, "clerk"]]);
    const tombstone = await api.client.get({ id: source });
    expect(tombstone).toMatchObject({ id: target, mergedFrom: { id: source, mergedBy: "clerk" } });

    const again = await failureOf(api.client.merge({ targetId: target, sourceId: source }));
    expect(again.error.cause).toMatchObject({ reason: "CLIENT_MERGED" });

    const rest = await restCall(
      db,
      "POST",
      `/clients/${target}/merge`,
      { sourceId: source },
      {
        key: serviceKey,
      },
    );
    expect(rest.status).toBe(404);
  });
});
