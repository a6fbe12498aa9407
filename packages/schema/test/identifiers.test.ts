import { describe, expect, it } from "vitest";
import { fullLead } from "../src/fixtures.ts";
import {
  isPlausibleEmail,
  isValidCardNumber,
  isValidInn,
  isValidPassportNumber,
  isValidPassportSeries,
  isValidSnils,
  isValidSubdivisionCode,
  maskCardNumber,
  maskPassportNumber,
  normalizeRuMobilePhone,
} from "../src/identifiers.ts";
import type { LeadBody } from "../src/lead-contract.ts";
import { identifierProblems } from "../src/lead-identifiers.ts";

describe("INN", () => {
  it.each(["1234567894", "123456789047", " 1234567894 "])("accepts %j (DOMAIN.md)", (inn) => {
    expect(isValidInn(inn)).toBe(true);
  });

  it.each(["1234567895", "123456789037"])(
    "rejects %j, whose check digits are wrong (DOMAIN.md)",
    (inn) => {
      expect(isValidInn(inn)).toBe(false);
    },
  );

  it("rejects 448844545454, the source documentation's example, which fails its checksum", () => {
    expect(isValidInn("448844545454")).toBe(false);
  });

  it.each(["123456789", "12345678904", "1234567890471", "12345 67894", "123456789O", ""])(
    "rejects %j, which is not 10 or 12 digits",
    (inn) => {
      expect(isValidInn(inn)).toBe(false);
    },
  );
});

describe("SNILS", () => {
  it.each(["112-233-445 95", "010-242-368 77", "11223344595", "01024236877"])(
    "accepts %j (DOMAIN.md)",
    (snils) => {
      expect(isValidSnils(snils)).toBe(true);
    },
  );

  it("rejects 010-242-368 00, whose check number is wrong (DOMAIN.md)", () => {
    expect(isValidSnils("010-242-368 00")).toBe(false);
  });

  it("rejects 487-487-897 49, the source documentation's example, which fails its checksum", () => {
    expect(isValidSnils("487-487-897 49")).toBe(false);
    expect(isValidSnils("487-487-897 88")).toBe(true);
  });

  it.each([
    ["050-234-316 00", "a sum of 100"],
    ["016-103-396 00", "a sum of 101"],
    ["820-981-233 00", "a sum of 201, which is 100 mod 101"],
    ["913-702-858 00", "a sum of 202, which is 0 mod 101"],
  ])("accepts %j: %s gives the check number 00", (snils) => {
    expect(isValidSnils(snils)).toBe(true);
  });

  it("checks numbers only above 001-001-998", () => {
    expect(isValidSnils("001-001-998 00")).toBe(true);
    expect(isValidSnils("000-000-001 42")).toBe(true);
    expect(isValidSnils("001-001-999 65")).toBe(true);
    expect(isValidSnils("001-001-999 00")).toBe(false);
  });

  it.each([
    "112-233-44595",
    "112 233 445 95",
    "112-233-445-95",
    "1122334459",
    "112-233-445 9",
    "abc-def-ghi jk",
  ])("rejects %j, which is neither XXX-XXX-XXX YY nor 11 digits", (snils) => {
    expect(isValidSnils(snils)).toBe(false);
  });
});

describe("passport", () => {
  it("accepts a series of 4 digits, with spaces or without", () => {
    expect(isValidPassportSeries("4506")).toBe(true);
    expect(isValidPassportSeries("45 06")).toBe(true);
    for (const series of ["450", "45061", "45-06", "45O6", ""])
      expect(isValidPassportSeries(series)).toBe(false);
  });

  it("accepts a number of 6 digits, spaces between them tolerated as in the series", () => {
    expect(isValidPassportNumber("123456")).toBe(true);
    expect(isValidPassportNumber(" 123 456 ")).toBe(true);
    for (const no of ["12345", "1234567", "123-456", "12345б", ""])
      expect(isValidPassportNumber(no)).toBe(false);
  });

  it("accepts a subdivision code written NNN-NNN only", () => {
    expect(isValidSubdivisionCode("772-053")).toBe(true);
    for (const code of ["772053", "772 053", "77-2053", "772-05"])
      expect(isValidSubdivisionCode(code)).toBe(false);
  });

  it("masks all but the last 3 digits of a passport number", () => {
    expect(maskPassportNumber("123456")).toBe("***456");
    expect(maskPassportNumber("12")).toBe("**");
  });
});

describe("mobile phone", () => {
  it.each([
    "+7 912 345-67-89",
    "8 (912) 345 67 89",
    "79123456789",
    "9123456789",
    "+79123456789",
    " +7(912)345-67-89 ",
  ])("normalizes %j to +79123456789", (phone) => {
    expect(normalizeRuMobilePhone(phone)).toBe("+79123456789");
  });

  it.each([
    ["+7 343 371-23-45", "a landline"],
    ["+1 912 345 67 89", "a foreign number"],
    ["+8 912 345 67 89", "+8"],
    ["912345678", "too few digits"],
    ["8 912 345 67 890", "too many digits"],
    ["+7 912 ABC-67-89", "letters"],
    ["", "nothing"],
  ])("rejects %j (%s)", (phone) => {
    expect(normalizeRuMobilePhone(phone)).toBeNull();
  });
});

