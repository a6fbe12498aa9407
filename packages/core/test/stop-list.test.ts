import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addStopListEntry,
  DomainError,
  findStopListHit,
  importStopList,
  listStopListEntries,
  removeStopListEntry,
  type StopListSql,
  stopListEntryHistory,
} from "../src/index.ts";
import { stopListHitQuery } from "../src/stop-list.ts";
import { ivanov } from "./people.ts";

warnIfPostgresUntested();

/** The error `promise` rejected with: a DomainError, or the test fails. */
async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

// INNs whose check digits are right, made from a running number (DOMAIN.md's algorithm).
const INN10_WEIGHTS = [2, 4, 10, 3, 5, 9, 4, 6, 8];
function inn10(n: number): string {
  const body = String(n).padStart(9, "0");
  const sum = INN10_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + String((sum % 11) % 10);
}

/** A file of `count` good lines of every kind but SNILS, each listing a different key. */
function bigFile(count: number): string {
  const lines = ["kind;value;lastName;firstName;patronymic;birthDate;reason"];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(6, "0");
    switch (i % 4) {
      case 0:
        lines.push(`PASSPORT;${n.slice(0, 2)} 99 ${n};;;;;Поддельный паспорт`);
        break;
      case 1:
        lines.push(
          `PHONE;8 (977) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}${i % 10};;;;;Мошенник`,
        );
        break;
      case 2:
        lines.push(`INN;${inn10(100_000 + i)};;;;;Решение суда`);
        break;
      default:
        lines.push(`PERSON;;Петров-${i};Пётр;Петрович;01.02.1980;"Решение СБ; протокол ${i}"`);
    }
  }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

