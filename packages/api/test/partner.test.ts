// partner.list through createCaller with a real context: a signed-in admin reads the partners (id
// and name, by name) for the pages that pick one; an operator, a service key and a partner key are
// refused, and the REST document has no such path.

import { createOperator, createPartnerWithKey, createServiceKey, signIn } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appRouter,
  createCallerFactory,
  createContextFromRequest,
  openApiDocument,
  SESSION_COOKIE,
} from "../src/index.ts";
import { failureOf } from "./support/calls.ts";

warnIfPostgresUntested();

const createCaller = createCallerFactory(appRouter);

describe.each(testDatabaseKinds())("partner.list through the router on %s", (kind) => {
  let db: Database;
  let partnerKey: string;

  const callerWith = async (auth: { key?: string; session?: string }) => {
    const headers: Record<string, string> = {};
    if (auth.key) headers.authorization = `Bearer ${auth.key}`;
    if (auth.session) headers.cookie = `${SESSION_COOKIE}=${auth.session}`;
    return createCaller(
      await createContextFromRequest(new Request("http://localhost/api/trpc", { headers }), db),
    );
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await createOperator(db.prisma, {
      login: "chief",
      password: "пароль-начальника-1",
      role: "admin",
    });
    await createOperator(db.prisma, {
      login: "clerk",
      password: "пароль-оператора-1",
      role: "operator",
    });
    partnerKey = (await createPartnerWithKey(db.prisma, "Электроника")).key;
    await createPartnerWithKey(db.prisma, "Автосалон");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an admin reads every partner, id and name, by name", async () => {
    const session = (await signIn(db.prisma, "chief", "пароль-начальника-1"))!.token;
    const partners = await (await callerWith({ session })).partner.list({});
    expect(partners.map((partner) => partner.name)).toEqual(["Автосалон", "Электроника"]);
    for (const partner of partners) {
      expect(Object.keys(partner).sort()).toEqual(["id", "name"]);
      expect(partner.id).toBeGreaterThan(0);
    }
  });

  it("an operator, a service key and a partner key are refused (ADMIN_ONLY)", async () => {
    const clerk = (await signIn(db.prisma, "clerk", "пароль-оператора-1"))!.token;
    const serviceKey = (await createServiceKey(db.prisma, "scoring")).key;
    for (const auth of [{ session: clerk }, { key: serviceKey }, { key: partnerKey }]) {
      const failure = await failureOf((await callerWith(auth)).partner.list({}));
      expect(failure.code).toBe("FORBIDDEN");
    }
    expect((await failureOf((await callerWith({})).partner.list({}))).code).toBe("UNAUTHORIZED");
  });

  it("is tRPC only: the REST document has no partners path", () => {
    expect(
      Object.keys(openApiDocument().paths ?? {}).filter((path) => /partner/i.test(path)),
    ).toEqual([]);
  });
});
