// The borrower's consents through the partner REST API and tRPC, in-process against a real
// database: the extension travels in the lead both ways, LEADCORE_REQUIRE_PD_CONSENT refuses a
// partner's lead without the personal-data consent (422 PD_CONSENT_REQUIRED at `consents`), and a
// withdrawal on either surface answers the same, erases a lead that is not a client's, and refuses
// hostile input with the field's path and without an echo.
import { createPartnerWithKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callerFor, restCall } from "./support/callers.ts";
import { failureOf, ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

const consent = {
  kind: "PERSONAL_DATA",
  textVersion: "pd-2026-01",
  givenAt: "2026-11-30T10:15:00+05:00",
  channel: "SMS",
  confirmationId: "sms-9981",
} as const;

/** The API's settings are read once per process: a test that changes one reads them again. */
function withSetting(name: string, value: string | undefined) {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
  (globalThis as { __leadcoreApiSettings?: unknown }).__leadcoreApiSettings = undefined;
}

describe.each(testDatabaseKinds())("consents through the API on %s", (kind) => {
  let db: Database;
  let key: string;
  let otherKey: string;
  const rest = (method: string, path: string, body?: unknown, token = key) =>
    restCall(db, method, path, body, { key: token }) as Promise<{
      status: number;
      body: Record<string, unknown> & { issues?: { path: string; code: string }[] };
    }>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    key = (await createPartnerWithKey(db.prisma, "Согласия")).key;
    otherKey = (await createPartnerWithKey(db.prisma, "Чужой")).key;
  });
  afterEach(() => withSetting("LEADCORE_REQUIRE_PD_CONSENT", undefined));
  afterAll(async () => {
    await db?.close();
  });

  it("a partner sends consents with the lead and reads them back", async () => {
    const created = await rest("POST", "/leads", { ...ivanovLead, consents: [consent] });
    expect(created.status).toBe(200);
    const read = await rest("GET", `/leads/${created.body}`);
    expect(read.body.consents).toEqual([consent]);
  });

  it("with LEADCORE_REQUIRE_PD_CONSENT on, a partner's lead without the consent is a 422 at `consents`, and nothing is created", async () => {
    withSetting("LEADCORE_REQUIRE_PD_CONSENT", "on");
    const before = await db.prisma.lead.count();
    const refused = await rest("POST", "/leads", ivanovLead);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      reason: "PD_CONSENT_REQUIRED",
      issues: [{ path: "consents", code: "REQUIRED" }],
    });
    const trpc = await callerFor(db, { key });
    const failure = await failureOf(trpc.lead.create(ivanovLead));
    expect(failure.code).toBe("UNPROCESSABLE_CONTENT");
    expect(await db.prisma.lead.count()).toBe(before);
    expect((await rest("POST", "/leads", { ...ivanovLead, consents: [consent] })).status).toBe(200);
  });

  it("with the setting off (the default) the seed's contract works as it is", async () => {
    expect((await rest("POST", "/leads", ivanovLead)).status).toBe(200);
  });

  it("REST and tRPC withdraw alike: the lead is erased at once, the answer says so, a second withdrawal is a 409", async () => {
    const viaRest = (await rest("POST", "/leads", { ...ivanovLead, consents: [consent] }))
      .body as unknown as number;
    const answer = await rest("POST", `/leads/${viaRest}/consents/withdraw`, {
      kind: "PERSONAL_DATA",
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      id: viaRest,
      kind: "PERSONAL_DATA",
      withdrawnAt: expect.any(String),
      erased: true,
      keptBecause: null,
    });
    const lead = await rest("GET", `/leads/${viaRest}`);
    expect(lead.body).toMatchObject({ status: "WITHDRAWN" });
    expect(lead.body.lastName).toBeUndefined();
    const again = await rest("POST", `/leads/${viaRest}/consents/withdraw`, {
      kind: "PERSONAL_DATA",
    });
    expect(again.status).toBe(409);
    expect(again.body.reason).toBe("CONSENT_NOT_GIVEN");

    const trpc = await callerFor(db, { key });
    const viaTrpc = await trpc.lead.create({ ...ivanovLead, consents: [consent] });
    expect(await trpc.lead.withdrawConsent({ id: viaTrpc, kind: "PERSONAL_DATA" })).toEqual({
      id: viaTrpc,
      kind: "PERSONAL_DATA",
      withdrawnAt: expect.any(String),
      erased: true,
      keptBecause: null,
    });
    const failure = await failureOf(
      trpc.lead.withdrawConsent({ id: viaTrpc, kind: "PERSONAL_DATA" }),
    );
    expect(failure.code).toBe("CONFLICT");
  });

  it("another partner's lead is a 404 on both surfaces, and its consent stays in force", async () => {
    const id = (await rest("POST", "/leads", { ...ivanovLead, consents: [consent] }))
      .body as unknown as number;
    const refused = await rest(
      "POST",
      `/leads/${id}/consents/withdraw`,
      { kind: "PERSONAL_DATA" },
      otherKey,
    );
    expect(refused.status).toBe(404);
    const other = await callerFor(db, { key: otherKey });
    expect((await failureOf(other.lead.withdrawConsent({ id, kind: "PERSONAL_DATA" }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await rest("GET", `/leads/${id}`)).body.consents).toEqual([consent]);
  });

  it.each([
    [{ kind: "EVERYTHING" }, "kind"],
    [{}, "kind"],
    [{ kind: "PERSONAL_DATA", reason: "x" }, ""],
    [{ kind: 7 }, "kind"],
  ])(
    "a hostile withdrawal %j is a 400 at %j on both surfaces, never echoed",
    async (body, path) => {
      const id = (await rest("POST", "/leads", { ...ivanovLead, consents: [consent] }))
        .body as unknown as number;
      const refused = await rest("POST", `/leads/${id}/consents/withdraw`, body);
      expect(refused.status).toBe(400);
      expect(refused.body.issues?.map((issue) => issue.path)).toContain(
        path === "" ? "reason" : path,
      );
      expect(JSON.stringify(refused.body)).not.toContain("EVERYTHING");
      const trpc = await callerFor(db, { key });
      const failure = await failureOf(
        trpc.lead.withdrawConsent({ id, ...(body as object) } as never),
      );
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.issues.map((issue) => issue.path)).toContain(path === "" ? "reason" : path);
      expect((await rest("GET", `/leads/${id}`)).body.consents).toEqual([consent]);
    },
  );
});
