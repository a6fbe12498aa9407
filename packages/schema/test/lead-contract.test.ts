import { describe, expect, it } from "vitest";
import { z } from "zod";
import { compactLead } from "../src/compact-lead.ts";
import { FIELD_LABELS_RU, fieldLabelRu } from "../src/field-labels.ts";
import { fullLead } from "../src/fixtures.ts";
import {
  CHANNELS,
  type FiasChain,
  LIMITS,
  leadBodySchema,
  PERIOD_UNITS,
} from "../src/lead-contract.ts";
import { unwrap, withValueAt } from "./support/zod-tree.ts";

function issues(body: unknown) {
  const result = leadBodySchema.safeParse(body);
  return result.success ? [] : result.error.issues;
}

function issuePaths(body: unknown): string[] {
  return issues(body).map((issue) => issue.path.join("."));
}

/** Every field of every object, elements of arrays included, must hold a value. */
function emptyFields(schema: z.core.$ZodType, value: unknown, path: string): string[] {
  const inner = unwrap(schema);
  if (value === undefined || value === null) return [path];
  if (inner instanceof z.ZodArray) {
    if (!Array.isArray(value) || value.length === 0) return [path];
    return value.flatMap((element, i) => emptyFields(inner.element, element, `${path}.${i}`));
  }
  if (inner instanceof z.ZodObject) {
    // The chain's topmost parent has no parents of its own; an empty array is its value.
    return Object.entries(inner.shape).flatMap(([name, field]) =>
      name === "parents"
        ? []
        : emptyFields(field, (value as Record<string, unknown>)[name], `${path}.${name}`),
    );
  }
  return [];
}

function chainOfDepth(levels: number): FiasChain {
  let chain: FiasChain = { name: "Свердловская", parents: [] };
  for (let level = 2; level <= levels; level++)
    chain = { name: `level ${level}`, parents: [chain] };
  return chain;
}

describe("a full lead", () => {
  it("fills every field of the contract, nested objects and arrays included", () => {
    expect(emptyFields(leadBodySchema, fullLead(), "lead")).toEqual([]);
  });

  it("parses unchanged", () => {
    expect(leadBodySchema.parse(fullLead())).toEqual(fullLead());
  });

  it("survives a JSON round trip unchanged", () => {
    expect(leadBodySchema.parse(JSON.parse(JSON.stringify(fullLead())))).toEqual(fullLead());
  });

  it("is accepted with a bad INN, SNILS or passport: identifiers are reported, not rejected, by the contract", () => {
    const lead = {
      ...fullLead(),
      inn: "448844545454",
      snils: "487-487-897 49",
      mobilePhone: "12345",
    };
    expect(issues(lead)).toEqual([]);
  });

  it("is accepted empty: every field is optional", () => {
    expect(issues({})).toEqual([]);
  });
});

describe("unknown keys", () => {
  it("rejects an unknown top-level key and names it", () => {
    const [issue, ...rest] = issues({ ...fullLead(), fristName: "Алексей" });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: "unrecognized_keys", keys: ["fristName"], path: [] });
    expect(issue?.message).toContain("fristName");
  });

  it.each([
    [["passport"], "serial"],
    [["addressData"], "flat"],
    [["registrationAddressData", "fiasChain"], "guid"],
    [["addressData", "fiasChain", "parents", 0], "code"],
    [["addresses", 0], "purpose"],
    [["relatives", 0], "phone"],
    [["relatives", 0, "passport"], "series"],
    [["extraFields", 0], "name"],
    [["goods", 0], "price"],
    [["leadDebts", 0], "rate"],
  ] as const)("rejects an unknown key inside %j and names it", (path, key) => {
    const lead = fullLead();
    let target: Record<string | number, unknown> = lead;
    for (const step of path) target = target[step] as Record<string | number, unknown>;
    target[key] = "x";
    const [issue, ...rest] = issues(lead);
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ code: "unrecognized_keys", keys: [key], path: [...path] });
    expect(issue?.message).toContain(key);
  });

  it("accepts any key in attributes, the one open map", () => {
    const lead = withValueAt(fullLead(), ["addressData", "attributes"], {
      домофон: "45К",
      "any key": "",
    });
    expect(issues(lead)).toEqual([]);
  });
});

