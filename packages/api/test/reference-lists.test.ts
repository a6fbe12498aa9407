// The lender's reference lists over tRPC against a real database: admins add, rename and archive
// entries; operators read them; partners and plain operators are refused writes; hostile input is
// a 4xx naming the field. A lead keeps an id no list has: the contract does not check ids.

import { createPartnerWithKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reasonOf } from "../src/errors.ts";
import { type Api, callerFor, operatorSession, restCall } from "./support/callers.ts";
import { failureOf, ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("reference lists on %s", (kind) => {
  let db: Database;
  let shopKey: string;
  let shop: Api;
  let clerk: Api;
  let chief: Api;

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    shopKey = (await createPartnerWithKey(db.prisma, "Магазин")).key;
    shop = await callerFor(db, { key: shopKey });
    clerk = await callerFor(db, { session: await operatorSession(db, "clerk", "operator") });
    chief = await callerFor(db, { session: await operatorSession(db, "chief", "admin") });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an admin adds, renames and archives an entry; an operator reads the list", async () => {
    const added = await chief.referenceList.create({
      list: "creditProduct",
      id: 12,
      name: "  Заём   до зарплаты ",
    });
    expect(added).toMatchObject({ list: "creditProduct", id: 12, name: "Заём до зарплаты" });
    await chief.referenceList.update({ list: "creditProduct", id: 12, name: "Заём на 30 дней" });
    await chief.referenceList.update({ list: "creditProduct", id: 12, archived: true });
    await chief.referenceList.create({ list: "shop", id: 12, name: "Магазин на Ленина" });
    const products = await clerk.referenceList.list({ list: "creditProduct" });
    expect(products).toEqual([
      expect.objectContaining({ id: 12, name: "Заём на 30 дней", archived: true }),
    ]);
    expect((await clerk.referenceList.list({})).map((entry) => entry.list)).toEqual([
      "creditProduct",
      "shop",
    ]);
  });

  it("the same id twice in one list is 409 REFERENCE_ENTRY_EXISTS; an unknown entry is 404", async () => {
    await chief.referenceList.create({ list: "subdivision", id: 8, name: "Офис на Мира" });
    const taken = await failureOf(
      chief.referenceList.create({ list: "subdivision", id: 8, name: "Другой" }),
    );
    expect([taken.code, reasonOf(taken.error)]).toEqual(["CONFLICT", "REFERENCE_ENTRY_EXISTS"]);
    const missing = await failureOf(
      chief.referenceList.update({ list: "subdivision", id: 9, name: "Нет" }),
    );
    expect([missing.code, reasonOf(missing.error)]).toEqual([
      "NOT_FOUND",
      "REFERENCE_ENTRY_NOT_FOUND",
    ]);
  });

  it("only an admin writes: a plain operator and a partner get 403, a partner cannot read either", async () => {
    const entry = { list: "shop" as const, id: 1, name: "Точка" };
    expect((await failureOf(clerk.referenceList.create(entry))).code).toBe("FORBIDDEN");
    expect((await failureOf(shop.referenceList.create(entry))).code).toBe("FORBIDDEN");
    expect((await failureOf(clerk.referenceList.update({ ...entry, archived: true }))).code).toBe(
      "FORBIDDEN",
    );
    expect((await failureOf(shop.referenceList.list({}))).code).toBe("FORBIDDEN");
  });

  it("hostile input is a 4xx naming the field, never a 500", async () => {
    const cases: [unknown, string][] = [
      [{ list: "passport", id: 1, name: "x" }, "list"],
      [{ list: "shop", id: -1, name: "x" }, "id"],
      [{ list: "shop", id: 1.5, name: "x" }, "id"],
      [{ list: "shop", id: 2 ** 60, name: "x" }, "id"],
      [{ list: "shop", id: "1", name: "x" }, "id"],
      [{ list: "shop", id: 1, name: "" }, "name"],
      [{ list: "shop", id: 1, name: "я".repeat(10_000) }, "name"],
      [{ list: "shop", id: 1, name: "x", archived: true }, "archived"],
    ];
    for (const [input, path] of cases) {
      const failure = await failureOf(chief.referenceList.create(input as never));
      expect(failure.code, JSON.stringify(path)).toBe("BAD_REQUEST");
      expect(failure.issues?.map((issue: { path: string }) => issue.path)).toContain(path);
    }
    const blank = await failureOf(chief.referenceList.create({ list: "shop", id: 3, name: "   " }));
    expect(blank).toMatchObject({
      code: "BAD_REQUEST",
      issues: [{ path: "name", code: "REQUIRED" }],
    });
    expect(reasonOf(blank.error)).toBe("INVALID_REFERENCE_ENTRY");
  });

  it("a lead keeps an id that is in no list: partners send their own", async () => {
    const created = await restCall(
      db,
      "POST",
      "/leads",
      { ...ivanovLead, mobilePhone: "+79160000999", creditProductId: 57, shopId: 4 },
      { key: shopKey },
    );
    expect(created.status).toBe(200);
    const read = await restCall(db, "GET", `/leads/${created.body}`, undefined, { key: shopKey });
    expect(read.body).toMatchObject({ creditProductId: 57, shopId: 4 });
  });
});
