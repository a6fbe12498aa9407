// `operator create` as an administrator runs it: the password comes on stdin, never as an argument.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signIn } from "@leadcore/core";
import { openDatabase } from "@leadcore/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const main = join(import.meta.dirname, "..", "src", "main.ts");

function cli(env: Record<string, string>, stdin: string, ...args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", main, ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("operator commands on the embedded database", () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "leadcore-cli-operator-"));
    env = { DATABASE_URL: "", LEADCORE_DATA_DIR: dataDir };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("operator create reads the password from stdin; the operator can sign in with it; disable stops that, but never for the last admin", async () => {
    const created = await cli(
      env,
      "пароль-кассира-1\n",
      "operator",
      "create",
      "--login",
      "Kassir",
      "--role",
      "admin",
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('Operator "kassir" (admin) created');
    expect(created.stdout).not.toContain("пароль-кассира-1");

    let db = await openDatabase({ url: "", dataDir });
    try {
      expect((await signIn(db.prisma, "kassir", "пароль-кассира-1"))?.operator).toMatchObject({
        login: "kassir",
        role: "admin",
      });
    } finally {
      await db.close();
    }

    // kassir is the only admin: the CLI keeps it, as the operators page does.
    const refused = await cli(env, "", "operator", "disable", "--login", "kassir");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/last active administrator cannot be disabled/);
    expect(
      (
        await cli(
          env,
          "пароль-старшего-1\n",
          "operator",
          "create",
          "--login",
          "starshiy",
          "--role",
          "admin",
        )
      ).code,
    ).toBe(0);

    const disabled = await cli(env, "", "operator", "disable", "--login", "kassir");
    expect(disabled.code).toBe(0);
    db = await openDatabase({ url: "", dataDir });
    try {
      expect(await signIn(db.prisma, "kassir", "пароль-кассира-1")).toBeNull();
    } finally {
      await db.close();
    }
  });

  it("refuses a short password, an unknown role and a missing login", async () => {
    const short = await cli(
      env,
      "short\n",
      "operator",
      "create",
      "--login",
      "ivanov",
      "--role",
      "operator",
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("password must have");
    const role = await cli(
      env,
      "достаточно-длинный\n",
      "operator",
      "create",
      "--login",
      "ivanov",
      "--role",
      "root",
    );
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("usage:");
    const login = await cli(
      env,
      "достаточно-длинный\n",
      "operator",
      "create",
      "--role",
      "operator",
    );
    expect(login.code).toBe(2);
  });
});