describe("wrong types", () => {
  it("reports each wrongly typed field with its path", () => {
    const lead = {
      ...fullLead(),
      amount: "150000",
      approvedByScorista: "true",
      clientId: "1001",
      passport: { ...fullLead().passport, issueDate: 20070515 },
      relatives: [{ verified: "yes" }],
      goods: [{ quantity: 1.5 }],
    };
    expect(issuePaths(lead).sort()).toEqual(
      [
        "amount",
        "approvedByScorista",
        "clientId",
        "goods.0.quantity",
        "passport.issueDate",
        "relatives.0.verified",
      ].sort(),
    );
  });

  it("rejects ids that are negative, fractional or beyond the JSON-safe range", () => {
    for (const id of [-1, 1.5, Number.MAX_SAFE_INTEGER + 1]) {
      expect(issuePaths({ clientId: id })).toEqual(["clientId"]);
    }
    expect(issues({ clientId: Number.MAX_SAFE_INTEGER })).toEqual([]);
  });

  it("rejects negative counts and money but accepts a negative interest rate", () => {
    expect(issuePaths({ childrenCount: -1, period: -1, amount: -0.01 }).sort()).toEqual([
      "amount",
      "childrenCount",
      "period",
    ]);
    expect(issues({ leadDebts: [{ intRate: -1.5 }] })).toEqual([]);
    expect(issuePaths({ leadDebts: [{ intRate: LIMITS.interestRate + 1 }] })).toEqual([
      "leadDebts.0.intRate",
    ]);
  });

  it("rejects money above the cap", () => {
    expect(issuePaths({ amount: LIMITS.money + 1 })).toEqual(["amount"]);
  });

  it("accepts a byte position from -128 to 127 only", () => {
    expect(issues({ addresses: [{ position: -128 }, { position: 127 }] })).toEqual([]);
    expect(issuePaths({ addresses: [{ position: 128 }] })).toEqual(["addresses.0.position"]);
  });
});

describe("text PostgreSQL cannot store", () => {
  it("refuses a NUL character or an unpaired surrogate at the field's path, and keeps real emoji and ё", () => {
    const result = leadBodySchema.safeParse({
      firstName: "Ива\u0000н",
      lastName: "x\ud83d",
      passport: { manager: "\udc00ОВД" },
      addressData: { attributes: { "k\u0000": "v" } },
      title: "Заявка 😀 ёлка",
    });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["firstName", "lastName", "passport.manager"]));
    expect(paths.some((path) => path.startsWith("addressData.attributes"))).toBe(true);
    expect(paths).not.toContain("title");
  });
});

describe("calendar dates", () => {
  it("accepts 29 February of a leap year", () => {
    expect(issues({ birthDate: "2024-02-29", passport: { issueDate: "2000-02-29" } })).toEqual([]);
  });

  it.each([
    "2023-02-29",
    "1900-02-29",
    "2024-04-31",
    "2024-00-10",
    "2024-1-5",
    "12.04.1987",
    "2024-02-29T10:00:00Z",
    "",
  ])("rejects %j", (value) => {
    expect(issuePaths({ birthDate: value })).toEqual(["birthDate"]);
  });

  it("rejects years outside 1900..2200 as not plausible", () => {
    expect(issuePaths({ birthDate: "1899-12-31" })).toEqual(["birthDate"]);
    expect(issuePaths({ passport: { closeDate: "2201-01-01" } })).toEqual(["passport.closeDate"]);
    expect(issues({ birthDate: "1900-01-01", passport: { closeDate: "2200-12-31" } })).toEqual([]);
  });
});

