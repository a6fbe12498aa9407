// The lead's life on both surfaces: partner REST (in-process, through the REST edge) and tRPC
// (createCaller with real sessions and keys), against a real database. Every move and every
// refused one answers the same code, reason and field path on both; hostile input gets a 4xx.

import { createPartnerWithKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { DenialReason, LeadHistoryEntry, LeadPage, StoredLead } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApiDocument, type RestError } from "../src/index.ts";
import { type Api, callerFor, operatorSession, restCall } from "./support/callers.ts";
import { failureOf, ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

// What a REST answer may carry, by name: a lead's fields or the error envelope's. Lists and bare
// ids are read with a cast where a test expects one.
type RestBody = Partial<StoredLead> & Partial<RestError>;
type RestAnswer = { status: number; body: RestBody };

describe.each(testDatabaseKinds())("the life of a lead over REST and tRPC on %s", (kind) => {
  let db: Database;
  let shopKey: string;
  let otherShopKey: string;
  let shop: Api;
  let clerk: Api;
  let chief: Api;
  let reasonIds: Record<string, number>;
  let phone = 9_160_000_100;

  const rest = async (method: string, path: string, body?: unknown, key = shopKey) =>
    (await restCall(db, method, path, body, { key })) as RestAnswer;
  const session = async (login: string, role: "operator" | "admin") =>
    callerFor(db, { session: await operatorSession(db, login, role) });
  const person = () => {
    phone += 1;
    return { ...ivanovLead, mobilePhone: `+7${phone}` };
  };
  const newLead = async () => {
    const created = await rest("POST", "/leads", person());
    expect(created.status).toBe(200);
    return created.body as unknown as number;
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    shopKey = (await createPartnerWithKey(db.prisma, "Магазин")).key;
    otherShopKey = (await createPartnerWithKey(db.prisma, "Чужой магазин")).key;
    shop = await callerFor(db, { key: shopKey });
    clerk = await session("clerk", "operator");
    chief = await session("chief", "admin");
    const listed = await rest("GET", "/denial-reasons");
    expect(listed.status).toBe(200);
    reasonIds = Object.fromEntries(
      (listed.body as unknown as DenialReason[]).map((r) => [r.code, r.id]),
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it("GET /denial-reasons lists the dictionary for partners: code, Russian title, active", async () => {
    const listed = await rest("GET", "/denial-reasons");
    expect(listed.body).toContainEqual({
      id: reasonIds.STOP_LIST,
      code: "STOP_LIST",
      title: "Клиент в стоп-листе",
      active: true,
    });
    expect(listed.body).toHaveLength(8);
  });

  it("a partner withdraws its lead over REST; the lead then reads WITHDRAWN with the reason; a second withdrawal is 409 LEAD_WITHDRAWN", async () => {
    const id = await newLead();
    const withdrawn = await rest("POST", `/leads/${id}/withdraw`, { reason: "Заказ отменён" });
    expect(withdrawn).toMatchObject({
      status: 200,
      body: { id, status: "WITHDRAWN", withdrawal: { reason: "Заказ отменён" } },
    });
    expect((await rest("GET", `/leads/${id}`)).body.status).toBe("WITHDRAWN");
    const listed = await rest("GET", "/leads?status=WITHDRAWN");
    const page = listed.body as unknown as LeadPage;
    expect(page.items.map((item) => item.id)).toContain(id);
    expect(page.items.every((item) => item.status === "WITHDRAWN")).toBe(true);

    const again = await rest("POST", `/leads/${id}/withdraw`, {});
    expect(again).toMatchObject({
      status: 409,
      body: {
        code: "CONFLICT",
        reason: "LEAD_WITHDRAWN",
        message: expect.stringMatching(/withdrawn/),
      },
    });
    expect((await failureOf(shop.lead.withdraw({ id }))).error.cause).toMatchObject({
      reason: "LEAD_WITHDRAWN",
    });
    const edit = await rest("PUT", `/leads/${id}`, person());
    expect(edit).toMatchObject({ status: 409, body: { reason: "LEAD_WITHDRAWN" } });
  });

  it("another partner's lead cannot be withdrawn: 404, exactly like a missing one", async () => {
    const id = await newLead();
    const foreign = await rest("POST", `/leads/${id}/withdraw`, {}, otherShopKey);
    const missing = await rest("POST", "/leads/999999/withdraw", {}, otherShopKey);
    expect(foreign).toEqual(missing);
    expect(foreign).toMatchObject({ status: 404, body: { reason: "LEAD_NOT_FOUND" } });
    expect((await rest("GET", `/leads/${id}`)).body.status).toBe("NEW");
  });

  it("an operator denies over tRPC; the partner reads the reason's code and title, never the comment, on REST and tRPC", async () => {
    const id = await newLead();
    const denied = await clerk.lead.deny({
      id,
      reasonId: reasonIds.PRODUCT_TERMS!,
      comment: "Доход ниже порога продукта",
    });
    expect(denied).toMatchObject({
      status: "DENIED",
      denialReasonId: reasonIds.PRODUCT_TERMS,
      denial: { comment: "Доход ниже порога продукта", reason: { code: "PRODUCT_TERMS" } },
    });
    const overRest = await rest("GET", `/leads/${id}`);
    const overTrpc = await shop.lead.get({ id });
    for (const view of [overRest.body, overTrpc]) {
      expect(view).toMatchObject({
        status: "DENIED",
        denialReasonId: reasonIds.PRODUCT_TERMS,
        denial: {
          reason: { code: "PRODUCT_TERMS", title: "Не соответствует условиям продукта" },
        },
      });
      expect(JSON.stringify(view)).not.toContain("Доход ниже");
    }
    const history = await rest("GET", `/leads/${id}/history`);
    expect((history.body as unknown as LeadHistoryEntry[]).at(-1)).toMatchObject({
      kind: "DENIED",
    });
    expect(JSON.stringify(history.body)).not.toContain("Доход ниже");

    const convert = await rest("POST", `/leads/${id}/convert`, person());
    expect(convert).toMatchObject({
      status: 409,
      body: { code: "CONFLICT", reason: "LEAD_DENIED" },
    });
  });

  it("deny, take, reopen and assign are the lender's: a partner key is 403, an operator cannot reopen or assign", async () => {
    const id = await newLead();
    for (const call of [
      shop.lead.deny({ id, reasonId: reasonIds.OTHER! }),
      shop.lead.take({ id }),
      shop.lead.bulkDeny({ ids: [id], reasonId: reasonIds.OTHER! }),
    ]) {
      expect((await failureOf(call)).code).toBe("FORBIDDEN");
    }
    await clerk.lead.deny({ id, reasonId: reasonIds.OTHER! });
    const refused = await failureOf(clerk.lead.reopen({ id, comment: "хочу" }));
    expect(refused.code).toBe("FORBIDDEN");
    expect((await failureOf(clerk.lead.assign({ id, login: "clerk" }))).code).toBe("FORBIDDEN");
    const reopened = await chief.lead.reopen({ id, comment: "Ошибочный отказ" });
    expect(reopened).toMatchObject({ status: "NEW", denial: null });
    expect((await rest("GET", `/leads/${id}`)).body).not.toHaveProperty("denialReasonId");
  });

  it("take and assign: managerId reads back on REST; a body with another managerId or clientId is a 400 naming the field on both surfaces", async () => {
    const id = await newLead();
    const taken = await clerk.lead.take({ id });
    expect(taken.manager?.login).toBe("clerk");
    const read = (await rest("GET", `/leads/${id}`)).body;
    expect(read.managerId).toBe(taken.managerId);
    expect(read).not.toHaveProperty("manager");

    // What was read goes back unchanged: accepted.
    const {
      id: _id,
      status: _s,
      partner: _p,
      denial: _d,
      withdrawal: _w,
      conversion: _c,
      warnings: _x,
      createdAt: _a,
      updatedAt: _u,
      ...asRead
    } = read;
    expect((await rest("PUT", `/leads/${id}`, { ...asRead, id })).status).toBe(200);

    const restRefusal = await rest("PUT", `/leads/${id}`, {
      ...person(),
      managerId: (read.managerId ?? 0) + 1,
      clientId: 5,
    });
    expect(restRefusal).toMatchObject({
      status: 400,
      body: {
        code: "BAD_REQUEST",
        reason: "SERVER_OWNED_FIELD",
        issues: [
          { path: "clientId", code: "SERVER_OWNED" },
          { path: "managerId", code: "SERVER_OWNED" },
        ],
      },
    });
    const trpcRefusal = await failureOf(shop.lead.update({ ...person(), id, clientId: 5 }));
    expect(trpcRefusal).toMatchObject({
      code: "BAD_REQUEST",
      issues: [{ path: "clientId", code: "SERVER_OWNED" }],
    });
    const create = await rest("POST", "/leads", { ...person(), denialReasonId: 1 });
    expect(create).toMatchObject({
      status: 400,
      body: { reason: "SERVER_OWNED_FIELD", issues: [{ path: "denialReasonId" }] },
    });
  });

  it("GET of a converted lead shows clientId = the client on REST and tRPC", async () => {
    const id = await newLead();
    const body = { ...person(), passport: { seria: "4511", no: "900001" } };
    const converted = await rest("POST", `/leads/${id}/convert`, body);
    expect(converted.status).toBe(200);
    expect((await rest("GET", `/leads/${id}`)).body.clientId).toBe(converted.body);
    expect((await shop.lead.get({ id })).clientId).toBe(converted.body);
    const page = (await rest("GET", "/leads?status=CONVERTED")).body as unknown as LeadPage;
    expect(page.items.find((item) => item.id === id)?.clientId).toBe(converted.body);
  });

  it("a bulk deny reports each lead; over 100 leads is a 400 naming ids", async () => {
    const [a, b] = [await newLead(), await newLead()];
    await clerk.lead.deny({ id: b, reasonId: reasonIds.OTHER! });
    expect(
      await clerk.lead.bulkDeny({ ids: [a, b], reasonId: reasonIds.REPEAT_APPLICATION! }),
    ).toEqual([
      { id: a, ok: true },
      { id: b, ok: false, reason: "LEAD_DENIED", message: expect.stringMatching(/denied/) },
    ]);
    const tooMany = await failureOf(
      clerk.lead.bulkDeny({
        ids: Array.from({ length: 101 }, (_, i) => i + 1),
        reasonId: reasonIds.OTHER!,
      }),
    );
    expect(tooMany).toMatchObject({
      code: "BAD_REQUEST",
      issues: [{ path: "ids", code: "TOO_MANY" }],
    });
  });

  describe("hostile input", () => {
    it("withdraw over REST: an unknown field, a non-string or an oversized reason, a body that is no object: 400 with the path, nothing changes", async () => {
      const id = await newLead();
      const cases: [unknown, string, string][] = [
        [{ reason: "ok", status: "DENIED" }, "status", "UNKNOWN_FIELD"],
        [{ reason: 42 }, "reason", "INVALID_TYPE"],
        [{ reason: "я".repeat(1001) }, "reason", "TOO_LONG"],
      ];
      for (const [body, path, code] of cases) {
        const answer = await rest("POST", `/leads/${id}/withdraw`, body);
        expect(answer.status).toBe(400);
        expect(answer.body.issues).toContainEqual(expect.objectContaining({ path, code }));
        expect(JSON.stringify(answer.body)).not.toContain("яяя");
      }
      expect((await rest("POST", `/leads/${id}/withdraw`, ["x"])).body.reason).toBe(
        "BODY_NOT_OBJECT",
      );
      expect((await rest("GET", `/leads/${id}`)).body.status).toBe("NEW");
    });

    it("deny over tRPC: a reason id as a string, an oversized comment, an unknown reason: 4xx naming the field, nothing changes", async () => {
      const id = await newLead();
      const typed = await failureOf(clerk.lead.deny({ id, reasonId: "1" as unknown as number }));
      expect(typed).toMatchObject({
        code: "BAD_REQUEST",
        issues: [{ path: "reasonId", code: "INVALID_TYPE" }],
      });
      const long = await failureOf(
        clerk.lead.deny({ id, reasonId: reasonIds.OTHER!, comment: "x".repeat(1001) }),
      );
      expect(long.issues).toContainEqual(
        expect.objectContaining({ path: "comment", code: "TOO_LONG" }),
      );
      expect((await failureOf(clerk.lead.deny({ id, reasonId: 999_999 }))).code).toBe("NOT_FOUND");
      expect((await shop.lead.get({ id })).status).toBe("NEW");
    });

    it("the denial-reason dictionary: only an admin changes it; a bad code is a 400 naming it", async () => {
      expect((await failureOf(clerk.denialReason.create({ code: "X_Y", title: "т" }))).code).toBe(
        "FORBIDDEN",
      );
      expect((await failureOf(shop.denialReason.create({ code: "X_Y", title: "т" }))).code).toBe(
        "FORBIDDEN",
      );
      const bad = await failureOf(chief.denialReason.create({ code: "1 bad", title: "Плохой" }));
      expect(bad).toMatchObject({
        code: "BAD_REQUEST",
        issues: [{ path: "code", code: "INVALID_FORMAT" }],
      });
    });
  });

  it("the OpenAPI document: PUT /leads/{id} documents every field of the seed's body, id included; the withdraw route and the statuses are there", () => {
    // The document's own types stop at $ref unions; the test walks it as plain JSON.
    const document = JSON.parse(JSON.stringify(openApiDocument()));
    const body = document.paths["/leads/{id}"].put.requestBody.content["application/json"].schema;
    const properties = body.$ref
      ? document.components.schemas[body.$ref.split("/").pop()].properties
      : body.properties;
    // The seed's 62 fields and LeadCore's documented extension (`consents`, 152-FZ).
    expect(Object.keys(properties)).toHaveLength(63);
    expect(properties).toHaveProperty("consents");
    expect(properties.id).toMatchObject({ type: "integer", format: "int64" });
    for (const field of ["clientId", "denialReasonId", "managerId"])
      expect(properties).toHaveProperty(field);
    expect(document.paths["/leads/{id}/withdraw"].post).toBeDefined();
    expect(document.paths["/leads/{id}/consents/withdraw"].post).toBeDefined();
    expect(document.components.schemas).toHaveProperty("Consent");
    expect(document.components.schemas.LeadStatus.enum).toEqual([
      "NEW",
      "CONVERTED",
      "DENIED",
      "WITHDRAWN",
    ]);
  });
});
