import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  authenticateSession,
  createOperator,
  DomainError,
  disableOperator,
  enableOperator,
  ensureFirstAdmin,
  hashPassword,
  listOperators,
  resetOperatorPassword,
  setOperatorRole,
  signIn,
  signOut,
  verifyPassword,
} from "../src/index.ts";

warnIfPostgresUntested();

describe("password hashes", () => {
  it("verify the right password only, and never contain it", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$15\$8\$3\$/);
    expect(hash).not.toContain("correct horse battery");
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
  });

  it("the same password hashes differently each time (random salt)", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("a malformed stored hash verifies nothing", async () => {
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", "scrypt$30$8$1$c2FsdA==$aGFzaA==")).toBe(false);
  });
});

describe.each(testDatabaseKinds())("operators and sessions on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("the first admin is created once, with a generated password that signs in", async () => {
    const first = await ensureFirstAdmin(db.prisma);
    expect(first).toMatchObject({ login: "admin", generated: true });
    expect(first!.password.length).toBeGreaterThanOrEqual(16);
    expect(await ensureFirstAdmin(db.prisma)).toBeNull();
    const session = await signIn(db.prisma, "admin", first!.password);
    expect(session?.operator).toMatchObject({ login: "admin", role: "admin" });
  });

  it("a created operator signs in (login case-insensitive) and the session cookie token stands for it", async () => {
    await createOperator(db.prisma, {
      login: "Petrova",
      password: "пароль-оператора",
      role: "operator",
    });
    const session = await signIn(db.prisma, "  PETROVA ", "пароль-оператора");
    expect(session).not.toBeNull();
    expect(session!.token).toMatch(/^lcs_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateSession(db.prisma, session!.token)).toMatchObject({
      kind: "operator",
      login: "petrova",
    });

    const stored = await db.prisma.operatorSession.findMany();
    expect(
      JSON.stringify(stored, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
    ).not.toContain(session!.token);
  });

  it("a wrong password or an unknown login gets no session", async () => {
    expect(await signIn(db.prisma, "petrova", "неверный-пароль")).toBeNull();
    expect(await signIn(db.prisma, "nobody", "пароль-оператора")).toBeNull();
  });

  it("signing out ends the session", async () => {
    const session = await signIn(db.prisma, "petrova", "пароль-оператора");
    await signOut(db.prisma, session!.token);
    expect(await authenticateSession(db.prisma, session!.token)).toBeNull();
  });

  it("an expired session stands for no one", async () => {
    const session = await signIn(db.prisma, "petrova", "пароль-оператора");
    await db.prisma.operatorSession.updateMany({
      where: { revokedAt: null },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await authenticateSession(db.prisma, session!.token)).toBeNull();
  });

  it("a disabled operator cannot sign in, and its open sessions stop working", async () => {
    await createOperator(db.prisma, {
      login: "sidorov",
      password: "пароль-сидорова",
      role: "operator",
    });
    const session = await signIn(db.prisma, "sidorov", "пароль-сидорова");
    await disableOperator(db.prisma, "sidorov");
    expect(await authenticateSession(db.prisma, session!.token)).toBeNull();
    expect(await signIn(db.prisma, "sidorov", "пароль-сидорова")).toBeNull();
  });

  it("refuses a duplicate login, a bad login and a short password", async () => {
    await expect(
      createOperator(db.prisma, { login: "PETROVA", password: "другой-пароль", role: "admin" }),
    ).rejects.toMatchObject({
      kind: "CONFLICT",
    });
    await expect(
      createOperator(db.prisma, {
        login: "не латиница",
        password: "достаточно-длинный",
        role: "operator",
      }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      createOperator(db.prisma, { login: "ivanov", password: "short", role: "operator" }),
    ).rejects.toMatchObject({
      kind: "INVALID",
      issues: [{ path: "password" }],
    });
  });

  it("a token that was never issued stands for no one", async () => {
    expect(await authenticateSession(db.prisma, `lcs_${"A".repeat(43)}`)).toBeNull();
    expect(await authenticateSession(db.prisma, "lck_not-a-session")).toBeNull();
  });
});

/** The rejection of a promise that must fail, as a DomainError. */
async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe.each(testDatabaseKinds())("managing operators on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
    await createOperator(db.prisma, {
      login: "boss",
      password: "пароль-начальника",
      role: "admin",
    });
    await createOperator(db.prisma, {
      login: "kuznetsova",
      password: "пароль-кузнецовой",
      role: "operator",
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("the list shows every operator by login with role, disabled or not, creation time and last sign-in, and no hash", async () => {
    const before = Date.now();
    await signIn(db.prisma, "kuznetsova", "пароль-кузнецовой");
    const list = await listOperators(db.prisma);
    expect(list.map((o) => o.login)).toEqual(["boss", "kuznetsova"]);
    const [boss, kuznetsova] = list;
    expect(boss).toMatchObject({ role: "admin", disabled: false, lastSignInAt: null });
    expect(kuznetsova).toMatchObject({ role: "operator", disabled: false });
    expect(kuznetsova!.lastSignInAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(kuznetsova!.createdAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(JSON.stringify(list, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toMatch(
      /scrypt|passwordHash/,
    );
  });

  it("resetting a password ends the operator's open sessions; the old password stops working, the new one signs in", async () => {
    const open = await signIn(db.prisma, "kuznetsova", "пароль-кузнецовой");
    expect(await authenticateSession(db.prisma, open!.token)).not.toBeNull();
    await resetOperatorPassword(db.prisma, "Kuznetsova", "новый-пароль-кузнецовой");
    expect(await authenticateSession(db.prisma, open!.token)).toBeNull();
    expect(await signIn(db.prisma, "kuznetsova", "пароль-кузнецовой")).toBeNull();
    expect(await signIn(db.prisma, "kuznetsova", "новый-пароль-кузнецовой")).not.toBeNull();
  });

  it("a new password is checked as at creation, and a refused one changes nothing", async () => {
    const session = await signIn(db.prisma, "kuznetsova", "новый-пароль-кузнецовой");
    const error = await refusal(resetOperatorPassword(db.prisma, "kuznetsova", "короткий"));
    expect(error).toMatchObject({ kind: "INVALID", issues: [{ path: "password" }] });
    expect(error.message).not.toContain("короткий");
    expect(
      (await refusal(resetOperatorPassword(db.prisma, "kuznetsova", "x".repeat(201)))).kind,
    ).toBe("INVALID");
    expect(await authenticateSession(db.prisma, session!.token)).not.toBeNull();
    expect(await signIn(db.prisma, "kuznetsova", "новый-пароль-кузнецовой")).not.toBeNull();
  });

  it("a role change reaches the operator's open session at its next request", async () => {
    const session = await signIn(db.prisma, "kuznetsova", "новый-пароль-кузнецовой");
    await setOperatorRole(db.prisma, "kuznetsova", "admin");
    expect(await authenticateSession(db.prisma, session!.token)).toMatchObject({
      login: "kuznetsova",
      role: "admin",
    });
    await setOperatorRole(db.prisma, "kuznetsova", "operator");
    expect(await authenticateSession(db.prisma, session!.token)).toMatchObject({
      login: "kuznetsova",
      role: "operator",
    });
    expect((await listOperators(db.prisma)).find((o) => o.login === "kuznetsova")?.role).toBe(
      "operator",
    );
  });

  it("the last active admin can be neither disabled nor demoted, by itself or anyone (CONFLICT), and nothing changes", async () => {
    const session = await signIn(db.prisma, "boss", "пароль-начальника");
    const disabling = await refusal(disableOperator(db.prisma, "boss"));
    expect(disabling.kind).toBe("CONFLICT");
    expect(disabling.message).toMatch(/last active administrator cannot be disabled/);
    const demoting = await refusal(setOperatorRole(db.prisma, "BOSS", "operator"));
    expect(demoting.kind).toBe("CONFLICT");
    expect(demoting.message).toMatch(/last active administrator cannot lose the admin role/);
    expect((await listOperators(db.prisma)).find((o) => o.login === "boss")).toMatchObject({
      role: "admin",
      disabled: false,
    });
    expect(await authenticateSession(db.prisma, session!.token)).toMatchObject({ role: "admin" });
  });

  it("with a second active admin, an admin may be demoted or disabled; a disabled admin does not count as one", async () => {
    await setOperatorRole(db.prisma, "kuznetsova", "admin");
    await setOperatorRole(db.prisma, "boss", "operator");
    await setOperatorRole(db.prisma, "boss", "admin");
    await disableOperator(db.prisma, "kuznetsova");
    // kuznetsova is still an admin, but disabled: boss is the last active one again.
    expect((await refusal(setOperatorRole(db.prisma, "boss", "operator"))).kind).toBe("CONFLICT");
    expect((await refusal(disableOperator(db.prisma, "boss"))).kind).toBe("CONFLICT");
    // Demoting a disabled admin leaves the active ones as they were: allowed.
    await setOperatorRole(db.prisma, "kuznetsova", "operator");
    await enableOperator(db.prisma, "kuznetsova");
  });

  it("disabling ends the open sessions and enabling does not revive them; the operator signs in again after enabling", async () => {
    const session = await signIn(db.prisma, "kuznetsova", "новый-пароль-кузнецовой");
    await disableOperator(db.prisma, "kuznetsova");
    expect((await listOperators(db.prisma)).find((o) => o.login === "kuznetsova")?.disabled).toBe(
      true,
    );
    expect(await signIn(db.prisma, "kuznetsova", "новый-пароль-кузнецовой")).toBeNull();
    expect((await refusal(disableOperator(db.prisma, "kuznetsova"))).kind).toBe("NOT_FOUND");

    await enableOperator(db.prisma, "kuznetsova");
    expect(await authenticateSession(db.prisma, session!.token)).toBeNull();
    const again = await signIn(db.prisma, "kuznetsova", "новый-пароль-кузнецовой");
    expect(await authenticateSession(db.prisma, again!.token)).toMatchObject({
      login: "kuznetsova",
    });
    expect((await refusal(enableOperator(db.prisma, "kuznetsova"))).kind).toBe("CONFLICT");
  });

  it("every change to an unknown login is NOT_FOUND", async () => {
    for (const change of [
      () => disableOperator(db.prisma, "nobody"),
      () => enableOperator(db.prisma, "nobody"),
      () => setOperatorRole(db.prisma, "nobody", "admin"),
      () => resetOperatorPassword(db.prisma, "nobody", "достаточно-длинный"),
    ]) {
      expect((await refusal(change())).kind).toBe("NOT_FOUND");
    }
  });

  it("two simultaneous creations of one login: one succeeds, the other is a CONFLICT (not a database error)", async () => {
    const results = await Promise.allSettled([
      createOperator(db.prisma, { login: "twin", password: "пароль-близнеца-1", role: "operator" }),
      createOperator(db.prisma, { login: "twin", password: "пароль-близнеца-2", role: "operator" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ kind: "CONFLICT" });
  });

  // Without the row lock both transactions count two active admins and both go through: none is left.
  it("two admins disabling (or demoting) each other at the same moment leave exactly one active admin", async () => {
    for (const change of ["disable", "demote"] as const) {
      const fresh = await createTestDatabase(kind);
      try {
        await createOperator(fresh.prisma, {
          login: "first",
          password: "пароль-первого-1",
          role: "admin",
        });
        await createOperator(fresh.prisma, {
          login: "second",
          password: "пароль-второго-1",
          role: "admin",
        });
        const act = (login: string) =>
          change === "disable"
            ? disableOperator(fresh.prisma, login)
            : setOperatorRole(fresh.prisma, login, "operator");
        const results = await Promise.allSettled([act("first"), act("second")]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect(
          (results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason,
        ).toMatchObject({ kind: "CONFLICT" });
        const active = (await listOperators(fresh.prisma)).filter(
          (o) => o.role === "admin" && !o.disabled,
        );
        expect(active).toHaveLength(1);
      } finally {
        await fresh.close();
      }
    }
  });
});