describe("enums", () => {
  it("accepts every channel and period unit of the seed", () => {
    for (const channel of CHANNELS) expect(issues({ channel })).toEqual([]);
    for (const periodUnit of PERIOD_UNITS) expect(issues({ periodUnit })).toEqual([]);
  });

  it("rejects another spelling or value", () => {
    expect(issuePaths({ channel: "site", periodUnit: "MONTH" }).sort()).toEqual([
      "channel",
      "periodUnit",
    ]);
  });
});

describe("card fields", () => {
  it("accepts card numbers passing Luhn, grouped by spaces or not", () => {
    expect(issues({ cardNumber: "4276380012345679" })).toEqual([]);
    expect(issues({ cardNumber: "4276 3800 1234 5679" })).toEqual([]);
  });

  it("rejects a card number failing Luhn, of a wrong length or with other characters, without echoing it", () => {
    for (const cardNumber of [
      "4276 3800 1234 5675",
      "42763800123",
      "4276-3800-1234-5679",
      "4276 3800 1234 567X",
    ]) {
      const found = issues({ cardNumber });
      expect(found.map((issue) => issue.path.join("."))).toEqual(["cardNumber"]);
      expect(found[0]?.message).not.toContain(cardNumber.replace(/\D/g, "").slice(0, 8));
    }
  });

  it("accepts a CVC of 3 or 4 digits only", () => {
    expect(issues({ cardCvc: "123" })).toEqual([]);
    expect(issues({ cardCvc: "1234" })).toEqual([]);
    for (const cardCvc of ["12", "12345", "12a"])
      expect(issuePaths({ cardCvc })).toEqual(["cardCvc"]);
  });

  it("accepts the month as 1..12 with or without a leading zero, and the year as 2 or 4 digits", () => {
    for (const validThruMonth of ["1", "01", "9", "09", "12"])
      expect(issues({ validThruMonth })).toEqual([]);
    for (const validThruMonth of ["0", "00", "13", "1 "])
      expect(issuePaths({ validThruMonth })).toEqual(["validThruMonth"]);
    for (const validThruYear of ["28", "2028"]) expect(issues({ validThruYear })).toEqual([]);
    for (const validThruYear of ["8", "202", "20288"])
      expect(issuePaths({ validThruYear })).toEqual(["validThruYear"]);
  });
});

describe("nulls", () => {
  const nullLead = () => {
    const lead: Record<string, unknown> = {};
    for (const key of Object.keys(leadBodySchema.shape)) lead[key] = null;
    return lead;
  };

  it("accepts null for every top-level field", () => {
    expect(issues(nullLead())).toEqual([]);
  });

  it("accepts null for nested fields", () => {
    const lead = {
      passport: { seria: null, no: "123456" },
      addresses: [{ fiasChain: { parents: null, name: null }, attributes: null }],
      relatives: [{ passport: null, firstName: "Мария" }],
    };
    expect(issues(lead)).toEqual([]);
  });

  it("rejects null as an element of an array or as an attribute value", () => {
    expect(issuePaths({ goods: [null] })).toEqual(["goods.0"]);
    expect(issuePaths({ addressData: { attributes: { floor: null } } })).toEqual([
      "addressData.attributes.floor",
    ]);
  });

  it("compactLead removes null and undefined fields at every depth and keeps arrays", () => {
    const lead = leadBodySchema.parse({
      firstName: "Алексей",
      lastName: null,
      patronymic: undefined,
      passport: { seria: "4506", no: null },
      goods: [{ name: "Чайник", amount: null }],
      addresses: [],
      relatives: [{ passport: null, lastName: "Семёнова" }],
      addressData: {
        fiasChain: { name: "Ленина", parents: [{ name: "Екатеринбург", parents: null }] },
      },
    });
    expect(compactLead(lead)).toEqual({
      firstName: "Алексей",
      passport: { seria: "4506" },
      goods: [{ name: "Чайник" }],
      addresses: [],
      relatives: [{ lastName: "Семёнова" }],
      addressData: { fiasChain: { name: "Ленина", parents: [{ name: "Екатеринбург" }] } },
    });
    expect(JSON.stringify(compactLead(lead))).not.toContain("null");
  });

  it("compactLead removes every field of an all-null lead", () => {
    expect(compactLead(leadBodySchema.parse(nullLead()))).toEqual({});
  });

  it("compactLead keeps empty strings, zeros and false, which are values", () => {
    expect(compactLead({ title: "", amount: 0, mobilePhoneCheck: false })).toEqual({
      title: "",
      amount: 0,
      mobilePhoneCheck: false,
    });
  });

  it("compactLead returns a copy and leaves its input as it was", () => {
    const lead = { ...fullLead(), lastName: null };
    const copy = compactLead(lead);
    const expected: Record<string, unknown> = fullLead();
    delete expected.lastName;
    expect(copy).toEqual(expected);
    expect(lead.lastName).toBeNull();
    expect(copy.passport).not.toBe(lead.passport);
    expect(compactLead(fullLead())).toEqual(fullLead());
  });
});

