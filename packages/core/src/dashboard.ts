// The admins' dashboard: how intake went over the last days, computed by the database (a GROUP BY
// per chart over the createdAt index, never leads loaded into the server or the browser): leads
// per day by channel and by partner, the outcomes of those leads (converted, denied, withdrawn,
// still open), the top denial reasons, and the size of the queues now.
import { Prisma, type PrismaClient } from "@leadcore/db";
import type { Actor } from "./actor.ts";
import { requireOperator } from "./lead-lifecycle.ts";

export const DASHBOARD_PERIODS = [7, 30, 90] as const;
export type DashboardPeriod = (typeof DASHBOARD_PERIODS)[number];

// The partners a chart draws one by one; the others are summed into one "other partners" series.
const PARTNER_SERIES = 6;

export type Dashboard = {
  days: DashboardPeriod;
  /** UTC calendar dates, oldest first, every day of the period (a day without leads is there). */
  dates: string[];
  byChannel: { channel: string | null; counts: number[] }[];
  /** partnerId null: leads made by staff and services; `other`: the partners past the first six. */
  byPartner: { partnerId: number | null; name: string | null; other: boolean; counts: number[] }[];
  /** Leads created in the period, by their status now. */
  outcomes: { NEW: number; CONVERTED: number; DENIED: number; WITHDRAWN: number };
  topDenialReasons: { code: string; title: string; count: number }[];
  queues: { newLeads: number; unassigned: number; openSuspicions: number };
};

type DayRow = { day: string; key: string | null; n: number };

export async function dashboard(
  prisma: PrismaClient,
  actor: Actor,
  days: DashboardPeriod,
): Promise<Dashboard> {
  requireOperator(actor, true);
  const today = new Date();
  const first = new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1)),
  );
  const dates = Array.from({ length: days }, (_, i) =>
    new Date(first.getTime() + i * 86_400_000).toISOString().slice(0, 10),
  );
  const perDay = (column: Prisma.Sql) => prisma.$queryRaw<DayRow[]>`
    SELECT to_char(("createdAt" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
           ${column} AS key, count(*)::int AS n
      FROM "Lead" WHERE "createdAt" >= ${first}
     GROUP BY 1, 2`;
  const [channels, partners, statuses, reasons, queues] = await Promise.all([
    perDay(Prisma.sql`channel::text`),
    perDay(Prisma.sql`"partnerId"::text`),
    prisma.$queryRaw<{ status: keyof Dashboard["outcomes"]; n: number }[]>`
      SELECT status::text AS status, count(*)::int AS n FROM "Lead"
       WHERE "createdAt" >= ${first} GROUP BY 1`,
    prisma.$queryRaw<{ code: string; title: string; n: number }[]>`
      SELECT r.code, r.title, count(*)::int AS n
        FROM "Lead" l JOIN "DenialReason" r ON r.id = l."denialReasonId"
       WHERE l.status = 'DENIED' AND l."createdAt" >= ${first}
       GROUP BY r.code, r.title ORDER BY n DESC, r.code LIMIT 5`,
    prisma.$queryRaw<Dashboard["queues"][]>`
      SELECT (SELECT count(*)::int FROM "Lead" WHERE status = 'NEW') AS "newLeads",
             (SELECT count(*)::int FROM "Lead" WHERE status = 'NEW' AND "managerId" IS NULL) AS unassigned,
             (SELECT count(*)::int FROM "DuplicatePair" WHERE status = 'OPEN') AS "openSuspicions"`,
  ]);

  const series = (rows: DayRow[]) => {
    const byKey = new Map<string | null, number[]>();
    for (const row of rows) {
      const counts = byKey.get(row.key) ?? dates.map(() => 0);
      const index = dates.indexOf(row.day);
      if (index >= 0) counts[index] = (counts[index] ?? 0) + row.n;
      byKey.set(row.key, counts);
    }
    const total = (counts: number[]) => counts.reduce((a, b) => a + b, 0);
    // The largest first; ties by key, "none" (null) last, so the order is the same every time.
    const keyOrder = (key: string | null) => key ?? "\uffff";
    return [...byKey.entries()].sort(
      (a, b) => total(b[1]) - total(a[1]) || keyOrder(a[0]).localeCompare(keyOrder(b[0])),
    );
  };

  const partnerSeries = series(partners);
  const named = partnerSeries.slice(0, PARTNER_SERIES);
  const rest = partnerSeries.slice(PARTNER_SERIES);
  const partnerNames = new Map(
    (
      await prisma.partner.findMany({
        where: { id: { in: named.flatMap(([key]) => (key === null ? [] : [BigInt(key)])) } },
        select: { id: true, name: true },
      })
    ).map((partner) => [String(partner.id), partner.name]),
  );
  const byPartner: Dashboard["byPartner"] = named.map(([key, counts]) => ({
    partnerId: key === null ? null : Number(key),
    name: key === null ? null : (partnerNames.get(key) ?? null),
    other: false,
    counts,
  }));
  if (rest.length > 0)
    byPartner.push({
      partnerId: null,
      name: null,
      other: true,
      counts: dates.map((_, i) => rest.reduce((sum, [, counts]) => sum + (counts[i] ?? 0), 0)),
    });

  const outcomes = { NEW: 0, CONVERTED: 0, DENIED: 0, WITHDRAWN: 0 };
  for (const row of statuses) outcomes[row.status] = row.n;
  return {
    days,
    dates,
    byChannel: series(channels).map(([channel, counts]) => ({ channel, counts })),
    byPartner,
    outcomes,
    topDenialReasons: reasons.map((r) => ({ code: r.code, title: r.title, count: r.n })),
    queues: queues[0] ?? { newLeads: 0, unassigned: 0, openSuspicions: 0 },
  };
}
