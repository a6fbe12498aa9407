// Partner webhooks through the domain and the job engine, on both databases, against a real
// receiver on 127.0.0.1: the outbox (a committed move has its delivery, a rolled-back one none),
// Standard Webhooks signatures verified with the reference library, retries with one webhook-id,
// a hanging receiver that does not hold up another partner, the SSRF guard, rotation, tenancy,
// automatic disabling and the delivery log.
import type { Database, JobWorkers } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  convertLead,
  createLead,
  createOperator,
  createPartnerWithKey,
  createWebhookEndpoint,
  DomainError,
  denyLead,
  getWebhookEndpoint,
  isBlockedAddress,
  listDenialReasons,
  listWebhookDeliveries,
  listWebhookEndpoints,
  resendWebhookDelivery,
  rotateWebhookSecret,
  signatureHeaders,
  startWebhookWorkers,
  testWebhookEndpoint,
  updateWebhookEndpoint,
  withdrawLead,
} from "../src/index.ts";
import { recordWebhookEvent } from "../src/webhook-delivery.ts";
import { guardedLookup } from "../src/webhook-target.ts";
import { ivanov } from "./people.ts";
import { type Receiver, startReceiver } from "./support/webhook-receiver.ts";

warnIfPostgresUntested();

const settings = {
  allowPrivateTargets: true, // the receiver listens on 127.0.0.1
  retryDelaysMs: [0, 100, 100],
  timeoutMs: 3_000,
  disableAfterMs: 5 * 24 * 3_600_000,
  concurrency: 4,
  pollingIntervalSeconds: 0.5,
};
const strict = { allowPrivateTargets: false };

async function refusalOf(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { kind: error.kind, reason: error.reason, issues: error.issues };
}

