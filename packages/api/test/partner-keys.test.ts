// partner.keys / create / issueKey / createServiceKey / revokeKey through the router with real
// callers: only an admin manages partners and keys; a key is in an answer once, when made, and
// never in a listing; a revoked key is refused at its next call; a key's last use is recorded;
// hostile input is a 400 with the field path and code.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { LIMITS } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, everyKindOfCaller, restCall } from "./support/callers.ts";
import { failureOf } from "./support/calls.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("partners and API keys through the router on %s", (kind) => {
  let db: Database;
  let chiefSession: string;
  let clerkSession: string;
  let serviceKey: string;
  let partnerKey: string;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ({ chiefSession, clerkSession, serviceKey, partnerKey } = await everyKindOfCaller(db));
  });
  afterAll(async () => {
    await db?.close();
  });

  const leadsWith = async (key: string) =>
    (await restCall(db, "GET", "/leads", undefined, { key })).status;

  it("an admin creates a partner whose key works at once, and the listing shows its prefix and last use, never the key", async () => {
    const admin = await callerFor(db, { session: chiefSession });
    const { partnerId, key } = await admin.partner.create({ name: "  Ромашка  " });
    expect(key).toMatch(/^lck_/);
    const before = await admin.partner.keys({});
    const partner = before.partners.find((p) => p.id === partnerId);
    expect(partner).toMatchObject({
      name: "Ромашка",
      keys: [{ prefix: key.slice(0, 12), lastUsedAt: null, revokedAt: null }],
    });
    expect(JSON.stringify(before)).not.toContain(key);

    expect(await leadsWith(key)).toBe(200);
    const after = await admin.partner.keys({});
    const used = after.partners.find((p) => p.id === partnerId)?.keys[0];
    expect(used?.lastUsedAt).not.toBeNull();
    // Within the minute a second call writes nothing new.
    expect(await leadsWith(key)).toBe(200);
    const again = (await admin.partner.keys({})).partners.find((p) => p.id === partnerId)?.keys[0];
    expect(again?.lastUsedAt).toBe(used?.lastUsedAt);
  });

  it("a further key for a partner works beside the first; revoking one refuses only it, at once", async () => {
    const admin = await callerFor(db, { session: chiefSession });
    const { partnerId, key: first } = await admin.partner.create({ name: "Лютик" });
    const { key: second } = await admin.partner.issueKey({ partnerId });
    expect(second).not.toBe(first);
    const keys =
      (await admin.partner.keys({})).partners.find((p) => p.id === partnerId)?.keys ?? [];
    expect(keys).toHaveLength(2);
    const firstKey = keys.find((k) => k.prefix === first.slice(0, 12));
    await admin.partner.revokeKey({ keyId: firstKey!.id });
    expect(await leadsWith(first)).toBe(401);
    expect(await leadsWith(second)).toBe(200);
    // Revoking again changes nothing.
    await admin.partner.revokeKey({ keyId: firstKey!.id });
    const listed = (await admin.partner.keys({})).partners.find((p) => p.id === partnerId)?.keys;
    expect(listed?.find((k) => k.id === firstKey!.id)?.revokedAt).not.toBeNull();
  });

  it("an admin makes a service key, listed among the service keys", async () => {
    const admin = await callerFor(db, { session: chiefSession });
    const { key } = await admin.partner.createServiceKey({ name: "Скоринг" });
    expect(await leadsWith(key)).toBe(200);
    const { serviceKeys } = await admin.partner.keys({});
    expect(serviceKeys.map((k) => k.name)).toContain("Скоринг");
  });

  it("an operator, a service key and a partner key may not see or make keys", async () => {
    for (const auth of [{ session: clerkSession }, { key: serviceKey }, { key: partnerKey }]) {
      const api = await callerFor(db, auth);
      expect((await failureOf(api.partner.keys({}))).code).toBe("FORBIDDEN");
      expect((await failureOf(api.partner.create({ name: "Чужой" }))).code).toBe("FORBIDDEN");
      expect((await failureOf(api.partner.revokeKey({ keyId: 1 }))).code).toBe("FORBIDDEN");
    }
  });

  it("hostile input is a 400 with the path and code; an unknown partner or key is a 404", async () => {
    const admin = await callerFor(db, { session: chiefSession });
    const tooLong = await failureOf(admin.partner.create({ name: "я".repeat(LIMITS.title + 1) }));
    expect(tooLong).toMatchObject({ code: "BAD_REQUEST" });
    expect(tooLong.issues).toEqual([expect.objectContaining({ path: "name", code: "TOO_LONG" })]);
    const blank = await failureOf(admin.partner.create({ name: "   " }));
    expect(blank.issues).toEqual([expect.objectContaining({ path: "name", code: "REQUIRED" })]);
    const extra = await failureOf(admin.partner.create({ name: "Х", role: "SERVICE" } as never));
    expect(extra.issues).toEqual([
      expect.objectContaining({ path: "role", code: "UNKNOWN_FIELD" }),
    ]);
    const zero = await failureOf(admin.partner.revokeKey({ keyId: 0 }));
    expect(zero.issues).toEqual([expect.objectContaining({ path: "keyId", code: "OUT_OF_RANGE" })]);
    expect((await failureOf(admin.partner.revokeKey({ keyId: 999_999 }))).code).toBe("NOT_FOUND");
    expect((await failureOf(admin.partner.issueKey({ partnerId: 999_999 }))).code).toBe(
      "NOT_FOUND",
    );
    const taken = await failureOf(admin.partner.create({ name: "Ромашка" }));
    expect(taken.code).toBe("CONFLICT");
  });
});
