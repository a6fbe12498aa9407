// The UI says failures in Russian by their stable codes (lib/labels.ts), never by the English
// messages: every code of the lists in @leadcore/schema has its text, and a real failure of the
// API, a contract (zod) issue and a domain error, reaches the operator's Russian through its code.

import { handleTrpcRequest } from "@leadcore/api";
import { createPartnerWithKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import { createTestDatabase } from "@leadcore/db/testing";
import {
  ERROR_REASONS,
  type ErrorReason,
  EXPECTED_TYPES,
  type FieldIssue,
  ISSUE_CODES,
  type IssueParams,
  VALUE_FORMATS,
} from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorRu, fieldTitle, formatPeriod, ISSUE_RU, issueRu, REASON_RU } from "../lib/labels.ts";

const CYRILLIC = /[а-яё]/i;

describe("a field is named in Russian, never by its bare contract path", () => {
  it("a field of the contract by its own label, list indexes skipped", () => {
    expect(fieldTitle("relatives.0.passport.seria")).toBe(fieldTitle("passport.seria"));
    expect(fieldTitle("relatives.0.passport.seria")).toMatch(CYRILLIC);
  });

  it("an address's attribute by its map's label and the key as typed", () => {
    expect(fieldTitle("addresses.0.attributes.floor")).toBe(
      "Дополнительные атрибуты адреса: «floor»",
    );
  });

  it("a path the contract does not know by its nearest known field, else as the lead's data", () => {
    expect(fieldTitle("relatives.0")).toBe(fieldTitle("relatives"));
    expect(fieldTitle("noSuchField")).toBe("Данные лида");
  });
});

describe('a loan\'s period agrees with its number, by Intl.PluralRules("ru")', () => {
  it("1 неделя, 3 недели, 5 недель, 21 неделя, 11 недель", () => {
    expect([1, 3, 5, 21, 11, 22, 112].map((n) => formatPeriod(n, "WEEKS"))).toEqual([
      "1 неделя",
      "3 недели",
      "5 недель",
      "21 неделя",
      "11 недель",
      "22 недели",
      "112 недель",
    ]);
  });

  it("every unit: days, months, years", () => {
    expect(formatPeriod(4, "MONTHS")).toBe("4 месяца");
    expect(formatPeriod(5, "MONTHS")).toBe("5 месяцев");
    expect(formatPeriod(1, "DAYS")).toBe("1 день");
    expect(formatPeriod(2, "DAYS")).toBe("2 дня");
    expect(formatPeriod(1, "YEARS")).toBe("1 год");
    expect(formatPeriod(3, "YEARS")).toBe("3 года");
    expect(formatPeriod(10, "YEARS")).toBe("10 лет");
  });

  it("a period without a unit is the bare number", () => {
    expect(formatPeriod(6, undefined)).toBe("6");
  });
});

describe("every code has Russian text", () => {
  // The params an issue of each code may carry: each variant must read as Russian too.
  const paramVariants: IssueParams[] = [
    {},
    { minimum: 2 },
    { maximum: 100 },
    { minimum: 2, maximum: 64 },
    ...VALUE_FORMATS.map((format) => ({ format })),
    ...EXPECTED_TYPES.map((expected) => ({ expected })),
  ];

  it("each issue code, with each kind of params", () => {
    expect(Object.keys(ISSUE_RU).sort()).toEqual([...ISSUE_CODES].sort());
    for (const code of ISSUE_CODES) {
      for (const params of paramVariants) {
        const text = issueRu({ code, params });
        expect(text, `${code} ${JSON.stringify(params)}`).toMatch(CYRILLIC);
      }
    }
  });

  it("each error reason", () => {
    expect(Object.keys(REASON_RU).sort()).toEqual([...ERROR_REASONS].sort());
    for (const reason of ERROR_REASONS) {
      expect(errorRu({ reason }), reason).toMatch(CYRILLIC);
      expect(errorRu({ reason }, { login: "ivanova" }), reason).toMatch(CYRILLIC);
    }
  });

  it("a bound from the params is in the words", () => {
    expect(issueRu({ code: "TOO_LONG", params: { maximum: 100 } })).toBe("Не длиннее 100 символов");
    expect(
      issueRu({ code: "OUT_OF_RANGE", params: { format: "year", minimum: 1900, maximum: 2200 } }),
    ).toBe("Год должен быть от 1900 до 2200");
    expect(issueRu({ code: "INVALID_LENGTH", params: { minimum: 8, maximum: 128 } })).toBe(
      "От 8 до 128 символов",
    );
  });

  it("a field a lead cannot be kept without says which, by its path", () => {
    expect(issueRu({ code: "REQUIRED_TO_SAVE", path: "firstName" })).toBe(
      "Обязательно: без имени лид не сохраняется",
    );
    expect(issueRu({ code: "REQUIRED_TO_SAVE", path: "mobilePhone" })).toBe(
      "Обязательно: без мобильного телефона лид не сохраняется",
    );
  });

  it("a refusal names the operator only from what the page knows, never from the server's message", () => {
    expect(errorRu({ reason: "OPERATOR_EXISTS" }, { login: "ivanova" })).toBe(
      "Оператор «ivanova» уже есть",
    );
    expect(errorRu({ reason: "OPERATOR_EXISTS" })).toBe("Оператор с таким логином уже есть");
  });

  it("a failure without a reason of its own falls back to words for its transport code, never to English", () => {
    expect(errorRu({ code: "FORBIDDEN" })).toBe("Нет доступа к этому действию");
    expect(errorRu({ code: "SOMETHING_NEW" })).toMatch(CYRILLIC);
  });
});

