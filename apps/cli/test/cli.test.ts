// The CLI as an operator runs it: a separate process, on the embedded database and on PostgreSQL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { authenticate } from "@leadcore/core";
import { openDatabase } from "@leadcore/db";
import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, lastLine, type Target, target } from "./support/cli.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("the command line on %s", (kind) => {
  let t: Target;
  beforeAll(async () => {
    t = await target(kind);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("partner create prints a working key as the last line, and partner revoke stops it", async () => {
    const created = await cli(t.env, "partner", "create", "--name", "Магазин Электроника");
    expect(created.code).toBe(0);
    const key = lastLine(created.stdout);
    expect(key).toMatch(/^lck_[A-Za-z0-9_-]{43}$/);

    let db = await t.open();
    expect(await authenticate(db.prisma, key)).toMatchObject({
      kind: "partner",
      name: "Магазин Электроника",
    });
    const stored = await db.prisma.apiKey.findFirstOrThrow({
      where: { name: "Магазин Электроника" },
    });
    expect(
      JSON.stringify(stored, (_k, v) => (typeof v === "bigint" ? String(v) : v)),
    ).not.toContain(key);
    await db.close();

    const revoked = await cli(t.env, "partner", "revoke", "--name", "Магазин Электроника");
    expect(revoked).toMatchObject({ code: 0 });
    expect(revoked.stdout).toContain("Revoked 1 key(s)");
    db = await t.open();
    expect(await authenticate(db.prisma, key)).toBeNull();
    await db.close();
  });

  it("service-key create prints a service key as the last line", async () => {
    const created = await cli(t.env, "service-key", "create", "--name", "scoring");
    expect(created.code).toBe(0);
    const db = await t.open();
    expect(await authenticate(db.prisma, lastLine(created.stdout))).toMatchObject({
      kind: "service",
      name: "scoring",
    });
    await db.close();
  });

  it("a second partner with the same name, an unknown partner and a bad command fail with a message", async () => {
    await cli(t.env, "partner", "create", "--name", "Дубль");
    const duplicate = await cli(t.env, "partner", "create", "--name", "Дубль");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain("already exists");
    const unknown = await cli(t.env, "partner", "revoke", "--name", "Никто");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("not found");
    const usage = await cli(t.env, "partner", "delete", "--name", "X");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("usage:");
  });
});

describe("the command line next to a running embedded server", () => {
  it("refuses with a clear message while another process holds the embedded database", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "leadcore-cli-busy-"));
    const server = await openDatabase({ url: "", dataDir }); // stands in for the server process
    try {
      const result = await cli(
        { DATABASE_URL: "", LEADCORE_DATA_DIR: dataDir },
        "partner",
        "create",
        "--name",
        "X",
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("in use by another LeadCore process");
      expect(result.stdout).toBe("");
      expect(await server.prisma.partner.count()).toBe(0);
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
