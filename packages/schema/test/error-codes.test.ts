// Zod's issues become field issues with stable codes by their zod code and format, and the
// contract's own refinements carry theirs explicitly: never from the English message.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldIssuesOf, ISSUE_CODES, identifierProblems, leadBodySchema } from "../src/index.ts";

const issuesOf = (input: unknown) => {
  const parsed = leadBodySchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return fieldIssuesOf(parsed.error!.issues, input);
};

describe("field issue codes", () => {
  it("a list over its bound is TOO_MANY, a FIAS chain too deep TOO_DEEP, both with the bound", () => {
    let chain: Record<string, unknown> = { name: "root" };
    for (let i = 0; i < 11; i++) chain = { name: `level ${i}`, parents: [chain] };
    const issues = issuesOf({
      goods: Array.from({ length: 101 }, () => ({})),
      addressData: { fiasChain: chain },
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: "goods", code: "TOO_MANY", params: { maximum: 100 } }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ code: "TOO_DEEP", params: { maximum: 10 } }),
    );
  });

  it("a NUL in a string is UNSTORABLE_TEXT; an attribute key that is not a plain identifier shows as *", () => {
    const issues = issuesOf({
      lastName: "Ив\u0000нов",
      addressData: { attributes: { "ключ с данными": "x".repeat(1001) } },
    });
    expect(issues).toContainEqual(
      expect.objectContaining({ path: "lastName", code: "UNSTORABLE_TEXT" }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({
        path: "addressData.attributes.*",
        code: "TOO_LONG",
        params: { maximum: 1000 },
      }),
    );
  });

  it("the card month and year regexes carry their formats; a bad date is INVALID_FORMAT of a date", () => {
    const issues = issuesOf({
      validThruMonth: "13",
      validThruYear: "202",
      birthDate: "2023-02-29",
    });
    expect(issues.map(({ path, code, params }) => ({ path, code, params }))).toEqual([
      { path: "birthDate", code: "INVALID_FORMAT", params: { format: "date" } },
      { path: "validThruMonth", code: "INVALID_FORMAT", params: { format: "cardMonth" } },
      { path: "validThruYear", code: "INVALID_FORMAT", params: { format: "cardYear" } },
    ]);
  });

  it("a missing value is REQUIRED only when the input is known to lack it; otherwise INVALID_TYPE", () => {
    const schema = z.object({ id: z.int() });
    const parsed = schema.safeParse({});
    expect(fieldIssuesOf(parsed.error!.issues, {})).toEqual([
      expect.objectContaining({ path: "id", code: "REQUIRED" }),
    ]);
    expect(fieldIssuesOf(parsed.error!.issues)).toEqual([
      expect.objectContaining({ path: "id", code: "INVALID_TYPE" }),
    ]);
  });

  it("a refinement without a known code is INVALID_VALUE, never a code made up from its message", () => {
    const schema = z
      .string()
      .refine(() => false, { message: "TOO_LONG", params: { code: "NOT_A_CODE" } });
    expect(fieldIssuesOf(schema.safeParse("x").error!.issues)).toEqual([
      { path: "", code: "INVALID_VALUE", message: "TOO_LONG" },
    ]);
  });

  it("identifier problems tell a malformed value from wrong check digits", () => {
    const problems = identifierProblems({
      inn: "7707083894",
      snils: "112-233",
      employerInn: "12345",
      passport: { no: "12" },
    });
    expect(problems.map(({ path, code, params }) => ({ path, code, params }))).toEqual([
      { path: "inn", code: "INVALID_CHECKSUM", params: { format: "inn" } },
      { path: "snils", code: "INVALID_FORMAT", params: { format: "snils" } },
      { path: "passport.no", code: "INVALID_FORMAT", params: { format: "passportNumber" } },
      { path: "employerInn", code: "INVALID_FORMAT", params: { format: "inn" } },
    ]);
    for (const problem of problems) expect(ISSUE_CODES).toContain(problem.code);
  });
});