describe("card number", () => {
  it("accepts numbers passing Luhn, grouped by spaces or not", () => {
    expect(isValidCardNumber("4276 3800 1234 5679")).toBe(true);
    expect(isValidCardNumber("4276380012345679")).toBe(true);
    expect(isValidCardNumber("2200 7001 2345 6780 003")).toBe(true);
    expect(isValidCardNumber("500000000009")).toBe(true);
  });

  it("rejects 4276 3800 1234 5675, which fails Luhn", () => {
    expect(isValidCardNumber("4276 3800 1234 5675")).toBe(false);
  });

  it.each([
    "42763800123",
    "22007001234567800030",
    "4276-3800-1234-5679",
    "4276  3800 1234 5679",
    "",
  ])("rejects %j, which is not 12-19 digits in space-separated groups", (card) => {
    expect(isValidCardNumber(card)).toBe(false);
  });

  it("masks all but the first 6 and last 4 digits", () => {
    expect(maskCardNumber("4276 3800 1234 5679")).toBe("427638******5679");
    expect(maskCardNumber("2200 7001 2345 6780 003")).toBe("220070*********0003");
  });

  it("masks a value too short to be a card number entirely", () => {
    expect(maskCardNumber("12345678")).toBe("********");
  });
});

describe("e-mail", () => {
  it.each(["a.semenov@example.ru", " m.semenova@почта.рф ", "first+tag@mail.example.com"])(
    "takes %j for an address",
    (email) => {
      expect(isPlausibleEmail(email)).toBe(true);
    },
  );

  it.each(["not-an-email", "ivan@", "@example.ru", "ivan@example", "ivan @example.ru", "a@b..ru"])(
    "flags %j",
    (email) => {
      expect(isPlausibleEmail(email)).toBe(false);
    },
  );
});

describe("identifierProblems", () => {
  it("finds no problem on the full fixture lead", () => {
    expect(identifierProblems(fullLead())).toEqual([]);
  });

  const badLead = {
    inn: "448844545454",
    snils: "487-487-897 49",
    passport: { seria: "45O6", no: "12345", subdivisionCode: "772053" },
    mobilePhone: "+7 343 371-23-45",
    employerInn: "1234567895",
    relatives: [
      { passport: { seria: "6509", no: "654321" } },
      { passport: { seria: "65", no: "6543210", subdivisionCode: "66-0002" } },
    ],
  } satisfies LeadBody;

  it("reports every bad identifier with its dotted path", () => {
    expect(identifierProblems(badLead).map((problem) => problem.path)).toEqual([
      "inn",
      "snils",
      "passport.seria",
      "passport.no",
      "passport.subdivisionCode",
      "mobilePhone",
      "employerInn",
      "relatives.1.passport.seria",
      "relatives.1.passport.no",
      "relatives.1.passport.subdivisionCode",
    ]);
  });

  it("never echoes the checked value in a message", () => {
    const values = [
      "448844545454",
      "487-487-897 49",
      "48748789749",
      "45O6",
      "12345",
      "772053",
      "343",
      "3433712345",
      "1234567895",
      "6543210",
      "66-0002",
    ];
    for (const { message } of identifierProblems(badLead)) {
      expect(message).not.toBe("");
      for (const value of values) expect(message).not.toContain(value);
    }
  });

  it("tells a wrong length from a wrong checksum", () => {
    const [length, checksum] = identifierProblems({ inn: "12345", employerInn: "1234567895" });
    expect(length?.message).toContain("10 or 12 digits");
    expect(checksum?.message).toContain("check digits");
  });

  it("warns about an e-mail that is not one, the lead's and a relative's, by its format", () => {
    const problems = identifierProblems({
      email: "not-an-email",
      relatives: [{ email: "a.semenov@example.ru" }, { email: "ivan@" }],
    });
    expect(problems.map(({ path, code, params }) => ({ path, code, params }))).toEqual([
      { path: "email", code: "INVALID_FORMAT", params: { format: "email" } },
      { path: "relatives.1.email", code: "INVALID_FORMAT", params: { format: "email" } },
    ]);
    for (const { message } of problems) {
      expect(message).not.toContain("not-an-email");
      expect(message).not.toContain("ivan@");
    }
  });

  it("checks only fields that hold a value", () => {
    const lead = {
      inn: null,
      snils: "",
      passport: { seria: "  ", no: null },
      mobilePhone: undefined,
      email: " ",
      relatives: [{ passport: null, email: null }, {}],
    } satisfies LeadBody;
    expect(identifierProblems(lead)).toEqual([]);
    expect(identifierProblems({})).toEqual([]);
  });
});
