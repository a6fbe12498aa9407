// Operators' notes on a lead, through the domain, on both databases: recorded with author and time
// in the staff's history, in any state of the lead, never in a partner's history and never a
// webhook; only operators write them; an empty or overlong note and an unknown lead are refused.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Actor,
  commentLead,
  convertLead,
  createLead,
  createWebhookEndpoint,
  getLead,
  leadHistory,
} from "../src/index.ts";
import { ivanov, partnerActor, service } from "./people.ts";

warnIfPostgresUntested();

const olga: Actor = { kind: "operator", operatorId: 1n, login: "olga", role: "operator" };

describe.each(testDatabaseKinds())("notes on a lead on %s", (kind) => {
  let db: Database;
  let partner: Actor & { kind: "partner" };
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    partner = (await partnerActor(db.prisma, "Магазин", 1n)) as Actor & { kind: "partner" };
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a note is in the staff's history with its author, changes nothing of the lead, and a partner never sees it", async () => {
    const id = await createLead(db.prisma, partner, ivanov());
    const before = await getLead(db.prisma, olga, id);
    await commentLead(db.prisma, olga, id, "  Не дозвонились, перезвонить после 18:00  ");
    const history = await leadHistory(db.prisma, olga, id);
    expect(history.at(-1)).toMatchObject({
      kind: "COMMENTED",
      actor: { kind: "operator", name: "olga" },
      comment: "Не дозвонились, перезвонить после 18:00",
      changes: [],
    });
    expect((await getLead(db.prisma, olga, id)).updatedAt).toBe(before.updatedAt);
    const theirs = await leadHistory(db.prisma, partner, id);
    expect(theirs.map((event) => event.kind)).toEqual(["CREATED"]);
    expect(JSON.stringify(theirs)).not.toContain("перезвонить");
  });

  it("a converted lead still takes notes, and no webhook is written for one", async () => {
    // The partner subscribes to every event: its conversion is delivered, the note is not.
    await createWebhookEndpoint(
      db.prisma,
      { kind: "operator", operatorId: 2n, login: "admin", role: "admin" },
      {
        partnerId: Number(partner.partnerId),
        url: "http://127.0.0.1:9/hooks",
        events: ["lead.converted", "lead.denied", "lead.withdrawn", "lead.reopened"],
      },
      { allowPrivateTargets: true },
    );
    const body = ivanov();
    const id = await createLead(db.prisma, partner, body);
    await convertLead(db.prisma, partner, id, body);
    const deliveries = await db.prisma.webhookDelivery.count();
    expect(deliveries).toBeGreaterThan(0);
    await commentLead(db.prisma, olga, id, "Клиент просил не звонить утром");
    expect((await leadHistory(db.prisma, olga, id)).at(-1)?.kind).toBe("COMMENTED");
    expect(await db.prisma.webhookDelivery.count()).toBe(deliveries);
  });

  it("refuses a note from a partner or a service key, an empty or overlong one, and one on an unknown lead", async () => {
    const id = await createLead(db.prisma, partner, ivanov());
    await expect(commentLead(db.prisma, partner, id, "Заметка")).rejects.toMatchObject({
      kind: "FORBIDDEN",
    });
    await expect(commentLead(db.prisma, service, id, "Заметка")).rejects.toMatchObject({
      kind: "FORBIDDEN",
    });
    await expect(commentLead(db.prisma, olga, id, "   ")).rejects.toMatchObject({
      kind: "INVALID",
      issues: [expect.objectContaining({ path: "text", code: "REQUIRED" })],
    });
    await expect(commentLead(db.prisma, olga, id, "я".repeat(1001))).rejects.toMatchObject({
      issues: [expect.objectContaining({ path: "text", code: "TOO_LONG" })],
    });
    await expect(commentLead(db.prisma, olga, 999_999, "Заметка")).rejects.toMatchObject({
      kind: "NOT_FOUND",
    });
    expect((await leadHistory(db.prisma, olga, id)).map((e) => e.kind)).toEqual(["CREATED"]);
  });
});
