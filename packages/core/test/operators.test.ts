import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@leadcore/db";
import { createTestDatabase, testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import {
  authenticateSession,
  createOperator,
  disableOperator,
  DomainError,
  ensureFirstAdmin,
  hashPassword,
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
    await createOperator(db.prisma, { login: "Petrova", password: "пароль-оператора", role: "operator" });
    const session = await signIn(db.prisma, "  PETROVA ", "пароль-оператора");
    expect(session).not.toBeNull();
    expect(session!.token).toMatch(/^lcs_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateSession(db.prisma, session!.token)).toMatchObject({ kind: "operator", login: "petrova" });

    const stored = await db.prisma.operatorSession.findMany();
    expect(JSON.stringify(stored, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(session!.token);
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
    await db.prisma.operatorSession.updateMany({ where: { revokedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await authenticateSession(db.prisma, session!.token)).toBeNull();
  });

  it("a disabled operator cannot sign in, and its open sessions stop working", async () => {
    await createOperator(db.prisma, { login: "sidorov", password: "пароль-сидорова", role: "operator" });
    const session = await signIn(db.prisma, "sidorov", "пароль-сидорова");
    await disableOperator(db.prisma, "sidorov");
    expect(await authenticateSession(db.prisma, session!.token)).toBeNull();
    expect(await signIn(db.prisma, "sidorov", "пароль-сидорова")).toBeNull();
  });

  it("refuses a duplicate login, a bad login and a short password", async () => {
    await expect(createOperator(db.prisma, { login: "PETROVA", password: "другой-пароль", role: "admin" })).rejects.toMatchObject({
      kind: "CONFLICT",
    });
    await expect(createOperator(db.prisma, { login: "не латиница", password: "достаточно-длинный", role: "operator" })).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(createOperator(db.prisma, { login: "ivanov", password: "short", role: "operator" })).rejects.toMatchObject({
      kind: "INVALID",
      issues: [{ path: "password" }],
    });
  });

  it("a token that was never issued stands for no one", async () => {
    expect(await authenticateSession(db.prisma, "lcs_" + "A".repeat(43))).toBeNull();
    expect(await authenticateSession(db.prisma, "lck_not-a-session")).toBeNull();
  });
});
