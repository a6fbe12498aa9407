// `stoplist import|list|remove` as an administrator runs them: a separate process, on the embedded
// database and on PostgreSQL; the summary says what went in and which lines did not, and why.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "@leadcore/db";
import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, type Target, target } from "./support/cli.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("stoplist commands on %s", (kind) => {
  let t: Target;
  let files: string;
  const file = (name: string, content: string | Buffer) => {
    const path = join(files, name);
    writeFileSync(path, content);
    return path;
  };
  /** Reads the database between commands (the embedded one is closed again for the next). */
  async function inDatabase<T>(read: (db: Database) => Promise<T>): Promise<T> {
    const db = await t.open();
    try {
      return await read(db);
    } finally {
      await db.close();
    }
  }

  beforeAll(async () => {
    t = await target(kind);
    files = mkdtempSync(join(tmpdir(), "leadcore-cli-stoplist-files-"));
  });
  afterAll(async () => {
    await t?.cleanup();
    rmSync(files, { recursive: true, force: true });
  });

  it("import prints what went in and each bad line with its number and why, and exits 1; the good lines are in, by «cli»", async () => {
    const path = file(
      "list.csv",
      "\uFEFFВид;Значение;Фамилия;Имя;Отчество;Дата рождения;Причина\r\n" +
        "паспорт;40 08 503682;;;;;Поддельный паспорт\r\n" +
        "INN;1234567895;;;;;Суд\r\n" +
        "телефон;8 (916) 123-45-67;;;;;Мошенничество\r\n" +
        "человек;;Семёнов;Пётр;;31.01.1990;Решение СБ\r\n",
    );
    const imported = await cli(t.env, "stoplist", "import", path);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toBe("");
    const lines = imported.stdout.trim().split("\n");
    expect(lines[0]).toBe("4 line(s) read: 3 imported, 0 already on the list, 1 bad.");
    expect(lines[1]).toMatch(/^line 3: value: INVALID_CHECKSUM \(INN check digits do not match\)$/);
    expect(imported.stdout).not.toContain("1234567895");

    const entries = await inDatabase((db) =>
      db.prisma.stopListEntry.findMany({ orderBy: { id: "asc" }, include: { events: true } }),
    );
    expect(entries.map((e) => [e.kind, e.value, e.addedBy])).toEqual([
      ["PASSPORT", "4008503682", "cli"],
      ["PHONE", "+79161234567", "cli"],
      ["PERSON", "семенов\tпетр\t\t1990-01-31", "cli"],
    ]);
    expect(entries.flatMap((e) => e.events.map((ev) => [ev.kind, ev.by, ev.imported]))).toEqual([
      ["ADDED", "cli", true],
      ["ADDED", "cli", true],
      ["ADDED", "cli", true],
    ]);

    const again = await cli(t.env, "stoplist", "import", path);
    expect(again.stdout.split("\n")[0]).toBe(
      "4 line(s) read: 0 imported, 3 already on the list, 1 bad.",
    );
    const clean = await cli(
      t.env,
      "stoplist",
      "import",
      file("clean.csv", "kind,value,reason\nSNILS,112-233-445 95,Суд\n"),
    );
    expect(clean).toMatchObject({ code: 0, stderr: "" });
    expect(clean.stdout.trim()).toBe("1 line(s) read: 1 imported, 0 already on the list, 0 bad.");
  });

  it("list shows the entries newest first; remove takes one off, and list --removed shows it", async () => {
    const listed = await cli(t.env, "stoplist", "list");
    expect(listed.code).toBe(0);
    const rows = listed.stdout
      .trim()
      .split("\n")
      .map((line) => line.split("\t"));
    expect(rows.map((row) => [row[1], row[2]])).toEqual([
      ["SNILS", "112-233-445 95"],
      ["PERSON", "Семёнов Пётр, 31.01.1990"],
      ["PHONE", "+7 916 123-45-67"],
      ["PASSPORT", "4008 503682"],
    ]);
    const phones = await cli(t.env, "stoplist", "list", "--kind", "phone");
    expect(phones.stdout.trim().split("\n")).toHaveLength(1);
    const phoneId = rows[2]?.[0] ?? "";

    const removed = await cli(
      t.env,
      "stoplist",
      "remove",
      phoneId,
      "--comment",
      "Номер сменил владельца",
    );
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Entry ${phoneId} (PHONE) removed`);
    expect((await cli(t.env, "stoplist", "list", "--kind", "PHONE")).stdout.trim()).toBe(
      "No entries.",
    );
    const gone = await cli(t.env, "stoplist", "list", "--removed");
    expect(gone.stdout).toContain("+7 916 123-45-67");
    expect(gone.stdout).toContain("removed by cli");
    const history = await inDatabase((db) =>
      db.prisma.stopListEvent.findMany({
        where: { entryId: BigInt(phoneId) },
        orderBy: { id: "asc" },
      }),
    );
    expect(history.map((e) => [e.kind, e.by, e.reason])).toEqual([
      ["ADDED", "cli", "Мошенничество"],
      ["REMOVED", "cli", "Номер сменил владельца"],
    ]);

    const twice = await cli(t.env, "stoplist", "remove", phoneId);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/removed from the stop-list already/);
  });

  it("refuses a header it cannot read, a file that is not UTF-8, a missing file, and a call without a file", async () => {
    const header = await cli(
      t.env,
      "stoplist",
      "import",
      file("header.csv", "kind;passport;reason\nPASSPORT;4008 503682;x\n"),
    );
    expect(header.code).toBe(1);
    expect(header.stdout).toContain("Nothing imported: the header line (line 1) cannot be read.");
    expect(header.stdout).toContain("header.2: UNKNOWN_FIELD");

    // "Вид;Значение;Причина" as old Excel saves it, in Windows-1251.
    const cp1251 = Buffer.from([
      0xc2, 0xe8, 0xe4, 0x3b, 0xc7, 0xed, 0xe0, 0xf7, 0xe5, 0xed, 0xe8, 0xe5, 0x3b, 0xcf, 0xf0,
      0xe8, 0xf7, 0xe8, 0xed, 0xe0, 0x0a,
    ]);
    const legacy = await cli(t.env, "stoplist", "import", file("cp1251.csv", cp1251));
    expect(legacy.code).toBe(1);
    expect(legacy.stderr).toMatch(/is not UTF-8.*CSV UTF-8/);

    const missing = await cli(t.env, "stoplist", "import", join(files, "nope.csv"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Cannot read the file");

    expect((await cli(t.env, "stoplist", "import")).code).toBe(2);
    expect((await cli(t.env, "stoplist", "remove", "abc")).code).toBe(2);
    expect((await cli(t.env, "stoplist", "list", "--kind", "EMAIL")).code).toBe(2);
  });
});
