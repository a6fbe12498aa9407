// Partners are walled off from each other, through the real server: another partner's lead does
// not exist for them (404, exactly like a missing id) whether they read, edit, convert, preview
// or ask for its history, on REST and on tRPC; their lists never show it; their attempts change
// nothing. A revoked key stops working on the very next request, without a restart.

import { revokePartnerKeys } from "@leadcore/core";
import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  idOf,
  leadOf,
  makeKeys,
  openServerDatabase,
  person,
  trpc,
} from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("partners and keys through the server on %s", (kind) => {
  let database: ServerDatabase;
  let server: RunningServer | undefined;
  let keys: Awaited<ReturnType<typeof makeKeys>>;
  let owner: string;
  let stranger: string;
  let leadId: number;
  const lead = leadOf(person(7));

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    keys = await makeKeys(database.env, ["Владелец", "Чужой", "Отозванный"]);
    owner = keys.partner["Владелец"]!;
    stranger = keys.partner["Чужой"]!;
    server = await startServer({ env: { ...database.env, LEADCORE_RATE_LIMIT: "off" } });
    const created = await call(server.url, "POST", "/api/v1/leads", { key: owner, body: lead });
    expect(created.status).toBe(200);
    leadId = idOf(created);
    expect(
      (
        await call(server.url, "PUT", `/api/v1/leads/${leadId}`, {
          key: owner,
          body: { ...lead, amount: 77_000 },
        })
      ).status,
    ).toBe(200);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it("REST: another partner's lead answers 404 to read, edit, convert and history, exactly as a missing one does", async () => {
    const url = server!.url;
    const missing = 999_999_999;
    const attempts: Array<[string, string, unknown]> = [
      ["GET", "/api/v1/leads/{id}", undefined],
      ["GET", "/api/v1/leads/{id}/history", undefined],
      ["PUT", "/api/v1/leads/{id}", { ...lead, amount: 1 }],
      ["POST", "/api/v1/leads/{id}/convert", lead],
    ];
    // The owner can do each of these (history and read here; edit and convert are proven below by "nothing changed").
    expect((await call(url, "GET", `/api/v1/leads/${leadId}/history`, { key: owner })).status).toBe(
      200,
    );
    for (const [method, path, body] of attempts) {
      const foreign = await call(url, method, path.replace("{id}", String(leadId)), {
        key: stranger,
        body,
      });
      const absent = await call(url, method, path.replace("{id}", String(missing)), {
        key: stranger,
        body,
      });
      expect(foreign.status, `${method} ${path}`).toBe(404);
      expect(foreign.body).toEqual({
        code: "NOT_FOUND",
        reason: "LEAD_NOT_FOUND",
        message: expect.any(String),
        issues: [],
      });
      expect(
        foreign.body,
        `${method} ${path}: the answer must not tell "exists, not yours" from "missing"`,
      ).toEqual(absent.body);
    }
  });

  it("tRPC: the same, for get, update, convert, history and the match preview", async () => {
    const url = server!.url;
    const calls: Array<[string, unknown, "query" | "mutation"]> = [
      ["lead.get", { id: leadId }, "query"],
      ["lead.history", { id: leadId }, "query"],
      ["lead.matchPreview", { id: leadId }, "query"],
      ["lead.update", { ...lead, id: leadId, amount: 1 }, "mutation"],
      ["lead.convert", { ...lead, id: leadId }, "mutation"],
    ];
    for (const [procedure, input, type] of calls) {
      const answer = await trpc(url, stranger, procedure, input, type);
      expect(answer.status, procedure).toBe(404);
      expect(answer.body.error.data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
    }
  });

  it("lists and searches never show another partner's lead; clients are not visible to partners at all", async () => {
    const url = server!.url;
    expect(
      (await call(url, "GET", "/api/v1/leads?limit=100", { key: stranger })).body.items,
    ).toEqual([]);
    const search = await trpc(url, stranger, "lead.search", { search: String(lead.lastName) });
    expect(search.body.result.data.items).toEqual([]);
    expect(
      (await call(url, "GET", "/api/v1/leads", { key: owner })).body.items.map(
        (l: { id: number }) => l.id,
      ),
    ).toEqual([leadId]);
    expect((await trpc(url, stranger, "client.list", {})).status).toBe(404);
  });

  it("the stranger's attempts changed nothing: the lead is as its owner left it, not converted, with no event of theirs", async () => {
    const read = await call(server!.url, "GET", `/api/v1/leads/${leadId}`, { key: owner });
    expect(read.body).toMatchObject({
      id: leadId,
      status: "NEW",
      amount: 77_000,
      lastName: lead.lastName,
    });
    const history = await call(server!.url, "GET", `/api/v1/leads/${leadId}/history`, {
      key: owner,
    });
    expect(JSON.stringify(history.body)).not.toContain("Чужой");
  });

  it.runIf(kind === "postgresql")(
    "a revoked key stops working on the very next request, on REST and tRPC, without a restart",
    async () => {
      const key = keys.partner["Отозванный"]!;
      const url = server!.url;
      const created = await call(url, "POST", "/api/v1/leads", {
        key,
        body: lead,
        headers: { "Idempotency-Key": "before-revoke" },
      });
      expect(created.status).toBe(200);
      expect((await trpc(url, key, "lead.list", {})).status).toBe(200);

      // Revoked in the database by the CLI's own function while the server keeps running.
      const db = await openServerDatabase(database.env);
      try {
        expect(await revokePartnerKeys(db.prisma, "Отозванный")).toBe(1);
      } finally {
        await db.close();
      }

      const refused = [
        await call(url, "GET", "/api/v1/leads", { key }),
        await call(url, "GET", `/api/v1/leads/${created.body}`, { key }),
        // Not even a retry of a create the key made before.
        await call(url, "POST", "/api/v1/leads", {
          key,
          body: lead,
          headers: { "Idempotency-Key": "before-revoke" },
        }),
      ];
      for (const answer of refused) {
        expect(answer.status).toBe(401);
        expect(answer.body).toEqual({
          code: "UNAUTHORIZED",
          reason: "AUTHENTICATION_REQUIRED",
          message: expect.any(String),
          issues: [],
        });
      }
      const viaTrpc = await trpc(url, key, "lead.list", {});
      expect(viaTrpc.status).toBe(401);
      expect(viaTrpc.body.error.data.code).toBe("UNAUTHORIZED");
      // Other partners are untouched.
      expect((await call(url, "GET", "/api/v1/leads", { key: owner })).status).toBe(200);
    },
  );
});
