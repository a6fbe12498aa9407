// Personal and card data, end to end through the real server: the CVC is stored nowhere, the
// card number only masked, and a full create/update/convert cycle leaves none of the sent
// personal values in the server's log.

import { createPartnerWithKey } from "@leadcore/core";
import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

warnIfPostgresUntested();

const CVC = "7391";
const person = {
  lastName: "Зюзюкина",
  firstName: "Евлампия",
  patronymic: "Порфирьевна",
  birthDate: "1979-03-14",
  mobilePhone: "+79169876543",
  email: "zyuzyukina.e@example.ru",
  snils: "112-233-445 95",
  inn: "123456789047",
  passport: { seria: "4509", no: "987654", subdivisionCode: "772-053" },
  cardNumber: "4276 3800 1234 5679",
  cardCvc: CVC,
  amount: 30000,
};
const SECRETS = [
  "Зюзюкина",
  "Евлампия",
  "Порфирьевна",
  "1979-03-14",
  "9876543",
  "zyuzyukina",
  "112-233-445 95",
  "11223344595",
  "123456789047",
  "987654",
  "4276 3800 1234 5679",
  "4276380012345679",
];

describe.each(testDatabaseKinds())("personal and card data through the server on %s", (kind) => {
  let database: ServerDatabase;
  let server: RunningServer | undefined;
  let key: string;
  let leadId: number;
  let logs = "";

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    const db = await database.open();
    key = (await createPartnerWithKey(db.prisma, "Защита данных")).key;
    await db.close();
    server = await startServer({ env: database.env });

    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server!.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    };
    const created = await call("POST", "/leads", person);
    expect(created.status).toBe(200);
    leadId = created.body as number;
    expect((await call("PUT", `/leads/${leadId}`, { ...person, amount: 45000 })).status).toBe(200);
    expect((await call("POST", "/leads", { ...person, snils: 11223344595 })).status).toBe(400);
    const read = await call("GET", `/leads/${leadId}`);
    expect(read.body.cardNumber).toBe("427638******5679");
    expect(read.body).not.toHaveProperty("cardCvc");
    expect(
      (await call("POST", `/leads/${leadId}/convert`, { ...person, amount: 45000 })).status,
    ).toBe(200);
    expect((await call("GET", `/leads/${leadId}/history`)).status).toBe(200);
    const bad = await call("POST", "/leads", { ...person, passport: { seria: "45", no: "98" } });
    await call("POST", `/leads/${bad.body}/convert`, {
      ...person,
      passport: { seria: "45", no: "98" },
    });

    await server.stop();
    logs = server.logs();
    server = undefined;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it("the server logged the calls", () => {
    expect(logs).toContain('"procedure":"lead.create"');
    expect(logs).toContain('"procedure":"lead.convert"');
  });

  it("no personal value and no card data appear in the server's log", () => {
    for (const secret of [...SECRETS, CVC]) expect(logs, secret).not.toContain(secret);
  });

  it("the CVC is stored in no table, and the full card number nowhere", async () => {
    const db = await database.open();
    try {
      const tables = await db.prisma.$queryRaw<{ name: string }[]>`
        SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
      expect(tables.map((t) => t.name)).toEqual(
        expect.arrayContaining(["Lead", "LeadEvent", "Client", "Application"]),
      );
      for (const { name } of tables) {
        const rows = await db.prisma.$queryRawUnsafe<{ row: string }[]>(
          `SELECT t::text AS row FROM "${name}" t`,
        );
        // SHA-256 digests (key and request hashes) are hex noise that may contain any 4 digits.
        const text = rows.map((r) => r.row.replace(/[0-9a-f]{64}/g, "")).join("\n");
        expect(text, name).not.toContain(CVC);
        expect(text, name).not.toContain("4276380012345679");
        expect(text, name).not.toContain("cardCvc");
      }
    } finally {
      await db.close();
    }
  });
});
