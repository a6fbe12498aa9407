// Webhook endpoints on both surfaces, against a real database: admins manage them over tRPC,
// partners read, test and resend their own over REST. Hostile input gets a 4xx with the field
// path and code on both; another partner's endpoint is a 404; secrets are answered once. (The
// server's settings are the defaults here: https only, no private targets.)
import { createPartnerWithKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { WebhookDelivery, WebhookEndpoint } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RestError } from "../src/index.ts";
import { type Api, callerFor, operatorSession, restCall } from "./support/callers.ts";
import { failureOf } from "./support/calls.ts";

warnIfPostgresUntested();

// A name that never resolves (RFC 6761): a test message to it fails without leaving the machine.
const UNRESOLVABLE = "https://hooks.partner.invalid/leadcore";

describe.each(testDatabaseKinds())("webhook endpoints over tRPC and REST on %s", (kind) => {
  let db: Database;
  let shop: { partnerId: bigint; key: string };
  let otherShop: { partnerId: bigint; key: string };
  let chief: Api;
  let clerk: Api;
  let endpoint: WebhookEndpoint;
  let secret: string;

  const rest = async (method: string, path: string, body?: unknown, key = shop.key) => {
    const answer = await restCall(db, method, path, body, { key });
    return { status: answer.status, text: JSON.stringify(answer.body) };
  };
  const json = <T>(answer: { text: string }) => JSON.parse(answer.text) as T;
  const session = async (login: string, role: "operator" | "admin") =>
    callerFor(db, { session: await operatorSession(db, login, role) });

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    shop = await createPartnerWithKey(db.prisma, "Магазин");
    otherShop = await createPartnerWithKey(db.prisma, "Чужой магазин");
    chief = await session("chief", "admin");
    clerk = await session("clerk", "operator");
    const made = await chief.webhook.create({
      partnerId: Number(shop.partnerId),
      url: UNRESOLVABLE,
      events: ["lead.converted", "lead.denied", "lead.converted"],
      description: " Основной ",
    });
    endpoint = made.endpoint;
    secret = made.secret;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an admin makes an endpoint: the secret is answered once, whsec_, and never listed", async () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({
      partnerName: "Магазин",
      url: UNRESOLVABLE,
      events: ["lead.converted", "lead.denied"],
      description: "Основной",
      enabled: true,
      secretPrefix: secret.slice(0, 12),
    });
    const listed = await chief.webhook.list({});
    expect(JSON.stringify(listed)).not.toContain(secret);
    const over = await rest("GET", "/webhooks");
    expect(over.status).toBe(200);
    expect(over.text).not.toContain(secret);
    expect(json<WebhookEndpoint[]>(over).map((e) => e.id)).toEqual([endpoint.id]);
  });

  it("hostile endpoint input is a 400 naming the field and its code", async () => {
    const base = { partnerId: Number(shop.partnerId), events: ["lead.converted" as const] };
    const cases: [unknown, string, string][] = [
      [{ ...base, url: "javascript:alert(1)" }, "url", "TARGET_NOT_ALLOWED"],
      [{ ...base, url: "not a url" }, "url", "INVALID_FORMAT"],
      [{ ...base, url: "http://partner.example/hooks" }, "url", "TARGET_NOT_ALLOWED"],
      [{ ...base, url: "https://127.0.0.1:3000/api/v1/leads" }, "url", "TARGET_NOT_ALLOWED"],
      [{ ...base, url: "https://169.254.169.254/latest" }, "url", "TARGET_NOT_ALLOWED"],
      [{ ...base, url: "https://[::1]/" }, "url", "TARGET_NOT_ALLOWED"],
      [{ ...base, url: "https://user:pw@partner.example/" }, "url", "INVALID_FORMAT"],
      [{ ...base, url: `https://partner.example/${"a".repeat(2100)}` }, "url", "TOO_LONG"],
      [{ ...base, url: UNRESOLVABLE, events: ["lead.exploded"] }, "events.0", "INVALID_ENUM"],
      [{ ...base, url: UNRESOLVABLE, events: [] }, "events", "TOO_FEW"],
      [{ ...base, url: UNRESOLVABLE, secret: "whsec_mine" }, "secret", "UNKNOWN_FIELD"],
      [{ ...base, url: UNRESOLVABLE, partnerId: -1 }, "partnerId", "OUT_OF_RANGE"],
    ];
    for (const [input, path, code] of cases) {
      const failure = await failureOf(chief.webhook.create(input as never));
      expect(failure.code, JSON.stringify(input).slice(0, 80)).toBe("BAD_REQUEST");
      expect(failure.issues, path).toEqual(
        expect.arrayContaining([expect.objectContaining({ path, code })]),
      );
      // The refusal never repeats what was sent.
      expect(failure.message).not.toContain("169.254");
    }
    expect(await db.prisma.webhookEndpoint.count()).toBe(1);
  });

  it("only admins manage endpoints: an operator and a partner key are refused", async () => {
    expect((await failureOf(clerk.webhook.list({}))).code).toBe("FORBIDDEN");
    const partner = await callerFor(db, { key: shop.key });
    expect((await failureOf(partner.webhook.rotate({ id: endpoint.id }))).code).toBe("FORBIDDEN");
    expect(
      (await failureOf(partner.webhook.update({ id: endpoint.id, enabled: false }))).code,
    ).toBe("FORBIDDEN");
    // And there is no REST route to make one.
    const made = await rest("POST", "/webhooks", { url: UNRESOLVABLE, events: ["lead.denied"] });
    expect(made.status).toBeGreaterThanOrEqual(400);
    expect(made.status).toBeLessThan(500);
  });

  it("another partner's endpoint is a 404 on every REST route, a bad id a 400", async () => {
    for (const [method, path] of [
      ["GET", `/webhooks/${endpoint.id}`],
      ["GET", `/webhooks/${endpoint.id}/deliveries`],
      ["POST", `/webhooks/${endpoint.id}/test`],
      ["POST", `/webhooks/${endpoint.id}/deliveries/1/resend`],
    ] as const) {
      const answer = await rest(method, path, method === "POST" ? {} : undefined, otherShop.key);
      expect(answer.status, path).toBe(404);
      expect(json<RestError>(answer)).toMatchObject({ reason: "WEBHOOK_NOT_FOUND" });
    }
    expect(
      json<WebhookEndpoint[]>(await rest("GET", "/webhooks", undefined, otherShop.key)),
    ).toEqual([]);
    const bad = await rest("GET", "/webhooks/abc");
    expect(bad.status).toBe(400);
    const page = await rest("GET", `/webhooks/${endpoint.id}/deliveries?limit=100000`);
    expect(page.status).toBe(400);
    expect(json<RestError>(page).issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: "limit", code: "OUT_OF_RANGE" })]),
    );
  });

  it("a partner tests its endpoint: the answer and the log say what happened; a resend goes again", async () => {
    const tested = await rest("POST", `/webhooks/${endpoint.id}/test`, {});
    expect(tested.status).toBe(200);
    const result = json<{ ok: boolean; error: string; statusCode: null; deliveryId: number }>(
      tested,
    );
    expect(result).toMatchObject({ ok: false, statusCode: null, error: "host not found" });

    const log = json<WebhookDelivery[]>(await rest("GET", `/webhooks/${endpoint.id}/deliveries`));
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      id: result.deliveryId,
      eventType: "webhook.test",
      leadId: null,
      status: "FAILED",
      attempts: [{ number: 1, ok: false, error: "host not found", statusCode: null }],
    });
    expect(log[0]?.messageId).toMatch(/^msg_[0-9a-f]{32}$/);
    const resent = await rest(
      "POST",
      `/webhooks/${endpoint.id}/deliveries/${result.deliveryId}/resend`,
      {},
    );
    expect(resent.status).toBe(200);
    // Now pending (the job engine is not running in this test): a second resend is a 409.
    const again = await rest(
      "POST",
      `/webhooks/${endpoint.id}/deliveries/${result.deliveryId}/resend`,
      {},
    );
    expect(again.status).toBe(409);
    expect(json<RestError>(again)).toMatchObject({ reason: "WEBHOOK_DELIVERY_PENDING" });
    // A delivery of another endpoint is not found through this one.
    const missing = await rest("POST", `/webhooks/${endpoint.id}/deliveries/999999/resend`, {});
    expect(missing.status).toBe(404);
    expect(json<RestError>(missing)).toMatchObject({ reason: "WEBHOOK_DELIVERY_NOT_FOUND" });
  });

  it("rotation answers a new secret once and keeps the old one signing for the overlap; disabling stops tests", async () => {
    const rotated = await chief.webhook.rotate({ id: endpoint.id, overlapHours: 2 });
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.endpoint.secretPrefix).toBe(rotated.secret.slice(0, 12));
    const overlapEnds = Date.parse(rotated.endpoint.previousSecretExpiresAt ?? "");
    expect(overlapEnds - Date.now()).toBeGreaterThan(1.9 * 3_600_000);
    expect(
      (await failureOf(chief.webhook.rotate({ id: endpoint.id, overlapHours: 1000 }))).code,
    ).toBe("BAD_REQUEST");
    const disabled = await chief.webhook.update({ id: endpoint.id, enabled: false });
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "ADMIN" });
    const test = await rest("POST", `/webhooks/${endpoint.id}/test`, {});
    expect(test.status).toBe(409);
    expect(json<RestError>(test)).toMatchObject({ reason: "WEBHOOK_DISABLED" });
    expect(await chief.webhook.update({ id: endpoint.id, enabled: true })).toMatchObject({
      enabled: true,
      disabledReason: null,
    });
  });
});

describe("the OpenAPI document's webhooks", () => {
  it("describes every message type with the Standard Webhooks headers and the payload schema", async () => {
    const { openApiDocument } = await import("../src/index.ts");
    const document = openApiDocument() as { webhooks?: Record<string, { post: unknown }> };
    expect(Object.keys(document.webhooks ?? {})).toEqual([
      "lead.created",
      "lead.converted",
      "lead.denied",
      "lead.withdrawn",
      "lead.reopened",
      "webhook.test",
    ]);
    expect(document.webhooks?.["lead.converted"]?.post).toMatchObject({
      parameters: [
        { name: "webhook-id", in: "header" },
        { name: "webhook-timestamp", in: "header" },
        { name: "webhook-signature", in: "header" },
      ],
      requestBody: {
        content: {
          "application/json": { schema: { $ref: "#/components/schemas/WebhookPayload" } },
        },
      },
    });
  });
});