describe.each(testDatabaseKinds())("the stop-list on %s", (kind) => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("findStopListHit finds each kind of entry through a lead that spells it differently", async () => {
    const passport = await addStopListEntry(
      db.prisma,
      { kind: "PASSPORT", seria: "4008", no: "503682", reason: "Поддельный паспорт" },
      "chief",
    );
    const phone = await addStopListEntry(
      db.prisma,
      { kind: "PHONE", mobilePhone: "+79161234567", reason: "Мошенничество" },
      "chief",
    );
    const inn = await addStopListEntry(
      db.prisma,
      { kind: "INN", inn: "123456789047", reason: "Решение суда" },
      "chief",
    );
    const snils = await addStopListEntry(
      db.prisma,
      { kind: "SNILS", snils: "11223344595", reason: "Собственное решение" },
      "chief",
    );
    const person = await addStopListEntry(
      db.prisma,
      {
        kind: "PERSON",
        lastName: "Семёнов",
        firstName: "Пётр",
        patronymic: "Алексеевич",
        birthDate: "1990-01-31",
        reason: "Мошенничество",
      },
      "chief",
    );
    expect(passport).toMatchObject({
      outcome: "ADDED",
      entry: { kind: "PASSPORT", display: "4008 503682", addedBy: "chief", removedAt: null },
    });

    const clean = ivanov({
      mobilePhone: "+79160000001",
      passport: { seria: "4506", no: "123456" },
      inn: "1234567894",
      snils: "010-242-368 77",
      birthDate: "1990-01-31",
    });
    expect(await findStopListHit(db.prisma, clean)).toBeNull();

    const hits = [
      [{ ...clean, passport: { seria: "40 08", no: "503 682" } }, passport],
      [{ ...clean, mobilePhone: "8 (916) 123-45-67" }, phone],
      [{ ...clean, inn: "1234 5678 9047" }, inn],
      [{ ...clean, snils: "112-233-445 95" }, snils],
      [{ ...clean, lastName: "СЕМЕНОВ", firstName: "петр", patronymic: "Алексеевич " }, person],
    ] as const;
    for (const [lead, listed] of hits) {
      expect(await findStopListHit(db.prisma, lead)).toEqual({
        entryId: BigInt(listed.entry.id),
        kind: listed.entry.kind,
      });
    }
    // Inside a lead write's transaction too.
    const inTransaction = await db.prisma.$transaction((tx) =>
      findStopListHit(tx, { ...clean, mobilePhone: "+7 916 123 45 67" }),
    );
    expect(inTransaction).toEqual({ entryId: BigInt(phone.entry.id), kind: "PHONE" });
    // A lead hitting several entries gets the oldest.
    expect(
      await findStopListHit(db.prisma, { ...clean, inn: "123456789047", snils: "11223344595" }),
    ).toEqual({ entryId: BigInt(inn.entry.id), kind: "INN" });
  });

  it("the gate is one statement, and none for a lead without a usable key", async () => {
    const statements: unknown[] = [];
    const counting: StopListSql = {
      $queryRaw: ((...args: Parameters<StopListSql["$queryRaw"]>) => {
        statements.push(args[0]);
        return db.prisma.$queryRaw(...args);
      }) as StopListSql["$queryRaw"],
    };
    const lead = ivanov({
      passport: { seria: "4008", no: "503682" },
      inn: "123456789047",
      snils: "11223344595",
      birthDate: "1990-01-31",
    });
    expect(await findStopListHit(counting, lead)).not.toBeNull();
    expect(statements).toHaveLength(1);
    expect(await findStopListHit(counting, { firstName: "Иван", mobilePhone: "12" })).toBeNull();
    expect(statements).toHaveLength(1);
  });

  it("the gate's statement can be answered from the unique index on (kind, value)", async () => {
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      return tx.$queryRaw<{ "QUERY PLAN": string }[]>`EXPLAIN ${stopListHitQuery([
        { kind: "PASSPORT", value: "4008503682" },
        { kind: "PHONE", value: "+79161234567" },
      ])}`;
    });
    expect(plan.map((row) => row["QUERY PLAN"]).join("\n")).toContain(
      "StopListEntry_kind_value_key",
    );
  });

  it("an entry already listed is a conflict; a malformed one is refused by field, and nothing is written", async () => {
    const before = await db.prisma.stopListEntry.count();
    const again = await refusalOf(
      addStopListEntry(
        db.prisma,
        { kind: "PHONE", mobilePhone: "8 916 123-45-67", reason: "Ещё раз" },
        "deputy",
      ),
    );
    expect(again).toMatchObject({ kind: "CONFLICT", reason: "STOP_LIST_ENTRY_EXISTS" });
    const malformed = await refusalOf(
      addStopListEntry(db.prisma, { kind: "INN", inn: "1234567895", reason: "Суд" }, "deputy"),
    );
    expect(malformed).toMatchObject({
      kind: "INVALID",
      reason: "STOP_LIST_ENTRY_INVALID",
      issues: [{ path: "inn", code: "INVALID_CHECKSUM" }],
    });
    const blankReason = await refusalOf(
      addStopListEntry(db.prisma, { kind: "INN", inn: "1234567894", reason: "  " }, "deputy"),
    );
    expect(blankReason.issues).toEqual([expect.objectContaining({ path: "reason" })]);
    expect(await db.prisma.stopListEntry.count()).toBe(before);
    const phone = await db.prisma.stopListEntry.findFirstOrThrow({ where: { kind: "PHONE" } });
    expect(phone).toMatchObject({ reason: "Мошенничество", addedBy: "chief" });
  });

  it("two admins adding one key at once end with one entry and one ADDED event", async () => {
    const entry = { kind: "SNILS", snils: "010-242-368 77", reason: "Одновременно" } as const;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => addStopListEntry(db.prisma, entry, `admin${i}`)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const result of results.filter((r) => r.status === "rejected"))
      expect((result as PromiseRejectedResult).reason).toMatchObject({
        reason: "STOP_LIST_ENTRY_EXISTS",
      });
    const rows = await db.prisma.stopListEntry.findMany({
      where: { kind: "SNILS", value: "01024236877" },
      include: { events: true },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.events.map((e) => e.kind)).toEqual(["ADDED"]);
  });

  it("removing keeps the entry with its history; adding it again reactivates the same entry", async () => {
    const added = await addStopListEntry(
      db.prisma,
      { kind: "PASSPORT", seria: "4510", no: "000111", reason: "Утерян, используется мошенниками" },
      "chief",
    );
    const lead = ivanov({ passport: { seria: "45 10", no: "000 111" } });
    expect(await findStopListHit(db.prisma, lead)).not.toBeNull();

    const removed = await removeStopListEntry(
      db.prisma,
      added.entry.id,
      "deputy",
      "  Владелец получил новый паспорт  ",
    );
    expect(removed).toMatchObject({ id: added.entry.id, removedBy: "deputy" });
    expect(removed.removedAt).not.toBeNull();
    expect(await findStopListHit(db.prisma, lead)).toBeNull();
    expect(await refusalOf(removeStopListEntry(db.prisma, added.entry.id, "deputy"))).toMatchObject(
      { kind: "CONFLICT", reason: "STOP_LIST_ENTRY_REMOVED" },
    );
    expect(await refusalOf(removeStopListEntry(db.prisma, 999_999, "deputy"))).toMatchObject({
      kind: "NOT_FOUND",
      reason: "STOP_LIST_ENTRY_NOT_FOUND",
    });

    const back = await addStopListEntry(
      db.prisma,
      { kind: "PASSPORT", seria: "45 10", no: "000111", reason: "Снова в розыске" },
      "chief2",
    );
    expect(back.outcome).toBe("READDED");
    expect(back.entry).toMatchObject({
      id: added.entry.id,
      reason: "Снова в розыске",
      addedBy: "chief2",
      removedAt: null,
      removedBy: null,
      createdAt: added.entry.createdAt,
    });
    expect(await findStopListHit(db.prisma, lead)).toEqual({
      entryId: BigInt(added.entry.id),
      kind: "PASSPORT",
    });

    const history = await stopListEntryHistory(db.prisma, added.entry.id);
    expect(history.entry).toEqual(back.entry);
    expect(
      history.events.map(({ kind, reason, by, imported }) => ({ kind, reason, by, imported })),
    ).toEqual([
      { kind: "ADDED", reason: "Утерян, используется мошенниками", by: "chief", imported: false },
      { kind: "REMOVED", reason: "Владелец получил новый паспорт", by: "deputy", imported: false },
      { kind: "READDED", reason: "Снова в розыске", by: "chief2", imported: false },
    ]);
    expect(await refusalOf(stopListEntryHistory(db.prisma, 999_999))).toMatchObject({
      reason: "STOP_LIST_ENTRY_NOT_FOUND",
    });
  });

  it("the list pages newest first, filters by kind and state, and finds an entry by any spelling of its value", async () => {
    const all = await listStopListEntries(db.prisma, { status: "ALL", limit: 100 });
    const ids = all.items.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const first = await listStopListEntries(db.prisma, { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await listStopListEntries(db.prisma, { limit: 2, cursor: first.nextCursor! });
    expect(second.items[0]!.id).toBeLessThan(first.items[1]!.id);

    const phones = await listStopListEntries(db.prisma, { kind: "PHONE" });
    expect(phones.items.map((e) => e.display)).toEqual(["+7 916 123-45-67"]);
    const search = async (text: string) =>
      (await listStopListEntries(db.prisma, { search: text })).items.map((e) => e.display);
    expect(await search("8 (916) 123-45-67")).toEqual(["+7 916 123-45-67"]);
    expect(await search("40 08 503682")).toEqual(["4008 503682"]);
    expect(await search("503682")).toEqual(["4008 503682"]);
    expect(await search("семенов петр")).toEqual(["Семёнов Пётр Алексеевич, 31.01.1990"]);
    expect(await search("Семёнов")).toEqual(["Семёнов Пётр Алексеевич, 31.01.1990"]);
    expect(await search("Сидоров")).toEqual([]);

    await addStopListEntry(
      db.prisma,
      { kind: "INN", inn: "1234567894", reason: "Временно" },
      "chief",
    ).then(({ entry }) => removeStopListEntry(db.prisma, entry.id, "chief"));
    const removed = await listStopListEntries(db.prisma, { status: "REMOVED", kind: "INN" });
    expect(removed.items.map((e) => e.display)).toEqual(["1234567894"]);
    const active = await listStopListEntries(db.prisma, { kind: "INN" });
    expect(active.items.map((e) => e.display)).toEqual(["123456789047"]);
  });

  it("a file with bad lines: good lines are in, each bad line is reported by number and why, with no value echoed", async () => {
    await addStopListEntry(
      db.prisma,
      { kind: "PHONE", mobilePhone: "+79035550001", reason: "Был удалён" },
      "chief",
    ).then(({ entry }) => removeStopListEntry(db.prisma, entry.id, "chief"));
    const file = [
      "Вид;Значение;Фамилия;Имя;Отчество;Дата рождения;Причина",
      "PASSPORT;4008 503682;;;;;Уже в списке", // 2: listed by the first test
      "PASSPORT;4011 777888;;;;;Поддельный", // 3: new
      "INN;1234567895;;;;;Суд", // 4: bad check digits
      "телефон;+7 903 555-00-01;;;;;Снова", // 5: removed earlier: back
      "PERSON;;Кузнецова;Анна;;30.02.1991;Суд", // 6: no such date
      "", // 7: blank
      "PASSPORT;4011 777 888;;;;;Повтор в файле", // 8: the same passport as line 3
      'PERSON;;Кузнецова;Анна;;"28.02.1991";"Суд, дело №1"', // 9: new
      "SNILS;;;;;;Нет значения", // 10: no value
    ].join("\n");
    const entriesBefore = await db.prisma.stopListEntry.count();
    const eventsBefore = await db.prisma.stopListEvent.count();
    const report = await importStopList(db.prisma, file, "chief");
    expect(report).toMatchObject({ rows: 8, imported: 3, reactivated: 1, alreadyListed: 2 });
    expect(
      report.badRows.map(({ line, issues }) => [line, issues.map((i) => `${i.path}:${i.code}`)]),
    ).toEqual([
      [4, ["value:INVALID_CHECKSUM"]],
      [6, ["birthDate:INVALID_FORMAT"]],
      [10, ["value:REQUIRED"]],
    ]);
    const said = JSON.stringify(report);
    for (const value of ["1234567895", "Кузнецова", "30.02.1991"])
      expect(said).not.toContain(value);

    // Each good line is an entry with its event; nothing of a bad line is stored.
    expect(await db.prisma.stopListEntry.count()).toBe(entriesBefore + 2);
    expect(await db.prisma.stopListEvent.count()).toBe(eventsBefore + 3);
    const person = await db.prisma.stopListEntry.findFirstOrThrow({
      where: { kind: "PERSON", value: { startsWith: "кузнецова" } },
      include: { events: true },
    });
    expect(person).toMatchObject({ reason: "Суд, дело №1", addedBy: "chief" });
    expect(person.events).toEqual([expect.objectContaining({ kind: "ADDED", imported: true })]);
    const passport = await db.prisma.stopListEntry.findUniqueOrThrow({
      where: { kind_value: { kind: "PASSPORT", value: "4011777888" } },
    });
    expect(passport.reason).toBe("Поддельный");
    const phone = await db.prisma.stopListEntry.findUniqueOrThrow({
      where: { kind_value: { kind: "PHONE", value: "+79035550001" } },
      include: { events: { orderBy: { id: "asc" } } },
    });
    expect(phone.removedAt).toBeNull();
    expect(phone.events.map((e) => [e.kind, e.imported])).toEqual([
      ["ADDED", false],
      ["REMOVED", false],
      ["READDED", true],
    ]);
    expect(
      await db.prisma.stopListEntry.count({ where: { kind: "INN", value: "1234567895" } }),
    ).toBe(0);
  });

  it("a header it cannot read refuses the whole file before anything is written", async () => {
    const before = await db.prisma.stopListEvent.count();
    const refused = await refusalOf(
      importStopList(db.prisma, "kind;passport;reason\nPASSPORT;4012 000111;x", "chief"),
    );
    expect(refused).toMatchObject({
      kind: "INVALID",
      reason: "STOP_LIST_CSV_INVALID",
      issues: [
        expect.objectContaining({ path: "header.2", code: "UNKNOWN_FIELD" }),
        expect.objectContaining({ path: "header.value", code: "REQUIRED" }),
      ],
    });
    expect(await db.prisma.stopListEvent.count()).toBe(before);
  });

  it("10 000 lines import in seconds, in batches; importing the file again changes nothing", async () => {
    const file = bigFile(10_000);
    const entriesBefore = await db.prisma.stopListEntry.count();
    const eventsBefore = await db.prisma.stopListEvent.count();
    const started = performance.now();
    const report = await importStopList(db.prisma, file, "cli");
    const seconds = (performance.now() - started) / 1000;
    console.log(`10 000-line stop-list import on ${kind}: ${seconds.toFixed(2)} s`);
    expect(report).toEqual({
      rows: 10_000,
      imported: 10_000,
      reactivated: 0,
      alreadyListed: 0,
      badRows: [],
    });
    expect(seconds).toBeLessThan(30);
    expect(await db.prisma.stopListEntry.count()).toBe(entriesBefore + 10_000);
    expect(await db.prisma.stopListEvent.count()).toBe(eventsBefore + 10_000);

    // A lead of a listed person from the file, spelled its own way, is found.
    expect(
      await findStopListHit(
        db.prisma,
        ivanov({
          lastName: "ПЕТРОВ-9999",
          firstName: "Петр",
          patronymic: "Петрович",
          birthDate: "1980-02-01",
        }),
      ),
    ).toMatchObject({ kind: "PERSON" });

    const again = await importStopList(db.prisma, file, "cli");
    expect(again).toEqual({
      rows: 10_000,
      imported: 0,
      reactivated: 0,
      alreadyListed: 10_000,
      badRows: [],
    });
    expect(await db.prisma.stopListEntry.count()).toBe(entriesBefore + 10_000);
    expect(await db.prisma.stopListEvent.count()).toBe(eventsBefore + 10_000);
  });
});