describe("a real failure of the API reaches the operator's Russian by its code", () => {
  let db: Database;
  let key: string;

  /** One tRPC call, as the UI's client sends it; the error's data, as the UI reads it. */
  const failure = async (procedure: string, input: unknown) => {
    const response = await handleTrpcRequest(
      new Request(`http://localhost/api/trpc/${procedure}`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(input),
      }),
      { db },
    );
    expect(response.ok).toBe(false);
    return (
      (await response.json()) as {
        error: { data: { code: string; reason?: ErrorReason; issues: FieldIssue[] } };
      }
    ).error.data;
  };

  const lead = {
    lastName: "Иванов",
    firstName: "Иван",
    mobilePhone: "+79161234567",
    passport: { seria: "4506", no: "123456" },
  };

  beforeAll(async () => {
    db = await createTestDatabase("embedded");
    key = (await createPartnerWithKey(db.prisma, "Переводы")).key;
  });
  afterAll(async () => {
    await db?.close();
  });

  it("a zod issue: a name too long is «Не длиннее 100 символов», whatever its English message says", async () => {
    const data = await failure("lead.create", { ...lead, lastName: "И".repeat(101) });
    const issue = data.issues.find((i) => i.path === "lastName")!;
    expect(issue.code).toBe("TOO_LONG");
    expect(issueRu(issue)).toBe("Не длиннее 100 символов");
    // Reword the message: the Russian does not move, because it never read it.
    const reworded: FieldIssue = { ...issue, message: "reworded in a later release" };
    expect(issueRu(reworded)).toBe("Не длиннее 100 символов");
    expect(errorRu(data)).toBe("Проверьте введённые данные");
  });

  it("a contract refinement: a card number failing the Luhn check is said in Russian by INVALID_CHECKSUM", async () => {
    const data = await failure("lead.create", { ...lead, cardNumber: "4276 3800 0000 0001" });
    const issue = data.issues.find((i) => i.path === "cardNumber")!;
    expect(issue).toMatchObject({ code: "INVALID_CHECKSUM", params: { format: "cardNumber" } });
    expect(issueRu(issue)).toBe(
      "Номер карты: 12–19 цифр с верной контрольной суммой (или маска, как показана)",
    );
  });

  it("a domain error: changing a converted lead is «Лид конвертирован, его больше нельзя изменить» by its reason", async () => {
    const created = await handleTrpcRequest(
      new Request("http://localhost/api/trpc/lead.create", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(lead),
      }),
      { db },
    );
    const id = ((await created.json()) as { result: { data: number } }).result.data;
    const converted = await handleTrpcRequest(
      new Request("http://localhost/api/trpc/lead.convert", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ ...lead, id }),
      }),
      { db },
    );
    expect(converted.status).toBe(200);
    const data = await failure("lead.update", { ...lead, id, amount: 1 });
    expect(data).toMatchObject({ code: "CONFLICT", reason: "LEAD_CONVERTED" });
    expect(errorRu(data)).toBe("Лид конвертирован, его больше нельзя изменить");
  });
});
