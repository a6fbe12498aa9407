import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, EmbeddedDatabaseBusyError, openDatabase } from "../src/index.ts";

const run = promisify(execFile);
const opener = join(import.meta.dirname, "fixtures", "open-embedded.ts");

async function openFromAnotherProcess(dataDir: string) {
  const result = await run(process.execPath, ["--import", "tsx", opener, dataDir], {
    env: { ...process.env, DATABASE_URL: "" },
  }).catch((error: { stdout: string; code: number }) => error);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as {
    opened: boolean;
    busy?: boolean;
    message?: string;
    leads?: number;
  };
}

function folderDigest(dir: string): string {
  const hash = createHash("sha256");
  const walk = (path: string) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name);
      if (name === "leadcore.lock") continue;
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(full).update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest("hex");
}

describe("the embedded database's lock", () => {
  let dataDir: string;
  let db: Database;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "leadcore-lock-"));
    db = await openDatabase({ url: "", dataDir });
    await db.prisma.lead.create({ data: { data: { firstName: "Анна" } } });
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("refuses a second process with a clear error and leaves the data folder untouched", async () => {
    await db.prisma.$executeRawUnsafe("CHECKPOINT");
    const before = folderDigest(dataDir);
    const second = await openFromAnotherProcess(dataDir);
    expect(second).toMatchObject({ opened: false, busy: true });
    expect(second.message).toContain(`pid ${process.pid}`);
    expect(second.message).toContain("DATABASE_URL");
    expect(folderDigest(dataDir)).toBe(before);
    expect(await db.prisma.lead.count()).toBe(1);
  });

  it("refuses a second open inside the same process", async () => {
    await expect(openDatabase({ url: "", dataDir })).rejects.toBeInstanceOf(
      EmbeddedDatabaseBusyError,
    );
  });

  it("lets another process open the folder once the owner has closed it, with the data intact", async () => {
    await db.close();
    const next = await openFromAnotherProcess(dataDir);
    expect(next).toEqual({ opened: true, leads: 1 });
    db = await openDatabase({ url: "", dataDir });
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    await db.close();
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max: no such process
    writeFileSync(
      join(dataDir, "leadcore.lock"),
      JSON.stringify({ pid: deadPid, host: (await import("node:os")).hostname() }),
    );
    db = await openDatabase({ url: "", dataDir });
    expect(await db.prisma.lead.count()).toBe(1);
    const lock = JSON.parse(readFileSync(join(dataDir, "leadcore.lock"), "utf8")) as {
      pid: number;
    };
    expect(lock.pid).toBe(process.pid);
  });
});
