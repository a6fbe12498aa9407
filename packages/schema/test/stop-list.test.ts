import { describe, expect, it } from "vitest";
import {
  fieldIssuesOf,
  identityKey,
  type StopListEntryInput,
  stopListEntryKey,
  stopListEntrySchema,
  stopListKeysOfLead,
} from "../src/index.ts";

const reason = "Мошенничество";

function keyOf(entry: StopListEntryInput) {
  const result = stopListEntryKey(entry);
  if (!result.ok) throw new Error(`issues: ${JSON.stringify(result.issues)}`);
  return result.key;
}

function issuesOf(entry: StopListEntryInput) {
  const result = stopListEntryKey(entry);
  if (result.ok) throw new Error("expected issues");
  return result.issues.map(({ path, code, params }) => ({ path, code, params }));
}

describe("stopListEntryKey: an admin's entry as its normalized key", () => {
  it("a passport is its series and number digits together, however they are spaced", () => {
    const spaced = keyOf({ kind: "PASSPORT", seria: "40 08", no: "503 682", reason });
    expect(spaced).toEqual({ kind: "PASSPORT", value: "4008503682", display: "4008 503682" });
    expect(keyOf({ kind: "PASSPORT", seria: "4008", no: "503682", reason }).value).toBe(
      spaced.value,
    );
  });

  it("a phone is +79XXXXXXXXX from any usual spelling", () => {
    for (const mobilePhone of [
      "8 (916) 123-45-67",
      "+7 916 123 45 67",
      "79161234567",
      "9161234567",
    ])
      expect(keyOf({ kind: "PHONE", mobilePhone, reason })).toEqual({
        kind: "PHONE",
        value: "+79161234567",
        display: "+7 916 123-45-67",
      });
  });

  it("an INN and a SNILS are their digits only", () => {
    expect(keyOf({ kind: "INN", inn: " 1234 5678 94 ", reason }).value).toBe("1234567894");
    expect(keyOf({ kind: "INN", inn: "123456789047", reason }).value).toBe("123456789047");
    expect(keyOf({ kind: "SNILS", snils: "112-233-445 95", reason })).toEqual({
      kind: "SNILS",
      value: "11223344595",
      display: "112-233-445 95",
    });
    expect(keyOf({ kind: "SNILS", snils: "11223344595", reason }).value).toBe("11223344595");
  });

  it("a person is the normalized names and the birth date, ё read as е, case and spaces ignored", () => {
    const person = keyOf({
      kind: "PERSON",
      lastName: " Семёнов ",
      firstName: "Пётр",
      patronymic: "Алексеевич",
      birthDate: "1990-01-31",
      reason,
    });
    expect(person).toEqual({
      kind: "PERSON",
      value: "семенов\tпетр\tалексеевич\t1990-01-31",
      display: "Семёнов Пётр Алексеевич, 31.01.1990",
    });
    expect(
      keyOf({
        kind: "PERSON",
        lastName: "СЕМЕНОВ",
        firstName: "петр",
        patronymic: "Алексеевич  ",
        birthDate: "1990-01-31",
        reason,
      }).value,
    ).toBe(person.value);
    // The same names as the identity key compares them.
    const identity = identityKey({
      lastName: " Семёнов ",
      firstName: "Пётр",
      patronymic: "Алексеевич",
      passport: { seria: "4008", no: "503682" },
    });
    expect(identity.ok && [identity.key.lastName, identity.key.firstName]).toEqual([
      "семенов",
      "петр",
    ]);
  });

  it("a person without a patronymic has an empty one, as in the identity key", () => {
    const without = {
      kind: "PERSON",
      lastName: "Ким",
      firstName: "Анна",
      birthDate: "2001-02-03",
      reason,
    } as const;
    expect(keyOf(without).value).toBe("ким\tанна\t\t2001-02-03");
    expect(keyOf({ ...without, patronymic: "  " }).value).toBe(keyOf(without).value);
    expect(keyOf({ ...without, patronymic: null }).display).toBe("Ким Анна, 03.02.2001");
  });

  it("the separator never occurs in a name: names split differently are different people", () => {
    const a = keyOf({
      kind: "PERSON",
      lastName: "Анна Мария",
      firstName: "Иванова",
      birthDate: "1990-01-01",
      reason,
    });
    const b = keyOf({
      kind: "PERSON",
      lastName: "Анна",
      firstName: "Мария Иванова",
      birthDate: "1990-01-01",
      reason,
    });
    const tabbed = keyOf({
      kind: "PERSON",
      lastName: "Анна\tМария",
      firstName: "Иванова",
      birthDate: "1990-01-01",
      reason,
    });
    expect(a.value).not.toBe(b.value);
    expect(tabbed.value).toBe(a.value);
    expect(a.value.split("\t")).toHaveLength(4);
  });

  it("malformed values are refused by field and code, never quoting them", () => {
    expect(issuesOf({ kind: "PASSPORT", seria: "40a8", no: "50368", reason })).toEqual([
      { path: "seria", code: "INVALID_FORMAT", params: { format: "passportSeries" } },
      { path: "no", code: "INVALID_FORMAT", params: { format: "passportNumber" } },
    ]);
    expect(issuesOf({ kind: "PASSPORT", seria: " ", no: "", reason })).toEqual([
      { path: "seria", code: "REQUIRED", params: undefined },
      { path: "no", code: "REQUIRED", params: undefined },
    ]);
    expect(issuesOf({ kind: "PHONE", mobilePhone: "+7 495 123-45-67", reason })).toEqual([
      { path: "mobilePhone", code: "INVALID_FORMAT", params: { format: "mobilePhone" } },
    ]);
    expect(issuesOf({ kind: "INN", inn: "1234567895", reason })).toEqual([
      { path: "inn", code: "INVALID_CHECKSUM", params: { format: "inn" } },
    ]);
    expect(issuesOf({ kind: "INN", inn: "12345", reason })).toEqual([
      { path: "inn", code: "INVALID_FORMAT", params: { format: "inn" } },
    ]);
    expect(issuesOf({ kind: "SNILS", snils: "010-242-368 00", reason })).toEqual([
      { path: "snils", code: "INVALID_CHECKSUM", params: { format: "snils" } },
    ]);
    expect(
      issuesOf({
        kind: "PERSON",
        lastName: "",
        firstName: "Иван",
        birthDate: "1990-02-30",
        reason,
      }),
    ).toEqual([
      { path: "lastName", code: "REQUIRED", params: undefined },
      { path: "birthDate", code: "INVALID_FORMAT", params: { format: "date" } },
    ]);
    const result = stopListEntryKey({ kind: "INN", inn: "1234567895", reason });
    expect(JSON.stringify(result)).not.toContain("1234567895");
  });
});

