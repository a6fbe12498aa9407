// lead.comment through the router with real callers: an operator's note comes back in the
// staff's history; partner and service keys are refused; hostile input is a 400 with the field
// path and code, never an echo; there is no REST route for it (partners never see notes).
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerFor, everyKindOfCaller, restCall } from "./support/callers.ts";
import { failureOf, ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("notes on a lead through the router on %s", (kind) => {
  let db: Database;
  let clerkSession: string;
  let serviceKey: string;
  let partnerKey: string;
  let leadId: number;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ({ clerkSession, serviceKey, partnerKey } = await everyKindOfCaller(db));
    leadId = await (await callerFor(db, { key: partnerKey })).lead.create(ivanovLead);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an operator's note is answered with the history that ends with it", async () => {
    const api = await callerFor(db, { session: clerkSession });
    const history = await api.lead.comment({ id: leadId, text: "Перезвонить завтра" });
    expect(history.at(-1)).toMatchObject({
      kind: "COMMENTED",
      actor: { kind: "operator", name: "clerk" },
      comment: "Перезвонить завтра",
    });
    const partner = await callerFor(db, { key: partnerKey });
    expect((await partner.lead.history({ id: leadId })).map((e) => e.kind)).toEqual(["CREATED"]);
  });

  it("partner and service keys may not write notes", async () => {
    for (const key of [partnerKey, serviceKey]) {
      const api = await callerFor(db, { key });
      const refused = await failureOf(api.lead.comment({ id: leadId, text: "Заметка" }));
      expect(refused.code).toBe("FORBIDDEN");
    }
  });

  it("hostile input is a 400 with the path and code, never echoed; REST has no such route", async () => {
    const api = await callerFor(db, { session: clerkSession });
    const send = (input: unknown) => api.lead.comment(input as never);
    for (const [input, path, code] of [
      [{ id: leadId, text: "я".repeat(1001) }, "text", "TOO_LONG"],
      [{ id: leadId }, "text", "REQUIRED"],
      [{ id: 0, text: "x" }, "id", "OUT_OF_RANGE"],
      [{ id: leadId, text: 5 }, "text", "INVALID_TYPE"],
      [{ id: leadId, text: "x", passport: "4506 123456" }, "passport", "UNKNOWN_FIELD"],
    ] as const) {
      const failure = await failureOf(send(input));
      expect(failure.code).toBe("BAD_REQUEST");
      expect(failure.issues).toEqual([expect.objectContaining({ path, code })]);
      expect(JSON.stringify(failure)).not.toContain("4506 123456");
    }
    const rest = await restCall(
      db,
      "POST",
      `/leads/${leadId}/comment`,
      { text: "x" },
      { key: partnerKey },
    );
    expect(rest.status).toBe(404);
  });
});
