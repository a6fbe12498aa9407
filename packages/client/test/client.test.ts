// An internal service's view: the typed client over HTTP against the started production server
// (apps/web's test harness, by path, as global-setup.ts says).

import { createServiceKey } from "@leadcore/core";
import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createServerDatabase,
  type ServerDatabase,
} from "../../../apps/web/test/server-databases.ts";
import { type RunningServer, startServer } from "../../../apps/web/test/server-harness.ts";
import {
  createLeadCoreClient,
  issuesOf,
  type RouterInputs,
  reasonOf,
  TRPCClientError,
} from "../src/index.ts";

warnIfPostgresUntested();

const lead: RouterInputs["lead"]["create"] = {
  lastName: "Сервисов",
  firstName: "Олег",
  patronymic: "Петрович",
  mobilePhone: "+79161230000",
  passport: { seria: "4511", no: "654321" },
  amount: 25000,
  period: 6,
  periodUnit: "MONTHS",
  channel: "PRESCORE",
};

describe.each(testDatabaseKinds())("the typed client against the server on %s", (kind) => {
  let database: ServerDatabase;
  let server: RunningServer;
  let token: string;

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    const db = await database.open();
    token = (await createServiceKey(db.prisma, "scoring")).key;
    await db.close();
    server = await startServer({ env: database.env });
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it("creates, converts and reads a lead with full types, and a second lead of the same person joins the client", async () => {
    const client = createLeadCoreClient({ url: server.url, token });
    const first = await client.lead.create.mutate(lead);
    const clientId = await client.lead.convert.mutate({ ...lead, id: first });
    const second = await client.lead.create.mutate({
      ...lead,
      lastName: "  СЕРВИСОВ ",
      mobilePhone: "+79161230001",
    });
    expect(
      await client.lead.convert.mutate({
        ...lead,
        lastName: "  СЕРВИСОВ ",
        mobilePhone: "+79161230001",
        id: second,
      }),
    ).toBe(clientId);

    const stored = await client.lead.get.query({ id: second });
    expect(stored.conversion).toMatchObject({ clientId, outcome: "MATCHED_EXISTING_CLIENT" });
    const person = await client.client.get.query({ id: clientId });
    expect(person.applications.map((a) => a.leadId)).toEqual([first, second]);
    const found = await client.lead.search.query({ search: "654321" });
    expect(found.items.map((l) => l.id).sort()).toEqual([first, second].sort());
  });

  it("reports a refused call with its code and field issues, and no stack trace", async () => {
    const client = createLeadCoreClient({ url: server.url, token });
    const failure = await client.lead.create
      .mutate({ ...lead, ufmsCheck: "false" as never })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TRPCClientError);
    const error = failure as TRPCClientError<never>;
    expect(error.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
    expect(issuesOf(error)).toEqual([
      {
        path: "ufmsCheck",
        code: "INVALID_TYPE",
        params: { expected: "boolean" },
        message: expect.any(String),
      },
    ]);
    expect(reasonOf(error)).toBe("INVALID_INPUT");
    expect(JSON.stringify(error.shape)).not.toMatch(/stack|\.ts:\d+/);
  });

  it("a wrong token is UNAUTHORIZED", async () => {
    const client = createLeadCoreClient({ url: server.url, token: "lck_wrong" });
    await expect(client.lead.list.query({})).rejects.toMatchObject({
      data: { code: "UNAUTHORIZED", httpStatus: 401 },
    });
  });
});