describe.each(testDatabaseKinds())("partner webhooks on %s", (kind) => {
  let db: Database;
  let workers: JobWorkers;
  let admin: Actor;
  let partner: Actor & { kind: "partner" };
  let other: Actor & { kind: "partner" };
  const receivers: Receiver[] = [];

  const receiver = async () => {
    const r = await startReceiver();
    receivers.push(r);
    return r;
  };
  const subscribe = (by: Actor & { kind: "partner" }, url: string, events: string[]) =>
    createWebhookEndpoint(
      db.prisma,
      admin,
      { partnerId: Number(by.partnerId), url, events: events as never },
      settings,
    );

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await createOperator(db.prisma, {
      login: "anna",
      password: "correct horse battery",
      role: "admin",
    });
    const anna = await db.prisma.operator.findUniqueOrThrow({ where: { login: "anna" } });
    admin = { kind: "operator", operatorId: anna.id, login: "anna", role: "admin" };
    const a = await createPartnerWithKey(db.prisma, "Магазин");
    const b = await createPartnerWithKey(db.prisma, "Другой магазин");
    partner = { kind: "partner", partnerId: a.partnerId, apiKeyId: 1n, name: "Магазин" };
    other = { kind: "partner", partnerId: b.partnerId, apiKeyId: 2n, name: "Другой магазин" };
    workers = await startWebhookWorkers(db, settings, (error) => {
      throw error;
    });
  });
  afterEach(async () => {
    // Each test subscribes afresh: what an earlier test left subscribed must not receive more.
    await db.prisma.webhookEndpoint.updateMany({ data: { enabled: false } });
    for (const r of receivers.splice(0)) await r.close();
  });
  afterAll(async () => {
    await workers?.stop();
    await db?.close();
  });

  it("a conversion delivers one lead.converted, signed per Standard Webhooks, with no personal data", async () => {
    const hook = await receiver();
    const { secret, endpoint } = await subscribe(partner, hook.url, ["lead.converted"]);
    const body = ivanov({ passport: { seria: "4511", no: "654321" } });
    const id = await createLead(db.prisma, partner, body);
    const result = await convertLead(db.prisma, partner, id, body, db.sql);

    const [delivery] = await hook.waitFor(1);
    if (!delivery) throw new Error("no delivery");
    const payload = new Webhook(secret).verify(delivery.body, {
      "webhook-id": String(delivery.headers["webhook-id"]),
      "webhook-timestamp": String(delivery.headers["webhook-timestamp"]),
      "webhook-signature": String(delivery.headers["webhook-signature"]),
    });
    expect(payload).toMatchObject({
      type: "lead.converted",
      data: {
        leadId: id,
        status: "CONVERTED",
        outcome: result.outcome,
        applicationId: result.applicationId,
      },
    });
    for (const personal of ["Иванов", "Иван", "654321", "4511", String(body.mobilePhone)]) {
      expect(delivery.body).not.toContain(personal);
    }
    // The lead.created it did not ask for was not sent.
    const log = () => listWebhookDeliveries(db.prisma, admin, endpoint.id, { limit: 10 });
    await expect
      .poll(async () => (await log()).map((d) => [d.eventType, d.status, d.attemptCount]))
      .toEqual([["lead.converted", "DELIVERED", 1]]);
    expect((await log())[0]?.attempts).toMatchObject([
      { number: 1, statusCode: 200, ok: true, error: null },
    ]);
  });

  it("the reference verifier refuses a delivery replayed more than 5 minutes later", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = JSON.stringify({
      type: "lead.denied",
      timestamp: new Date().toISOString(),
      data: {},
    });
    const message = { messageId: "msg_replayed", body, secrets: [secret] };
    const fresh = signatureHeaders(message, new Date());
    expect(() => new Webhook(secret).verify(body, fresh)).not.toThrow();
    const old = signatureHeaders(message, new Date(Date.now() - 6 * 60_000));
    expect(() => new Webhook(secret).verify(body, old)).toThrow(/too old/i);
  });

  it("a receiver that answers 500 twice and then 200 gets three attempts with one webhook-id", async () => {
    const hook = await receiver();
    hook.script([500, 500], 200);
    const { endpoint } = await subscribe(partner, hook.url, ["lead.withdrawn"]);
    const id = await createLead(db.prisma, partner, ivanov());
    await withdrawLead(db.prisma, partner, id, { reason: "передумал" });

    const attempts = await hook.waitFor(3);
    const ids = new Set(attempts.map((a) => a.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    await expect
      .poll(
        async () =>
          (await listWebhookDeliveries(db.prisma, admin, endpoint.id, { limit: 5 }))[0]?.status,
      )
      .toBe("DELIVERED");
    const [delivery] = await listWebhookDeliveries(db.prisma, admin, endpoint.id, { limit: 5 });
    expect(delivery?.attempts.map((a) => [a.number, a.statusCode, a.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    expect(hook.received).toHaveLength(3);
  });

  it("a delivery whose every attempt fails ends FAILED, and a resend sends it again with its webhook-id", async () => {
    const hook = await receiver();
    hook.script([], 503);
    const { endpoint } = await subscribe(partner, hook.url, ["lead.withdrawn"]);
    const id = await createLead(db.prisma, partner, ivanov());
    await withdrawLead(db.prisma, partner, id);
    await hook.waitFor(3);
    await expect
      .poll(
        async () =>
          (await listWebhookDeliveries(db.prisma, admin, endpoint.id, { limit: 5 }))[0]?.status,
      )
      .toBe("FAILED");
    expect((await getWebhookEndpoint(db.prisma, admin, endpoint.id)).failingSince).not.toBeNull();

    hook.script([], 200);
    const [failed] = await listWebhookDeliveries(db.prisma, admin, endpoint.id, { limit: 5 });
    if (!failed) throw new Error("no delivery");
    await resendWebhookDelivery(db.prisma, partner, endpoint.id, failed.id);
    const all = await hook.waitFor(4);
    expect(all[3]?.headers["webhook-id"]).toBe(failed.messageId);
    await expect
      .poll(
        async () =>
          (await listWebhookDeliveries(db.prisma, admin, endpoint.id, { limit: 5 }))[0]?.status,
      )
      .toBe("DELIVERED");
    expect((await getWebhookEndpoint(db.prisma, admin, endpoint.id)).failingSince).toBeNull();
    // Another partner can neither resend it nor read the log.
    expect(
      await refusalOf(resendWebhookDelivery(db.prisma, other, endpoint.id, failed.id)),
    ).toMatchObject({ reason: "WEBHOOK_NOT_FOUND" });
  });

  it("a rolled-back move writes no delivery and no job; a refused conversion none either", async () => {
    const hook = await receiver();
    const { endpoint } = await subscribe(partner, hook.url, ["lead.converted", "lead.denied"]);
    const id = await createLead(db.prisma, partner, ivanov());
    const jobs = async () =>
      Number(
        (await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job`)[0]?.n,
      );
    const before = await jobs();
    await expect(
      db.prisma.$transaction(async (tx) => {
        await recordWebhookEvent(tx, {
          type: "lead.converted",
          leadId: BigInt(id),
          partnerId: partner.partnerId,
        });
        throw new Error("the conversion failed after its outbox write");
      }),
    ).rejects.toThrow(/after its outbox write/);
    const incomplete = ivanov({ passport: undefined });
    const refused = await createLead(db.prisma, partner, incomplete);
    expect(
      await refusalOf(convertLead(db.prisma, partner, refused, incomplete, db.sql)),
    ).toMatchObject({
      reason: "LEAD_NOT_CONVERTIBLE",
    });
    expect(await jobs()).toBe(before);
    expect(await listWebhookDeliveries(db.prisma, admin, endpoint.id, { limit: 5 })).toEqual([]);
    expect(hook.received).toHaveLength(0);
  });

  it("a denial carries the reason's code; an operator's own lead tells no partner", async () => {
    const hook = await receiver();
    await subscribe(partner, hook.url, ["lead.denied"]);
    const [reason] = (await listDenialReasons(db.prisma)).filter((r) => r.code !== "STOP_LIST");
    if (!reason) throw new Error("no reason");
    const own = await createLead(db.prisma, admin, ivanov());
    await denyLead(db.prisma, admin, own, { reasonId: reason.id });
    const id = await createLead(db.prisma, partner, ivanov());
    await denyLead(db.prisma, admin, id, { reasonId: reason.id, comment: "слова оператора" });
    const [delivery] = await hook.waitFor(1);
    expect(JSON.parse(delivery?.body ?? "{}")).toMatchObject({
      type: "lead.denied",
      data: { leadId: id, status: "DENIED", denialReason: { id: reason.id, code: reason.code } },
    });
    expect(delivery?.body).not.toContain("слова оператора");
    expect(hook.received).toHaveLength(1);
  });

  it("a receiver that hangs does not hold up another partner's delivery", async () => {
    const slow = await receiver();
    slow.script(["hang"]);
    const fast = await receiver();
    await subscribe(partner, slow.url, ["lead.withdrawn"]);
    await subscribe(other, fast.url, ["lead.withdrawn"]);
    await withdrawLead(db.prisma, partner, await createLead(db.prisma, partner, ivanov()));
    await slow.waitFor(1);
    await withdrawLead(db.prisma, other, await createLead(db.prisma, other, ivanov()));
    await fast.waitFor(1);
    // The slow receiver's request is still open when the other partner's delivery arrived.
    expect(slow.received).toHaveLength(1);
    slow.release(200);
  });

  it("the SSRF guard refuses http, loopback, private, link-local and metadata targets", async () => {
    for (const url of [
      "http://partner.example/hooks",
      "https://127.0.0.1/hooks",
      "https://10.1.2.3/hooks",
      "https://192.168.0.10/hooks",
      "https://169.254.169.254/latest/meta-data",
      "https://[::1]/hooks",
      "https://[::ffff:127.0.0.1]/hooks",
      "https://[fd00:ec2::254]/hooks",
      "https://localhost/hooks",
    ]) {
      const refusal = await refusalOf(
        createWebhookEndpoint(
          db.prisma,
          admin,
          { partnerId: Number(partner.partnerId), url, events: ["lead.converted"] },
          strict,
        ),
      );
      expect(refusal, url).toMatchObject({
        reason: "INVALID_WEBHOOK",
        issues: [{ path: "url", code: "TARGET_NOT_ALLOWED" }],
      });
    }
    expect(isBlockedAddress("8.8.8.8")).toBe(false);
    expect(isBlockedAddress("2a00:1450:4010:c05::8a")).toBe(false);
    // After resolution: a name that resolves to a loopback address is refused at connect time.
    const resolved = await new Promise<string>((resolve) =>
      guardedLookup(strict)("localhost", {}, (error) => resolve(error?.name ?? "connected")),
    );
    expect(resolved).toBe("BlockedTargetError");
  });

  it("a rotation's overlap signs with both secrets; a partner sees and tests only its own endpoints", async () => {
    const hook = await receiver();
    const made = await subscribe(partner, hook.url, ["lead.withdrawn"]);
    const rotated = await rotateWebhookSecret(db.prisma, admin, made.endpoint.id, 24);
    expect(rotated.secret).not.toBe(made.secret);
    expect(rotated.endpoint.previousSecretExpiresAt).not.toBeNull();
    const test = await testWebhookEndpoint(db.prisma, partner, made.endpoint.id, settings);
    expect(test).toMatchObject({ ok: true, statusCode: 200 });
    const [request] = await hook.waitFor(1);
    const headers = {
      "webhook-id": String(request?.headers["webhook-id"]),
      "webhook-timestamp": String(request?.headers["webhook-timestamp"]),
      "webhook-signature": String(request?.headers["webhook-signature"]),
    };
    expect(new Webhook(made.secret).verify(request?.body ?? "", headers)).toMatchObject({
      type: "webhook.test",
    });
    expect(new Webhook(rotated.secret).verify(request?.body ?? "", headers)).toMatchObject({
      type: "webhook.test",
    });

    expect((await listWebhookEndpoints(db.prisma, other)).map((e) => e.id)).not.toContain(
      made.endpoint.id,
    );
    expect(await refusalOf(getWebhookEndpoint(db.prisma, other, made.endpoint.id))).toMatchObject({
      reason: "WEBHOOK_NOT_FOUND",
    });
    expect(
      await refusalOf(testWebhookEndpoint(db.prisma, other, made.endpoint.id, settings)),
    ).toMatchObject({ reason: "WEBHOOK_NOT_FOUND" });
    expect(
      await refusalOf(rotateWebhookSecret(db.prisma, partner, made.endpoint.id)),
    ).toMatchObject({ reason: "ADMIN_ONLY" });
    // Listings never show a whole secret.
    expect(JSON.stringify(await listWebhookEndpoints(db.prisma, admin))).not.toContain(
      rotated.secret,
    );
  });

  it("an endpoint that keeps failing past the limit is disabled, and nothing more is sent to it", async () => {
    const hook = await receiver();
    hook.script([], 500);
    const { endpoint } = await subscribe(partner, hook.url, ["lead.withdrawn"]);
    // Failing since long ago: the next failed attempt crosses the limit.
    await db.prisma.webhookEndpoint.update({
      where: { id: BigInt(endpoint.id) },
      data: { failingSince: new Date(Date.now() - 6 * 24 * 3_600_000) },
    });
    await withdrawLead(db.prisma, partner, await createLead(db.prisma, partner, ivanov()));
    await hook.waitFor(1);
    await expect
      .poll(async () => (await getWebhookEndpoint(db.prisma, admin, endpoint.id)).disabledReason)
      .toBe("FAILING");
    await withdrawLead(db.prisma, partner, await createLead(db.prisma, partner, ivanov()));
    const log = await listWebhookDeliveries(db.prisma, admin, endpoint.id, { limit: 5 });
    expect(log).toHaveLength(1); // the second withdrawal found no enabled endpoint to write for
    const enabled = await updateWebhookEndpoint(
      db.prisma,
      admin,
      endpoint.id,
      { enabled: true },
      settings,
    );
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });
});