describe("size limits", () => {
  it("rejects strings above their limits", () => {
    const lead = {
      lastName: "Я".repeat(LIMITS.name + 1),
      relatives: [{ comments: "x".repeat(LIMITS.longText + 1) }],
      addressData: { fullAddressText: "x".repeat(LIMITS.longText + 1) },
    };
    expect(issuePaths(lead).sort()).toEqual([
      "addressData.fullAddressText",
      "lastName",
      "relatives.0.comments",
    ]);
  });

  it("accepts strings at their limits", () => {
    expect(
      issues({
        lastName: "Я".repeat(LIMITS.name),
        relatives: [{ comments: "x".repeat(LIMITS.longText) }],
      }),
    ).toEqual([]);
  });

  it.each([
    ["addresses", LIMITS.addresses],
    ["relatives", LIMITS.relatives],
    ["goods", LIMITS.goods],
    ["extraFields", LIMITS.extraFields],
    ["leadDebts", LIMITS.leadDebts],
  ] as const)("accepts at most the limit of %s (%i)", (field, limit) => {
    expect(issues({ [field]: Array.from({ length: limit }, () => ({})) })).toEqual([]);
    expect(issuePaths({ [field]: Array.from({ length: limit + 1 }, () => ({})) })).toEqual([field]);
  });

  it("rejects too many attributes, too long keys or values, and an empty key", () => {
    const many = Object.fromEntries(
      Array.from({ length: LIMITS.attributeCount + 1 }, (_, i) => [`key${i}`, "v"]),
    );
    expect(issuePaths({ addressData: { attributes: many } })).toEqual(["addressData.attributes"]);
    expect(
      issuePaths({ addressData: { attributes: { ["k".repeat(LIMITS.attributeKey + 1)]: "v" } } }),
    ).not.toEqual([]);
    expect(issuePaths({ addressData: { attributes: { "": "v" } } })).not.toEqual([]);
    expect(
      issuePaths({ addressData: { attributes: { k: "v".repeat(LIMITS.attributeValue + 1) } } }),
    ).toEqual(["addressData.attributes.k"]);
  });

  it("drops an attribute named __proto__ rather than letting it replace the map's prototype", () => {
    const lead = leadBodySchema.parse(
      JSON.parse('{"addressData":{"attributes":{"__proto__":{"x":1},"floor":"7"}}}'),
    );
    const attributes = lead.addressData?.attributes ?? {};
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
    expect(Object.keys(attributes)).toEqual(["floor"]);
  });
});

