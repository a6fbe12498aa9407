// A data subject's request to erase (issue 18) through the router and through tRPC over HTTP, on
// both databases: an admin's preview and record answer the contract's shapes and erase a lead
// that is not a client's; everyone else is refused; the identifier never travels in a URL (a
// query-string input is a 405) and hostile input is a 400 with the field's path and no echo.
import { createLead, createPartnerWithKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleTrpcRequest } from "../src/index.ts";
import { callerFor, everyKindOfCaller, headersOf } from "./support/callers.ts";
import { failureOf } from "./support/calls.ts";

warnIfPostgresUntested();

const PERSON = {
  lastName: "Зорина",
  firstName: "Майя",
  patronymic: "Игоревна",
  mobilePhone: "+79165550911",
  passport: { seria: "4511", no: "909090" },
};
const SUBJECT = { by: "PASSPORT", seria: "4511", no: "909090" } as const;

describe.each(testDatabaseKinds())("data subjects' requests through the API on %s", (kind) => {
  let db: Database;
  let callers: Awaited<ReturnType<typeof everyKindOfCaller>>;
  let leadId = 0;

  /** One tRPC call over HTTP as the admin's browser sends it. */
  const http = (method: "GET" | "POST", path: string, body?: string) =>
    handleTrpcRequest(
      new Request(`http://localhost/api/trpc/${path}`, {
        method,
        headers: {
          ...headersOf({ session: callers.chiefSession }),
          "sec-fetch-site": "same-origin",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body,
      }),
      { db },
    );

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    callers = await everyKindOfCaller(db);
    const { partnerId } = await createPartnerWithKey(db.prisma, "Салон");
    leadId = await createLead(
      db.prisma,
      { kind: "partner", partnerId, apiKeyId: 9n, name: "Салон" },
      PERSON,
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an admin previews what is held, records the request, and the lead is erased at once", async () => {
    const admin = await callerFor(db, { session: callers.chiefSession });
    const holdings = await admin.dataRequest.preview({ subject: SUBJECT });
    expect(holdings.leads).toMatchObject([
      { id: leadId, fullName: "Зорина Майя Игоревна", outcome: "ERASED" },
    ]);
    const request = await admin.dataRequest.record({ subject: SUBJECT, reference: "вх. 5" });
    expect(request).toMatchObject({ erased: 1, kept: 0, reference: "вх. 5", recordedBy: "chief" });
    expect(request.holdings.leads).toMatchObject([{ id: leadId, fullName: null }]);
    expect(await admin.dataRequest.list()).toMatchObject([{ id: request.id }]);
    expect((await admin.dataRequest.get({ id: request.id })).id).toBe(request.id);
    expect((await admin.lead.get({ id: leadId })).lastName).toBeUndefined();
    expect((await failureOf(admin.dataRequest.get({ id: 999_999 }))).code).toBe("NOT_FOUND");
  });

  it("is an admin's: an operator, a partner and a service get FORBIDDEN, a caller without credentials UNAUTHORIZED, and nothing is recorded", async () => {
    for (const auth of [
      { session: callers.clerkSession },
      { key: callers.partnerKey },
      { key: callers.serviceKey },
    ]) {
      const api = await callerFor(db, auth);
      expect((await failureOf(api.dataRequest.preview({ subject: SUBJECT }))).code).toBe(
        "FORBIDDEN",
      );
      expect((await failureOf(api.dataRequest.record({ subject: SUBJECT }))).code).toBe(
        "FORBIDDEN",
      );
      expect((await failureOf(api.dataRequest.list())).code).toBe("FORBIDDEN");
    }
    // Without a key or a session: asked to sign in, and nothing recorded either.
    const anonymous = await callerFor(db, {});
    expect((await failureOf(anonymous.dataRequest.record({ subject: SUBJECT }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect(await db.prisma.dataSubjectRequest.count()).toBe(1);
  });

  it("never takes a passport in the URL: the calls are mutations, and a GET is a 405 that does not echo it", async () => {
    const input = encodeURIComponent(JSON.stringify({ subject: SUBJECT }));
    const response = await http("GET", `dataRequest.preview?input=${input}`);
    expect(response.status).toBe(405);
    const text = await response.text();
    expect(text).toContain("METHOD_NOT_ALLOWED");
    expect(text).not.toContain("909090");
  });

  it("answers hostile input with a 400, the field's path and no echo of the value", async () => {
    const cases: [unknown, string][] = [
      [{ subject: { by: "PASSPORT", seria: "45\u0000 11", no: "909090" } }, "subject.seria"],
      [{ subject: { by: "PASSPORT", seria: "4511", no: "9".repeat(5000) } }, "subject.no"],
      [
        { subject: { by: "PHONE", mobilePhone: '\'; DROP TABLE "Lead"; --' } },
        "subject.mobilePhone",
      ],
      [{ subject: { by: "SNILS", snils: "112-233-445 95" } }, "subject.by"],
      [{ subject: SUBJECT, receivedOn: "2026-02-30" }, "receivedOn"],
      [{ subject: SUBJECT, reference: "x".repeat(101) }, "reference"],
      [{ subject: SUBJECT, extra: "4511 909090" }, "extra"],
    ];
    for (const [input, path] of cases) {
      const response = await http("POST", "dataRequest.record", JSON.stringify(input));
      expect(response.status, JSON.stringify(path)).toBe(400);
      const text = await response.text();
      expect(text).toContain(`"path":"${path}"`);
      for (const value of ["DROP TABLE", "112-233-445", "xxxxxxxxxx", "9999999999", "4511 909090"])
        expect(text).not.toContain(value);
    }
    expect(await db.prisma.dataSubjectRequest.count()).toBe(1);
  });
});
