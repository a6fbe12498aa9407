// dataDestruction.list through createCaller with a real context: the destruction act is an
// admin's to read; operators, partners and services are refused.
import { createLead, depersonalizeLead } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, everyKindOfCaller } from "./support/callers.ts";
import { failureOf } from "./support/calls.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("the destruction act through the router on %s", (kind) => {
  let db: Database;
  let callers: Awaited<ReturnType<typeof everyKindOfCaller>>;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    callers = await everyKindOfCaller(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an admin lists the destruction records; everyone else gets FORBIDDEN", async () => {
    const id = await createLead(
      db.prisma,
      { kind: "service", apiKeyId: 1n, name: "tests" },
      { firstName: "Анна", mobilePhone: "+79161234567" },
    );
    await depersonalizeLead(db.prisma, BigInt(id), "REQUEST");
    const admin = await callerFor(db, { session: callers.chiefSession });
    expect(await admin.dataDestruction.list()).toEqual([
      { id: expect.any(Number), leadId: id, policy: "REQUEST", at: expect.any(String) },
    ]);
    for (const auth of [
      { session: callers.clerkSession },
      { key: callers.partnerKey },
      { key: callers.serviceKey },
    ]) {
      const api = await callerFor(db, auth);
      expect((await failureOf(api.dataDestruction.list())).code).toBe("FORBIDDEN");
    }
  });
});
