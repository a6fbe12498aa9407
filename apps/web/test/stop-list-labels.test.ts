// The stop-list page's Russian: the entry form's fields come from the contract (labels and
// bounds), and every problem the file reader can report reads as Russian, by its column and code.
import { readStopListCsv, STOP_LIST_KINDS, splitStopListCsv } from "@leadcore/schema";
import { describe, expect, it } from "vitest";
import {
  REASON_FIELD,
  STOP_LIST_FIELDS,
  STOP_LIST_KIND_RU,
  stopListCsvIssueRu,
} from "../lib/stop-list-labels.ts";

const CYRILLIC = /[а-яё]/i;

describe("the entry form's fields", () => {
  it("are the contract's, per kind, with its Russian labels and bounds", () => {
    const shown = Object.fromEntries(
      STOP_LIST_KINDS.map((kind) => [
        kind,
        STOP_LIST_FIELDS[kind].map(({ name, label, maxLength }) => [name, label, maxLength]),
      ]),
    );
    expect(shown).toEqual({
      PASSPORT: [
        ["seria", "Серия паспорта", 50],
        ["no", "Номер паспорта", 50],
      ],
      PHONE: [["mobilePhone", "Мобильный телефон", 50]],
      INN: [["inn", "ИНН", 50]],
      SNILS: [["snils", "СНИЛС", 50]],
      PERSON: [
        ["lastName", "Фамилия", 100],
        ["firstName", "Имя", 100],
        ["patronymic", "Отчество", 100],
        ["birthDate", "Дата рождения", 50],
      ],
    });
    expect(REASON_FIELD).toEqual({ name: "reason", label: "Причина", maxLength: 500 });
    for (const kind of STOP_LIST_KINDS) expect(STOP_LIST_KIND_RU[kind]).toMatch(CYRILLIC);
  });
});

describe("every problem of an imported file reads as Russian", () => {
  const said = (text: string) => {
    const result = readStopListCsv(text);
    const issues = result.ok ? result.badRows.flatMap((row) => row.issues) : result.issues;
    expect(issues.length).toBeGreaterThan(0);
    return issues.map(stopListCsvIssueRu);
  };
  const russian = (texts: string[]) => {
    for (const text of texts) {
      expect(text).toMatch(CYRILLIC);
      expect(text).not.toMatch(/[A-Z]{2,}_[A-Z]/); // no code left untranslated
    }
  };

  it("of a line, by its column", () => {
    const lines = said(
      [
        "kind;value;lastName;firstName;patronymic;birthDate;reason;",
        "PASSPORT;4008 50368;;;;;Суд",
        "EMAIL;x;;;;;Суд",
        ";1;;;;;Суд",
        "INN;1234567895;;;;;Суд",
        "SNILS;010-242-368 00;;;;;Суд",
        "PHONE;+74951234567;;;;;Суд",
        "PHONE;+79161234567;;;;;",
        `PHONE;+79161234567;;;;;${"п".repeat(501)}`,
        "PERSON;1;;Анна;;1990-13-01;Суд",
        "INN;1234567894;;;;;Суд;лишнее",
        "INN;1234567894;;;;;Суд;;лишнее",
        'PHONE;"+79161234567',
      ].join("\n"),
    );
    russian(lines);
    expect(lines).toEqual([
      "Значение: Серия и номер паспорта: 10 цифр, например 4008 503682",
      "Вид записи: неизвестный вид; допустимы PASSPORT (паспорт), PHONE (телефон), INN (инн), SNILS (снилс), PERSON (человек)",
      "Вид записи: не заполнено",
      "Значение: Не сходятся контрольные цифры",
      "Значение: Не сходится контрольное число",
      "Значение: Нужен российский мобильный номер: +7 9XX XXX-XX-XX",
      "Причина: не заполнено",
      "Причина: Не длиннее 500 символов",
      "Значение: для этого вида записи не заполняется",
      "Фамилия: не заполнено",
      "Дата рождения: Дата в формате ГГГГ-ММ-ДД",
      "Значение в столбце 8, у которого нет названия в заголовке",
      "В строке больше полей, чем столбцов в заголовке",
      "Строку не прочитать: кавычка открыта и не закрыта до конца файла",
    ]);
  });

  it("of the header, and of a line too long to send", () => {
    russian(said(""));
    const header = said("kind;kind;фамилия паспорта");
    russian(header);
    expect(header).toEqual([
      "Столбец 2 заголовка повторяет другой",
      "Столбец 3 заголовка: неизвестное название",
      "В заголовке нет столбца «Причина» (reason или «причина»)",
      "В заголовке нет столбца «Значение» (value или «значение»)",
    ]);
    const { badRows } = splitStopListCsv(`kind;value;reason\nINN;1;${"x".repeat(2000)}`, 1024);
    russian(badRows.flatMap((row) => row.issues).map(stopListCsvIssueRu));
  });
});
