// SIGKILL during the retention job (issue 18), against the real production server on PostgreSQL
// (`pnpm test:faults`): 1 500 leads are past their retention period when the server starts, so
// its first retention pass depersonalizes them one transaction at a time; the server is killed
// in the middle of that pass. Every lead is then either whole (no destruction record, its names,
// phone and passport in place) or fully depersonalized (its record, nothing personal left in the
// document, the search columns or the audit events) — never half-erased.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query } from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

if (!process.env.TEST_DATABASE_URL) {
  throw new Error(
    "The fault tests run on PostgreSQL: set TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test).",
  );
}

const LEADS = 1_500;
const ENV = { LEADCORE_RETENTION_DAYS: "90", LEADCORE_RATE_LIMIT: "off" };

type LeadState = { id: string; destroyed: boolean; personal: number; audited: number };

describe("SIGKILL in the middle of the retention job", () => {
  let database: ServerDatabase;
  let server: RunningServer | undefined;
  let url = "";

  /** Each lead's state: its destruction record, how many personal values it still holds. */
  const leadStates = () =>
    query<LeadState>(
      url,
      `SELECT l.id::text AS id,
              EXISTS (SELECT 1 FROM "DataDestruction" d WHERE d."leadId" = l.id) AS destroyed,
              (CASE WHEN l."lastName" IS NULL THEN 0 ELSE 1 END
             + CASE WHEN l."mobilePhone" IS NULL THEN 0 ELSE 1 END
             + CASE WHEN l."passportNumber" IS NULL THEN 0 ELSE 1 END
             + CASE WHEN l.data ? 'lastName' THEN 1 ELSE 0 END
             + CASE WHEN l.data ? 'passport' THEN 1 ELSE 0 END)::int AS personal,
              (SELECT count(*) FROM "LeadEvent" e
                WHERE e."leadId" = l.id AND e.changes::text LIKE '%Стираемов%')::int AS audited
         FROM "Lead" l ORDER BY l.id`,
    );
  const destroyedCount = async () =>
    Number((await query<{ n: string }>(url, `SELECT count(*) AS n FROM "DataDestruction"`))[0]?.n);

  beforeAll(async () => {
    database = await createServerDatabase("postgresql");
    url = database.env.DATABASE_URL!;
    await (await database.open()).close(); // migrates the new database
    // Leads created 200 days ago and untouched since: all past a 90-day period. Each holds its
    // own names, phone and passport, and a CREATED event with the (masked) values it was sent with.
    await query(
      url,
      `WITH made AS (
         INSERT INTO "Lead" (data, "lastName", "firstName", "keyLastName", "keyFirstName", "mobilePhone",
                             "passportSeries", "passportNumber", channel, amount, "createdAt", "updatedAt")
         SELECT jsonb_build_object('lastName', 'Стираемов' || i, 'firstName', 'Иван',
                                   'mobilePhone', '+7999' || lpad(i::text, 7, '0'),
                                   'passport', jsonb_build_object('seria', '4600', 'no', lpad(i::text, 6, '0')),
                                   'amount', 10000),
                'Стираемов' || i, 'Иван', 'стираемов' || i, 'иван', '+7999' || lpad(i::text, 7, '0'),
                '4600', lpad(i::text, 6, '0'), 'SITE', 10000,
                now() - interval '200 days', now() - interval '200 days'
           FROM generate_series(1, ${LEADS}) AS i
         RETURNING id, "lastName")
       INSERT INTO "LeadEvent" ("leadId", kind, "actorKind", "actorName", changes)
       SELECT id, 'CREATED', 'service', 'seed',
              jsonb_build_array(jsonb_build_object('path', 'lastName', 'old', null, 'new', "lastName"))
         FROM made`,
    );
  });

  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it("leaves every lead whole or fully depersonalized", async () => {
    server = await startServer({ env: { ...database.env, ...ENV } });
    // Kill once the pass is well under way: some leads are done, one is in flight, most are not.
    for (let tries = 0; tries < 3000 && (await destroyedCount()) < 50; tries++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await server.kill();
    server = undefined;

    const afterKill = await leadStates();
    expect(afterKill).toHaveLength(LEADS);
    const destroyed = afterKill.filter((lead) => lead.destroyed);
    // The kill came in the middle of the pass (else this run proves nothing).
    expect(destroyed.length).toBeGreaterThan(0);
    expect(destroyed.length).toBeLessThan(LEADS);
    const halfErased = afterKill.filter((lead) =>
      lead.destroyed
        ? lead.personal > 0 || lead.audited > 0
        : lead.personal !== 5 || lead.audited !== 1,
    );
    expect(halfErased).toEqual([]);
    console.info(
      `retention SIGKILL run: ${destroyed.length} of ${LEADS} leads depersonalized before the kill`,
    );
  });
});
