// operator.* through createCaller with a real context (a real database, real session cookies and
// API keys): only a signed-in admin may manage operators; everyone else is refused before anything
// changes, and passwords never come back out.

import { listOperators, signIn } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Api,
  type Auth,
  CHIEF_PASSWORD,
  CLERK_PASSWORD,
  callerFor,
  everyKindOfCaller,
} from "./support/callers.ts";
import { failureOf } from "./support/calls.ts";

warnIfPostgresUntested();

/** One call of every operator.* procedure, each with an input that an admin could send. */
const everyProcedure = (api: Api) => [
  () => api.operator.list(),
  () => api.operator.create({ login: "intruder", password: "пароль-захватчика", role: "admin" }),
  () => api.operator.disable({ login: "chief" }),
  () => api.operator.enable({ login: "chief" }),
  () => api.operator.resetPassword({ login: "chief", password: "чужой-новый-пароль" }),
  () => api.operator.setRole({ login: "clerk", role: "admin" }),
];

describe.each(testDatabaseKinds())("operator management through the router on %s", (kind) => {
  let db: Database;
  let chiefSession: string;
  let clerkSession: string;
  let serviceKey: string;
  let partnerKey: string;

  const callerWith = (auth: Auth) => callerFor(db, auth);

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    ({ chiefSession, clerkSession, serviceKey, partnerKey } = await everyKindOfCaller(db));
  });
  afterAll(async () => {
    await db?.close();
  });

  /** What a refused call must not have changed: the same operators, roles, states and passwords. */
  async function expectNothingChanged() {
    const operators = await listOperators(db.prisma);
    expect(operators.map(({ login, role, disabled }) => ({ login, role, disabled }))).toEqual([
      { login: "chief", role: "admin", disabled: false },
      { login: "clerk", role: "operator", disabled: false },
    ]);
    expect(await signIn(db.prisma, "chief", CHIEF_PASSWORD)).not.toBeNull();
  }

  it("an operator's session, a partner key and a service key get FORBIDDEN from every operator.* procedure, and nothing changes", async () => {
    for (const auth of [{ session: clerkSession }, { key: partnerKey }, { key: serviceKey }]) {
      const api = await callerWith(auth);
      for (const call of everyProcedure(api)) {
        expect((await failureOf(call())).code).toBe("FORBIDDEN");
      }
    }
    await expectNothingChanged();
  });

  it("without a session or key, or with a session that was never issued, every operator.* procedure is UNAUTHORIZED", async () => {
    for (const auth of [{}, { session: `lcs_${"A".repeat(43)}` }, { key: "lck_not-a-real-key" }]) {
      const api = await callerWith(auth);
      for (const call of everyProcedure(api)) {
        expect((await failureOf(call())).code).toBe("UNAUTHORIZED");
      }
    }
    await expectNothingChanged();
  });

  it("an admin lists, creates, re-roles, resets the password of, disables and enables an operator", async () => {
    const api = await callerWith({ session: chiefSession });
    expect(
      await api.operator.create({
        login: "Novikova",
        password: "пароль-новиковой",
        role: "operator",
      }),
    ).toEqual({
      login: "novikova",
      role: "operator",
    });
    const listed = await api.operator.list();
    expect(listed.map((o) => o.login)).toEqual(["chief", "clerk", "novikova"]);
    expect(listed.find((o) => o.login === "chief")).toMatchObject({
      id: expect.any(Number),
      role: "admin",
      disabled: false,
      lastSignInAt: expect.any(String),
    });
    expect(listed.find((o) => o.login === "novikova")).toMatchObject({
      role: "operator",
      disabled: false,
      lastSignInAt: null,
    });

    expect(await api.operator.setRole({ login: "novikova", role: "admin" })).toEqual({ ok: true });
    expect((await api.operator.list()).find((o) => o.login === "novikova")?.role).toBe("admin");

    await api.operator.resetPassword({ login: "novikova", password: "другой-пароль-новиковой" });
    expect(await signIn(db.prisma, "novikova", "пароль-новиковой")).toBeNull();
    expect(await signIn(db.prisma, "novikova", "другой-пароль-новиковой")).not.toBeNull();

    await api.operator.disable({ login: "novikova" });
    expect((await api.operator.list()).find((o) => o.login === "novikova")?.disabled).toBe(true);
    expect(await signIn(db.prisma, "novikova", "другой-пароль-новиковой")).toBeNull();
    await api.operator.enable({ login: "novikova" });
    expect(await signIn(db.prisma, "novikova", "другой-пароль-новиковой")).not.toBeNull();
  });

  it("an admin who loses the role is refused from the very next request", async () => {
    const session = (await signIn(db.prisma, "novikova", "другой-пароль-новиковой"))!.token;
    expect(await (await callerWith({ session })).operator.list()).toHaveLength(3);
    await (await callerWith({ session: chiefSession })).operator.setRole({
      login: "novikova",
      role: "operator",
    });
    expect((await failureOf((await callerWith({ session })).operator.list())).code).toBe(
      "FORBIDDEN",
    );
  });

  it("the last active admin cannot demote or disable itself: CONFLICT with the reason", async () => {
    const api = await callerWith({ session: chiefSession });
    const demoting = await failureOf(api.operator.setRole({ login: "chief", role: "operator" }));
    expect(demoting).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/last active administrator/),
    });
    const disabling = await failureOf(api.operator.disable({ login: "chief" }));
    expect(disabling).toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/last active administrator/),
    });
    expect(await api.operator.list()).toContainEqual(
      expect.objectContaining({ login: "chief", role: "admin", disabled: false }),
    );
  });

  it("refused passwords and logins are BAD_REQUEST naming the field, and no password appears in an answer", async () => {
    const api = await callerWith({ session: chiefSession });
    const short = "короткий";
    const long = "Д".repeat(201);
    const refusals = [
      await failureOf(api.operator.create({ login: "petrov", password: short, role: "operator" })),
      await failureOf(api.operator.resetPassword({ login: "clerk", password: short })),
      await failureOf(api.operator.create({ login: "petrov", password: long, role: "operator" })),
      await failureOf(api.operator.resetPassword({ login: "clerk", password: long })),
    ];
    for (const refusal of refusals) {
      expect(refusal.code).toBe("BAD_REQUEST");
      expect(refusal.issues.map((issue) => issue.path)).toEqual(["password"]);
      const said = JSON.stringify({
        message: refusal.message,
        issues: refusal.issues,
        cause: String(refusal.error.cause),
      });
      expect(said).not.toContain(short);
      expect(said).not.toContain("ДДДДДДДДДД");
    }
    const tooLongLogin = await failureOf(api.operator.disable({ login: "x".repeat(65) }));
    expect(tooLongLogin).toMatchObject({ code: "BAD_REQUEST", issues: [{ path: "login" }] });
    expect(await signIn(db.prisma, "clerk", CLERK_PASSWORD)).not.toBeNull();

    const listed = JSON.stringify(await api.operator.list());
    expect(listed).not.toMatch(/scrypt|password/i);
    expect(listed).not.toContain(CLERK_PASSWORD);
  });

  it("an unknown login is NOT_FOUND, an existing one is a CONFLICT on create", async () => {
    const api = await callerWith({ session: chiefSession });
    expect((await failureOf(api.operator.disable({ login: "nobody" }))).code).toBe("NOT_FOUND");
    expect((await failureOf(api.operator.setRole({ login: "nobody", role: "admin" }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (
        await failureOf(
          api.operator.create({ login: "CLERK", password: "любой-пароль-1", role: "admin" }),
        )
      ).code,
    ).toBe("CONFLICT");
  });
});