describe("fiasChain depth", () => {
  it("accepts a chain of 10 levels", () => {
    expect(issues({ addressData: { fiasChain: chainOfDepth(LIMITS.fiasChainDepth) } })).toEqual([]);
  });

  it("rejects a chain of 11 levels at its outermost parents", () => {
    const found = issues({ addressData: { fiasChain: chainOfDepth(LIMITS.fiasChainDepth + 1) } });
    expect(found.map((issue) => issue.path.join("."))).toEqual(["addressData.fiasChain.parents"]);
    expect(found[0]?.message).toContain("deeper than 10 levels");
  });

  it("rejects more than 10 parents of one level", () => {
    const parents = Array.from({ length: LIMITS.fiasParents + 1 }, () => ({ name: "x" }));
    expect(issuePaths({ addresses: [{ fiasChain: { parents } }] })).toEqual([
      "addresses.0.fiasChain.parents",
    ]);
  });
});

describe("the JSON Schema / OpenAPI form", () => {
  it("names a component for every object and keeps the chain recursive", () => {
    const schema = z.toJSONSchema(leadBodySchema) as {
      $defs: Record<string, { properties: Record<string, unknown> }>;
    };
    expect(Object.keys(schema.$defs).sort()).toEqual(
      [
        "Address",
        "AddressListItem",
        "Consent",
        "ConsentChannel",
        "ExtraField",
        "FiasChain",
        "Good",
        "Lead",
        "LeadDebt",
        "Passport",
        "Relative",
      ].sort(),
    );
    expect(JSON.stringify(schema.$defs.FiasChain?.properties.parents)).toContain(
      '"$ref":"#/$defs/FiasChain"',
    );
  });

  it("marks ids as int64 and carries the Russian label", () => {
    const schema = z.toJSONSchema(leadBodySchema, { io: "input" }) as {
      $defs: Record<
        string,
        { properties: Record<string, { description?: string; anyOf?: { format?: string }[] }> }
      >;
    };
    const clientId = schema.$defs.Lead?.properties.clientId;
    expect(clientId?.description).toBe("Клиент (id)");
    expect(clientId?.anyOf?.[0]?.format).toBe("int64");
  });
});

describe("Russian labels", () => {
  it("labels fields by dotted path", () => {
    expect(FIELD_LABELS_RU["lastName"]).toBe("Фамилия");
    expect(FIELD_LABELS_RU["passport.seria"]).toBe("Серия паспорта");
    expect(FIELD_LABELS_RU["relatives.passport.no"]).toBe("Номер паспорта");
  });

  it("finds the label of a zod issue path, skipping array indices", () => {
    expect(fieldLabelRu(["relatives", 0, "passport", "seria"])).toBe("Серия паспорта");
    expect(fieldLabelRu(["noSuchField"])).toBeUndefined();
  });
});

describe("the consents (LeadCore's extension of the contract)", () => {
  const consent = {
    kind: "CREDIT_BUREAU",
    textVersion: "bki-3",
    givenAt: "2026-12-01T08:00:00Z",
    channel: "WEB",
  };

  it("takes a consent with its kind, text version, moment (with an offset) and channel", () => {
    expect(issues({ consents: [consent] })).toEqual([]);
    expect(issues({ consents: [{ ...consent, givenAt: "2026-12-01T13:00:00+05:00" }] })).toEqual(
      [],
    );
  });

  it("names the field of a consent that is missing, unknown or malformed", () => {
    const { kind: _kind, ...withoutKind } = consent;
    expect(issuePaths({ consents: [withoutKind] })).toEqual(["consents.0.kind"]);
    expect(issuePaths({ consents: [{ ...consent, channel: "FAX" }] })).toEqual([
      "consents.0.channel",
    ]);
    expect(issuePaths({ consents: [{ ...consent, givenAt: "вчера" }] })).toEqual([
      "consents.0.givenAt",
    ]);
    expect(issuePaths({ consents: [{ ...consent, textVersion: "" }] })).toEqual([
      "consents.0.textVersion",
    ]);
    expect(issuePaths({ consents: [{ ...consent, signedBy: "x" }] })).toEqual(["consents.0"]);
  });

  it(`holds at most ${LIMITS.consents} consents`, () => {
    expect(issuePaths({ consents: Array(LIMITS.consents + 1).fill(consent) })).toEqual([
      "consents",
    ]);
  });
});
