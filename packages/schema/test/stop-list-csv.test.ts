import { describe, expect, it } from "vitest";
import { readStopListCsv, type StopListCsv, splitStopListCsv } from "../src/index.ts";

function read(text: string, lineOffset?: number) {
  const result = readStopListCsv(text, { lineOffset });
  if (!result.ok) throw new Error(`header: ${JSON.stringify(result.issues)}`);
  return result;
}

const keys = (result: Extract<StopListCsv, { ok: true }>) =>
  result.rows.map(({ line, key, reason }) => [line, key.kind, key.value, reason]);
const problems = (result: Extract<StopListCsv, { ok: true }>) =>
  result.badRows.map(({ line, issues }) => [line, issues.map((i) => `${i.path}:${i.code}`)]);

describe("readStopListCsv: the file format", () => {
  it("reads each kind from a comma-separated file", () => {
    const result = read(
      [
        "kind,value,lastName,firstName,patronymic,birthDate,reason",
        "PASSPORT,40 08 503682,,,,,Поддельный паспорт",
        "PHONE,8 (916) 123-45-67,,,,,Мошенничество",
        "INN,123456789047,,,,,Решение суда",
        "SNILS,112-233-445 95,,,,,Собственное решение",
        "PERSON,,Семёнов,Пётр,,1990-01-31,Мошенничество",
      ].join("\n"),
    );
    expect(keys(result)).toEqual([
      [2, "PASSPORT", "4008503682", "Поддельный паспорт"],
      [3, "PHONE", "+79161234567", "Мошенничество"],
      [4, "INN", "123456789047", "Решение суда"],
      [5, "SNILS", "11223344595", "Собственное решение"],
      [6, "PERSON", "семенов\tпетр\t\t1990-01-31", "Мошенничество"],
    ]);
    expect(result.badRows).toEqual([]);
  });

  it("reads what Russian Excel writes: BOM, semicolons, CRLF, Russian column names and kinds, DD.MM.YYYY dates, quoted fields", () => {
    const result = read(
      "\uFEFFВид;Значение;Фамилия;Имя;Отчество;Дата рождения;Причина\r\n" +
        "паспорт;4008 503682;;;;;Поддельный паспорт\r\n" +
        'Человек;;Иванов;Иван;Иванович;01.02.1985;"Решение СБ; протокол ""7"""\r\n' +
        ";;;;;;\r\n" +
        "\r\n" +
        'ТЕЛЕФОН;"+7 916 123-45-67";;;;;"две\r\nстроки"\r\n' +
        "инн;1234567894;;;;;Суд\r\n",
    );
    expect(keys(result)).toEqual([
      [2, "PASSPORT", "4008503682", "Поддельный паспорт"],
      [3, "PERSON", "иванов\tиван\tиванович\t1985-02-01", 'Решение СБ; протокол "7"'],
      [6, "PHONE", "+79161234567", "две\r\nстроки"],
      // The quoted line break above is counted: this is line 8 of the file.
      [8, "INN", "1234567894", "Суд"],
    ]);
  });

  it("reads a tab-separated file and old Mac line breaks", () => {
    const result = read("kind\tvalue\treason\rINN\t1234567894\tСуд\rSNILS\t11223344595\tСуд");
    expect(keys(result).map(([line, kind]) => [line, kind])).toEqual([
      [2, "INN"],
      [3, "SNILS"],
    ]);
  });

  it("reports every bad line by its number, column and code, imports the rest, and never quotes a value", () => {
    const text = [
      "kind;value;lastName;firstName;patronymic;birthDate;reason",
      "PASSPORT;4008 50368;;;;;Поддельный", // 2: 9 digits
      "EMAIL;vasya@example.com;;;;;Спам", // 3: no such kind
      "INN;1234567895;;;;;Суд", // 4: check digits
      "PHONE;+79161234567;;;;;", // 5: no reason
      "PERSON;4008503682;Петров;Пётр;;1990-01-01;Суд", // 6: a value for a person
      "PERSON;;Петров;;;31.02.1990;Суд", // 7: no first name, no such date
      "SNILS;11223344595;;;;;Суд;лишнее", // 8: a field past the header
      "INN;123456789047;;;;;Суд", // 9: good
      ";12345;;;;;Суд", // 10: no kind
      'PHONE;"8 916 000-00-00;;;;;Не закрыта кавычка', // 11: runs to the end
      "INN;1234567894;;;;;Суд", // 12: swallowed by the quote above
    ].join("\n");
    const result = read(text);
    expect(keys(result)).toEqual([[9, "INN", "123456789047", "Суд"]]);
    expect(problems(result)).toEqual([
      [2, ["value:INVALID_FORMAT"]],
      [3, ["kind:INVALID_ENUM"]],
      [4, ["value:INVALID_CHECKSUM"]],
      [5, ["reason:TOO_SHORT"]],
      [6, ["value:NOT_ALLOWED"]],
      [7, ["firstName:REQUIRED", "birthDate:INVALID_FORMAT"]],
      [8, [":TOO_MANY"]],
      [10, ["kind:REQUIRED"]],
      [11, [":INVALID_FORMAT"]],
    ]);
    const said = JSON.stringify(result.badRows);
    for (const value of ["50368", "vasya", "1234567895", "4008503682", "Петров", "000-00"])
      expect(said).not.toContain(value);
  });

  it("a line with several problems reports each of them", () => {
    const result = read(
      "kind;value;lastName;firstName;birthDate;reason\nPERSON;1;;Анна;1990-13-01;",
    );
    expect(problems(result)).toEqual([
      [
        2,
        ["value:NOT_ALLOWED", "reason:TOO_SHORT", "lastName:REQUIRED", "birthDate:INVALID_FORMAT"],
      ],
    ]);
  });

  it("the person columns may stand alone, without a value column", () => {
    const result = read("kind,lastName,firstName,birthDate,reason\nPERSON,Ким,Анна,2001-02-03,Суд");
    expect(keys(result)).toEqual([[2, "PERSON", "ким\tанна\t\t2001-02-03", "Суд"]]);
  });

  it("a header it cannot read fails the whole file, naming the column by position", () => {
    const header = (text: string) => {
      const result = readStopListCsv(text);
      expect(result.ok).toBe(false);
      return result.ok ? [] : result.issues.map((i) => `${i.path}:${i.code}`);
    };
    expect(header("")).toEqual(["header:REQUIRED"]);
    expect(header("\n\n")).toEqual(["header:REQUIRED"]);
    expect(header("kind,value,reason,паспорт 4008 503682\nINN,1234567894,Суд")).toEqual([
      "header.4:UNKNOWN_FIELD",
    ]);
    expect(header("kind;value;value;reason")).toEqual(["header.3:INVALID_VALUE"]);
    expect(header("kind,value")).toEqual(["header.reason:REQUIRED"]);
    expect(header("value;reason")).toEqual(["header.kind:REQUIRED"]);
    expect(header("kind;reason")).toEqual(["header.value:REQUIRED"]);
    expect(JSON.stringify(readStopListCsv("kind,value,reason,4008 503682"))).not.toContain("4008");
  });

  it("line numbers move by lineOffset, for a part of a bigger file", () => {
    expect(problems(read("kind,value,reason\nINN,1,Суд", 40))).toEqual([
      [42, ["value:INVALID_FORMAT"]],
    ]);
  });
});