describe("stopListEntrySchema: the entry's shape and bounds", () => {
  const issues = (input: unknown) => {
    const parsed = stopListEntrySchema.safeParse(input);
    expect(parsed.success).toBe(false);
    return fieldIssuesOf(parsed.error!.issues, input).map(({ path, code, params }) => ({
      path,
      code,
      ...(params ? { params } : {}),
    }));
  };

  it("a kind that is not one of the five is INVALID_ENUM at kind; a missing one is REQUIRED", () => {
    expect(issues({ kind: "EMAIL", email: "a@b.c", reason })).toEqual([
      { path: "kind", code: "INVALID_ENUM" },
    ]);
    expect(issues({ inn: "1234567894", reason })).toEqual([{ path: "kind", code: "REQUIRED" }]);
  });

  it("a field of another kind is UNKNOWN_FIELD; the reason is required and bounded", () => {
    expect(issues({ kind: "INN", inn: "1234567894", snils: "11223344595", reason })).toEqual([
      { path: "snils", code: "UNKNOWN_FIELD" },
    ]);
    expect(issues({ kind: "INN", inn: "1234567894", reason: "   " })).toEqual([
      { path: "reason", code: "TOO_SHORT", params: { minimum: 1 } },
    ]);
    expect(issues({ kind: "INN", inn: "1234567894", reason: "п".repeat(501) })).toEqual([
      { path: "reason", code: "TOO_LONG", params: { maximum: 500 } },
    ]);
    expect(issues({ kind: "INN", inn: "1234567894" })).toEqual([
      { path: "reason", code: "REQUIRED" },
    ]);
  });

  it("a NUL in a name is UNSTORABLE_TEXT", () => {
    expect(
      issues({
        kind: "PERSON",
        lastName: "Ив\u0000нов",
        firstName: "Иван",
        birthDate: "1990-01-01",
        reason,
      }),
    ).toEqual([{ path: "lastName", code: "UNSTORABLE_TEXT" }]);
  });
});

describe("stopListKeysOfLead: what a lead is looked up by", () => {
  it("a lead spelled differently from the entries still gives their keys", () => {
    const keys = stopListKeysOfLead({
      lastName: "СЕМЕНОВ",
      firstName: "петр",
      patronymic: "Алексеевич",
      birthDate: "1990-01-31",
      mobilePhone: "8 (916) 123-45-67",
      passport: { seria: "40 08", no: "503682" },
      inn: "1234-5678-94",
      snils: "112-233-445 95",
    });
    expect(keys).toEqual([
      { kind: "PASSPORT", value: "4008503682" },
      { kind: "PHONE", value: "+79161234567" },
      { kind: "INN", value: "1234567894" },
      { kind: "SNILS", value: "11223344595" },
      { kind: "PERSON", value: "семенов\tпетр\tалексеевич\t1990-01-31" },
    ]);
    const entries = [
      keyOf({ kind: "PASSPORT", seria: "4008", no: "503682", reason }),
      keyOf({ kind: "PHONE", mobilePhone: "+79161234567", reason }),
      keyOf({ kind: "INN", inn: "1234567894", reason }),
      keyOf({ kind: "SNILS", snils: "11223344595", reason }),
      keyOf({
        kind: "PERSON",
        lastName: "Семёнов",
        firstName: "Пётр",
        patronymic: "Алексеевич",
        birthDate: "1990-01-31",
        reason,
      }),
    ];
    expect(entries.map(({ kind, value }) => ({ kind, value }))).toEqual(keys);
  });

  it("a passport split in the wrong place is still the same 10 digits", () => {
    expect(stopListKeysOfLead({ passport: { seria: "40085", no: "03682" } })).toEqual([
      { kind: "PASSPORT", value: "4008503682" },
    ]);
  });

  it("fields in no usable form give no key; a person needs both names and a valid birth date", () => {
    expect(
      stopListKeysOfLead({
        passport: { seria: "4008", no: null },
        mobilePhone: "+7 495 123-45-67",
        inn: "12345",
        snils: "ИНН 11223344595",
        lastName: "Семёнов",
        firstName: "Пётр",
        birthDate: null,
      }),
    ).toEqual([]);
    expect(
      stopListKeysOfLead({ lastName: " ", firstName: "Пётр", birthDate: "1990-01-31" }),
    ).toEqual([]);
    expect(stopListKeysOfLead({})).toEqual([]);
  });
});
