// The admins' dashboard, through the domain, on both databases: every day of the period is there,
// leads are counted per day by channel and by partner, the period's outcomes and top denial
// reasons add up, and the queues are counted now; only an admin may read it.
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, convertLead, createLead, dashboard, denyLead } from "../src/index.ts";
import { ivanov, partnerActor, service } from "./people.ts";

warnIfPostgresUntested();

const admin: Actor = { kind: "operator", operatorId: 1n, login: "anna", role: "admin" };
const olga: Actor = { kind: "operator", operatorId: 2n, login: "olga", role: "operator" };

describe.each(testDatabaseKinds())("the dashboard on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    const shop = await partnerActor(db.prisma, "Магазин", 1n);
    const site = await partnerActor(db.prisma, "Сайт", 2n);
    const converted = ivanov({ channel: "ECOMM" });
    const id = await createLead(db.prisma, shop, converted);
    await convertLead(db.prisma, shop, id, converted);
    const denied = await createLead(db.prisma, shop, ivanov({ channel: "ECOMM" }));
    const reason = await db.prisma.denialReason.findUniqueOrThrow({
      where: { code: "REPEAT_APPLICATION" },
    });
    await denyLead(db.prisma, olga, denied, { reasonId: Number(reason.id) });
    await createLead(db.prisma, site, ivanov({ channel: "SITE" }));
    await createLead(db.prisma, service, ivanov({ channel: undefined }));
    // A lead from last year is outside every period.
    const old = await createLead(db.prisma, site, ivanov({ channel: "SITE" }));
    await db.prisma.lead.update({
      where: { id: BigInt(old) },
      data: { createdAt: new Date(Date.now() - 400 * 86_400_000) },
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("counts the period's leads by day, channel and partner; outcomes, reasons and queues add up", async () => {
    const d = await dashboard(db.prisma, admin, 7);
    expect(d.dates).toHaveLength(7);
    expect(d.dates.at(-1)).toBe(new Date().toISOString().slice(0, 10));
    const totals = (series: { counts: number[] }[]) =>
      series.map((s) => s.counts.reduce((a, b) => a + b, 0));
    expect(
      Object.fromEntries(d.byChannel.map((s, i) => [s.channel, totals(d.byChannel)[i]])),
    ).toEqual({ ECOMM: 2, SITE: 1, null: 1 });
    expect(d.byPartner.map((s) => [s.name, s.counts.at(-1)])).toEqual([
      ["Магазин", 2],
      ["Сайт", 1],
      [null, 1],
    ]);
    expect(d.outcomes).toEqual({ NEW: 2, CONVERTED: 1, DENIED: 1, WITHDRAWN: 0 });
    expect(d.topDenialReasons).toEqual([
      { code: "REPEAT_APPLICATION", title: "Повторная заявка", count: 1 },
    ]);
    expect(d.queues).toEqual({ newLeads: 3, unassigned: 3, openSuspicions: 0 });
  });

  it("only an admin reads it", async () => {
    await expect(dashboard(db.prisma, olga, 30)).rejects.toMatchObject({ kind: "FORBIDDEN" });
    await expect(dashboard(db.prisma, service, 30)).rejects.toMatchObject({ kind: "FORBIDDEN" });
  });
});
