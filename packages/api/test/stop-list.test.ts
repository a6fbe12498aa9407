// stopList.* through createCaller with a real context (a real database, real session cookies and
// API keys), and over HTTP where the edge decides: only a signed-in admin may read or change the
// stop-list; hostile input is a clear 4xx with its code; nothing of it is reachable over REST.

import { findStopListHit } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { STOP_LIST_LIMITS } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  handleRestRequest,
  handleTrpcRequest,
  MAX_BODY_BYTES,
  openApiDocument,
} from "../src/index.ts";
import { type Api, type Auth, callerFor, everyKindOfCaller, headersOf } from "./support/callers.ts";
import { failureOf, ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

/** One call of every stopList.* procedure, each with an input an admin could send. */
const everyProcedure = (api: Api) => [
  () => api.stopList.list({}),
  () => api.stopList.add({ kind: "INN", inn: "1234567894", reason: "Суд" }),
  () => api.stopList.remove({ id: 1 }),
  () => api.stopList.history({ id: 1 }),
  () => api.stopList.import({ csv: "kind,value,reason\nINN,123456789047,Суд" }),
];

describe.each(testDatabaseKinds())("the stop-list through the router on %s", (kind) => {
  let db: Database;
  let chiefSession: string;
  let clerkSession: string;
  let serviceKey: string;
  let partnerKey: string;

  const callerWith = (auth: Auth) => callerFor(db, auth);
  /** One tRPC call over HTTP, as the page sends it: its status and error data. */
  const overHttp = async (procedure: string, body: string, auth: Auth) => {
    const response = await handleTrpcRequest(
      new Request(`http://localhost/api/trpc/${procedure}`, {
        method: "POST",
        headers: { ...headersOf(auth), "content-type": "application/json" },
        body,
      }),
      { db },
    );
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ({ chiefSession, clerkSession, serviceKey, partnerKey } = await everyKindOfCaller(db));
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an operator's session, a partner key and a service key get FORBIDDEN from every stopList.* procedure, and nothing is listed", async () => {
    for (const auth of [{ session: clerkSession }, { key: partnerKey }, { key: serviceKey }]) {
      const api = await callerWith(auth);
      for (const call of everyProcedure(api)) {
        const refusal = await failureOf(call());
        expect(refusal.code).toBe("FORBIDDEN");
        expect(refusal.error.cause).toMatchObject({ reason: "ADMIN_ONLY" });
      }
    }
    for (const auth of [{}, { session: `lcs_${"A".repeat(43)}` }]) {
      const api = await callerWith(auth);
      for (const call of everyProcedure(api))
        expect((await failureOf(call())).code).toBe("UNAUTHORIZED");
    }
    expect(await db.prisma.stopListEntry.count()).toBe(0);
  });

  it("over HTTP, a partner's call is a 403 that says nothing of the list", async () => {
    await (await callerWith({ session: chiefSession })).stopList.add({
      kind: "PHONE",
      mobilePhone: "+79161234567",
      reason: "Мошенничество",
    });
    const answer = await overHttp("stopList.list", "{}", { key: partnerKey });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('"ADMIN_ONLY"');
    expect(answer.text).not.toMatch(/916|items|display/);
  });

  it("an admin adds, lists, removes, re-adds an entry and reads its history", async () => {
    const api = await callerWith({ session: chiefSession });
    const added = await api.stopList.add({
      kind: "PASSPORT",
      seria: "40 08",
      no: "503682",
      reason: "  Поддельный паспорт ",
    });
    expect(added).toMatchObject({
      outcome: "ADDED",
      entry: {
        id: expect.any(Number),
        kind: "PASSPORT",
        display: "4008 503682",
        reason: "Поддельный паспорт",
        addedBy: "chief",
        removedAt: null,
      },
    });
    const page = await api.stopList.list({ search: "4008503682" });
    expect(page.items.map((e) => e.id)).toEqual([added.entry.id]);
    expect((await api.stopList.list({ kind: "PHONE" })).items).toHaveLength(1);

    const removed = await api.stopList.remove({ id: added.entry.id, comment: "Ошибка ввода" });
    expect(removed).toMatchObject({ id: added.entry.id, removedBy: "chief" });
    expect(await api.stopList.list({ search: "4008503682" })).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(
      (await api.stopList.list({ search: "4008503682", status: "REMOVED" })).items,
    ).toHaveLength(1);
    const twice = await failureOf(api.stopList.remove({ id: added.entry.id }));
    expect(twice.code).toBe("CONFLICT");
    expect(twice.error.cause).toMatchObject({ reason: "STOP_LIST_ENTRY_REMOVED" });

    const back = await api.stopList.add({
      kind: "PASSPORT",
      seria: "4008",
      no: "503 682",
      reason: "Снова",
    });
    expect(back).toMatchObject({ outcome: "READDED", entry: { id: added.entry.id } });
    const again = await failureOf(
      api.stopList.add({ kind: "PASSPORT", seria: "4008", no: "503682", reason: "Ещё" }),
    );
    expect(again.code).toBe("CONFLICT");
    expect(again.error.cause).toMatchObject({ reason: "STOP_LIST_ENTRY_EXISTS" });

    const history = await api.stopList.history({ id: added.entry.id });
    expect(history.events.map(({ kind, reason, by }) => [kind, reason, by])).toEqual([
      ["ADDED", "Поддельный паспорт", "chief"],
      ["REMOVED", "Ошибка ввода", "chief"],
      ["READDED", "Снова", "chief"],
    ]);
    const missing = await failureOf(api.stopList.history({ id: 987_654 }));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.error.cause).toMatchObject({ reason: "STOP_LIST_ENTRY_NOT_FOUND" });

    // What the lead writes will ask finds it (the lead's phone is not listed).
    const lead = {
      ...ivanovLead,
      mobilePhone: "+79160000000",
      passport: { seria: "40 08", no: "503682" },
    };
    expect(await findStopListHit(db.prisma, lead)).toEqual({
      entryId: BigInt(added.entry.id),
      kind: "PASSPORT",
    });
  });

  it("a kind that is not one of the five is a 400 naming kind; a field of another kind is named; a malformed value is named with its code and never quoted", async () => {
    const api = await callerWith({ session: chiefSession });
    const send = (input: unknown) => api.stopList.add(input as never);

    const badKind = await failureOf(send({ kind: "EMAIL", email: "x@y.z", reason: "Спам" }));
    expect(badKind).toMatchObject({
      code: "BAD_REQUEST",
      issues: [{ path: "kind", code: "INVALID_ENUM" }],
    });
    const noKind = await failureOf(send({ inn: "1234567894", reason: "Суд" }));
    expect(noKind.issues).toEqual([expect.objectContaining({ path: "kind", code: "REQUIRED" })]);
    const otherKind = await failureOf(
      send({ kind: "INN", inn: "1234567894", snils: "11223344595", reason: "Суд" }),
    );
    expect(otherKind.issues).toEqual([
      expect.objectContaining({ path: "snils", code: "UNKNOWN_FIELD" }),
    ]);
    const tooLong = await failureOf(
      send({ kind: "INN", inn: "1234567894", reason: "ы".repeat(501) }),
    );
    expect(tooLong.issues).toEqual([
      expect.objectContaining({ path: "reason", code: "TOO_LONG", params: { maximum: 500 } }),
    ]);

    const malformed = await failureOf(send({ kind: "INN", inn: "7707083894", reason: "Суд" }));
    expect(malformed).toMatchObject({
      code: "BAD_REQUEST",
      issues: [{ path: "inn", code: "INVALID_CHECKSUM", params: { format: "inn" } }],
    });
    expect(malformed.error.cause).toMatchObject({ reason: "STOP_LIST_ENTRY_INVALID" });
    const said = JSON.stringify({ message: malformed.message, issues: malformed.issues });
    expect(said).not.toContain("7707083894");

    // Over HTTP too: the status and the field path, as the page reads them.
    const http = await overHttp(
      "stopList.add",
      JSON.stringify({ kind: "EMAIL", email: "x@y.z", reason: "Спам" }),
      { session: chiefSession },
    );
    expect(http.status).toBe(400);
    expect(JSON.parse(http.text).error.data).toMatchObject({
      code: "BAD_REQUEST",
      reason: "INVALID_INPUT",
      issues: [{ path: "kind", code: "INVALID_ENUM" }],
    });
  });

  it("an import of a file past the stated bound is a 400 naming csv with the bound; past the body limit over HTTP, a 413", async () => {
    const api = await callerWith({ session: chiefSession });
    const header = "kind;value;reason\n";
    const exactly = header + " ".repeat(STOP_LIST_LIMITS.importChars - header.length);
    expect(await api.stopList.import({ csv: exactly })).toMatchObject({ rows: 0, imported: 0 });
    const over = await failureOf(api.stopList.import({ csv: `${exactly} ` }));
    expect(over).toMatchObject({
      code: "BAD_REQUEST",
      issues: [
        { path: "csv", code: "TOO_LONG", params: { maximum: STOP_LIST_LIMITS.importChars } },
      ],
    });

    const huge = JSON.stringify({ csv: `${header}${"INN;1234567894;Суд\n".repeat(20_000)}` });
    expect(huge.length).toBeGreaterThan(MAX_BODY_BYTES);
    const refused = await overHttp("stopList.import", huge, { session: chiefSession });
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.text).error.data).toMatchObject({ reason: "BODY_TOO_LARGE" });
    expect(await db.prisma.stopListEntry.count({ where: { kind: "INN" } })).toBe(0);
  });

  it("an import reports its bad lines by number (moved by lineOffset) and imports the rest; an unreadable header is a 400 with its reason", async () => {
    const api = await callerWith({ session: chiefSession });
    const csv = [
      "kind;value;reason",
      "INN;123456789047;Суд",
      "INN;123456789037;Суд",
      "SNILS;112-233-445 95;Собственное решение",
      "PHONE;+79161234567;Уже есть",
    ].join("\r\n");
    const report = await api.stopList.import({ csv, lineOffset: 100 });
    expect(report).toMatchObject({ rows: 4, imported: 2, reactivated: 0, alreadyListed: 1 });
    expect(report.badRows).toEqual([
      {
        line: 103,
        issues: [expect.objectContaining({ path: "value", code: "INVALID_CHECKSUM" })],
      },
    ]);
    const events = await db.prisma.stopListEvent.findMany({ where: { imported: true } });
    expect(events.map((e) => e.by)).toEqual(["chief", "chief"]);

    const header = await failureOf(api.stopList.import({ csv: "вид;паспорт\nINN;1;2" }));
    expect(header.code).toBe("BAD_REQUEST");
    expect(header.error.cause).toMatchObject({ reason: "STOP_LIST_CSV_INVALID" });
    expect(header.issues.map((i) => `${i.path}:${i.code}`)).toEqual([
      "header.2:UNKNOWN_FIELD",
      "header.reason:REQUIRED",
      "header.value:REQUIRED",
    ]);
  });

  it("nothing of the stop-list is on the REST surface: no path in the OpenAPI document, 404 to a guess", async () => {
    const paths = Object.keys(openApiDocument().paths ?? {});
    expect(paths.filter((path) => /stop/i.test(path))).toEqual([]);
    for (const path of ["/stop-list", "/stopList", "/stop-list/entries"]) {
      const response = await handleRestRequest(
        new Request(`http://localhost/api/v1${path}`, {
          headers: { authorization: `Bearer ${partnerKey}` },
        }),
        { db },
      );
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain("916");
    }
  });
});