describe("splitStopListCsv: a big file in parts for the API", () => {
  const header = "kind;value;reason";
  const lines = Array.from(
    { length: 3000 },
    (_, i) => `PHONE;+7 916 ${String(i).padStart(7, "0")};"Причина номер ${i}\nвторая строка"`,
  );
  const file = `\uFEFF${header}\r\n${lines.join("\r\n")}\r\n`;

  it("cuts at line boundaries into parts under the bound, and the parts read as the whole file does", () => {
    const maxPartBytes = 16 * 1024;
    const { parts, badRows } = splitStopListCsv(file, maxPartBytes);
    expect(badRows).toEqual([]);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(new TextEncoder().encode(JSON.stringify(part.csv)).length - 2).toBeLessThanOrEqual(
        maxPartBytes,
      );
      expect(part.csv.startsWith(`${header}\n`)).toBe(true);
    }
    const whole = read(file);
    const fromParts = parts.map((part) => read(part.csv, part.lineOffset));
    expect(fromParts.flatMap(keys)).toEqual(keys(whole));
    expect(whole.rows).toHaveLength(3000);
    expect(whole.rows[2999]!.line).toBe(2 + 2999 * 2);
  });

  it("bad lines keep their file line numbers across parts", () => {
    const bad = [...lines];
    bad[1500] = "PHONE;12;Суд";
    const text = `${header}\n${bad.join("\n")}`;
    const { parts } = splitStopListCsv(text, 8 * 1024);
    const reported = parts.flatMap((part) => read(part.csv, part.lineOffset).badRows);
    expect(reported.map((row) => row.line)).toEqual([2 + 1500 * 2]);
    expect(read(text).badRows.map((row) => row.line)).toEqual([2 + 1500 * 2]);
  });

  it("a line too big for any part is reported, not sent; a small file is one part", () => {
    const text = `${header}\nINN;1234567894;Суд\nPHONE;"+79161234567;${"x".repeat(5000)}`;
    const { parts, badRows } = splitStopListCsv(text, 1024);
    expect(badRows).toEqual([
      { line: 3, issues: [expect.objectContaining({ path: "", code: "INVALID_FORMAT" })] },
    ]);
    expect(parts).toEqual([{ csv: `${header}\nINN;1234567894;Суд`, lineOffset: 0 }]);
    expect(splitStopListCsv(header, 1024).parts).toEqual([{ csv: header, lineOffset: 0 }]);
    expect(splitStopListCsv("", 1024).parts).toEqual([{ csv: "", lineOffset: 0 }]);
  });
});
