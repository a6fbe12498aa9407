// The stable codes on both surfaces, through the real HTTP handlers (so the REST envelope and
// tRPC's error.data are exactly what a caller gets): every failure carries its transport `code`,
// its specific `reason`, and every field issue its own `code` and `params`. Partners and the UI
// switch on these, never on the English messages.

import { createOperator, createPartnerWithKey } from "@leadcore/core";
import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import { ERROR_REASONS, ISSUE_CODES, VALUE_FORMATS } from "@leadcore/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  handleRestRequest,
  handleTrpcRequest,
  MAX_BODY_BYTES,
  openApiDocument,
} from "../src/index.ts";
import { LOGIN_ATTEMPTS } from "../src/sign-in-guard.ts";
import { ivanovLead } from "./support/calls.ts";

warnIfPostgresUntested();

const lead = ivanovLead;

type Failure = {
  status: number;
  code: string;
  reason?: string;
  message: string;
  issues: { path: string; code: string; params?: object }[];
};

describe.each(testDatabaseKinds())("error codes on %s", (kind) => {
  let db: Database;
  let key: string;

  const headersOf = (extra: Record<string, string>, token: string) => ({
    authorization: `Bearer ${token}`,
    "content-type": "application/json",
    ...extra,
  });

  /** A REST call that must fail: its status and envelope. */
  const rest = async (
    method: string,
    path: string,
    body: unknown,
    extra: Record<string, string> = {},
    token = key,
  ): Promise<Failure> => {
    const response = await handleRestRequest(
      new Request(`http://localhost/api/v1${path}`, {
        method,
        headers: headersOf(extra, token),
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      { db },
    );
    expect(response.ok).toBe(false);
    const envelope = (await response.json()) as Omit<Failure, "status">;
    return { status: response.status, ...envelope };
  };

  /** A tRPC call (one, not batched) that must fail: its status and error.data. */
  const trpc = async (
    procedure: string,
    input: unknown,
    extra: Record<string, string> = {},
    token = key,
  ): Promise<Failure> => {
    const response = await handleTrpcRequest(
      new Request(`http://localhost/api/trpc/${procedure}`, {
        method: "POST",
        headers: headersOf(extra, token),
        body: typeof input === "string" ? input : JSON.stringify(input),
      }),
      { db },
    );
    expect(response.ok).toBe(false);
    const { error } = (await response.json()) as {
      error: { message: string; data: Omit<Failure, "status" | "message"> };
    };
    const { code, reason, issues } = error.data;
    return { status: response.status, code, reason, message: error.message, issues };
  };

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    key = (await createPartnerWithKey(db.prisma, "Коды ошибок")).key;
  });
  afterAll(async () => {
    await db?.close();
  });

  const contractCases = [
    {
      name: "an unknown field is UNKNOWN_FIELD at its path",
      body: { ...lead, lastname: "typo" },
      issue: { path: "lastname", code: "UNKNOWN_FIELD" },
    },
    {
      name: "a string where a number belongs is INVALID_TYPE, expecting a number",
      body: { ...lead, amount: "100" },
      issue: { path: "amount", code: "INVALID_TYPE", params: { expected: "number" } },
    },
    {
      name: "a card number failing the Luhn check is INVALID_CHECKSUM of a cardNumber",
      body: { ...lead, cardNumber: "4276 3800 0000 0001" },
      issue: { path: "cardNumber", code: "INVALID_CHECKSUM", params: { format: "cardNumber" } },
    },
    {
      name: "a card number that is not digits is INVALID_FORMAT of a cardNumber",
      body: { ...lead, cardNumber: "not a card" },
      issue: { path: "cardNumber", code: "INVALID_FORMAT", params: { format: "cardNumber" } },
    },
    {
      name: "a name over the contract's bound is TOO_LONG, with the bound",
      body: { ...lead, lastName: "И".repeat(101) },
      issue: { path: "lastName", code: "TOO_LONG", params: { maximum: 100 } },
    },
    {
      name: "a CVC not of 3 or 4 digits is INVALID_FORMAT of a cardCvc (a contract regex, mapped by its pattern)",
      body: { ...lead, cardCvc: "12" },
      issue: { path: "cardCvc", code: "INVALID_FORMAT", params: { format: "cardCvc" } },
    },
    {
      name: "a year outside the contract's range is OUT_OF_RANGE of a year, with both bounds",
      body: { ...lead, birthDate: "1800-01-01" },
      issue: {
        path: "birthDate",
        code: "OUT_OF_RANGE",
        params: { format: "year", minimum: 1900, maximum: 2200 },
      },
    },
    {
      name: "a value outside an enum is INVALID_ENUM",
      body: { ...lead, channel: "FAX" },
      issue: { path: "channel", code: "INVALID_ENUM" },
    },
  ];

  for (const { name, body, issue } of contractCases) {
    it(`${name}: REST and tRPC, reason INVALID_INPUT`, async () => {
      for (const failure of [await rest("POST", "/leads", body), await trpc("lead.create", body)]) {
        expect(failure).toMatchObject({
          status: 400,
          code: "BAD_REQUEST",
          reason: "INVALID_INPUT",
        });
        expect(failure.issues).toContainEqual(expect.objectContaining(issue));
        // Exactly these params: nothing of the value sent rides along.
        expect(failure.issues.find((i) => i.path === issue.path)?.params).toEqual(issue.params);
      }
    });
  }

  it("a missing required input is REQUIRED, not INVALID_TYPE, on tRPC", async () => {
    const failure = await trpc("lead.get", {});
    expect(failure).toMatchObject({ status: 400, code: "BAD_REQUEST", reason: "INVALID_INPUT" });
    expect(failure.issues).toEqual([expect.objectContaining({ path: "id", code: "REQUIRED" })]);
  });

  it("an INN whose check digits do not match blocks a conversion: 422 LEAD_NOT_CONVERTIBLE with INVALID_CHECKSUM at inn", async () => {
    const body = { ...lead, inn: "7707083894" };
    const created = await handleRestRequest(
      new Request("http://localhost/api/v1/leads", {
        method: "POST",
        headers: headersOf({}, key),
        body: JSON.stringify(body),
      }),
      { db },
    );
    const id = (await created.json()) as number;
    for (const failure of [
      await rest("POST", `/leads/${id}/convert`, body),
      await trpc("lead.convert", { ...body, id }),
    ]) {
      expect(failure).toMatchObject({
        status: 422,
        code: "UNPROCESSABLE_CONTENT",
        reason: "LEAD_NOT_CONVERTIBLE",
      });
      expect(failure.issues).toEqual([
        expect.objectContaining({
          path: "inn",
          code: "INVALID_CHECKSUM",
          params: { format: "inn" },
        }),
      ]);
    }
  });

  it("changing a converted lead is 409 CONFLICT with reason LEAD_CONVERTED", async () => {
    const created = await handleRestRequest(
      new Request("http://localhost/api/v1/leads", {
        method: "POST",
        headers: headersOf({}, key),
        body: JSON.stringify(lead),
      }),
      { db },
    );
    const id = (await created.json()) as number;
    const converted = await handleRestRequest(
      new Request(`http://localhost/api/v1/leads/${id}/convert`, {
        method: "POST",
        headers: headersOf({}, key),
        body: JSON.stringify(lead),
      }),
      { db },
    );
    expect(converted.status).toBe(200);
    for (const failure of [
      await rest("PUT", `/leads/${id}`, { ...lead, amount: 1 }),
      await trpc("lead.update", { ...lead, id, amount: 1 }),
    ]) {
      expect(failure).toEqual({
        status: 409,
        code: "CONFLICT",
        reason: "LEAD_CONVERTED",
        message: expect.any(String),
        issues: [],
      });
    }
  });

  it("an Idempotency-Key reused with another body is 409 CONFLICT with reason IDEMPOTENCY_KEY_REUSED", async () => {
    for (const [surface, idempotencyKey] of [
      ["rest", "codes-rest-1"],
      ["trpc", "codes-trpc-1"],
    ] as const) {
      const headers = { "idempotency-key": idempotencyKey };
      const first = await handleRestRequest(
        new Request("http://localhost/api/v1/leads", {
          method: "POST",
          headers: headersOf(headers, key),
          body: JSON.stringify(lead),
        }),
        { db },
      );
      expect(first.status).toBe(200);
      const other = { ...lead, amount: 1 };
      const failure =
        surface === "rest"
          ? await rest("POST", "/leads", other, headers)
          : await trpc("lead.create", other, headers);
      expect(failure).toMatchObject({
        status: 409,
        code: "CONFLICT",
        reason: "IDEMPOTENCY_KEY_REUSED",
        issues: [],
      });
    }
  });

  it("a body over the limit is 413 PAYLOAD_TOO_LARGE with reason BODY_TOO_LARGE, before any parser", async () => {
    const huge = JSON.stringify({ ...lead, title: "x".repeat(MAX_BODY_BYTES) });
    for (const failure of [await rest("POST", "/leads", huge), await trpc("lead.create", huge)]) {
      expect(failure).toMatchObject({
        status: 413,
        code: "PAYLOAD_TOO_LARGE",
        reason: "BODY_TOO_LARGE",
        issues: [],
      });
    }
  });

  it("a body that is not JSON is 415 with reason NOT_JSON, and nesting past the limit is 400 TOO_DEEP", async () => {
    const send = (surface: "rest" | "trpc", body: string, type: string) =>
      surface === "rest"
        ? handleRestRequest(
            new Request("http://localhost/api/v1/leads", {
              method: "POST",
              headers: { authorization: `Bearer ${key}`, "content-type": type },
              body,
            }),
            { db },
          )
        : handleTrpcRequest(
            new Request("http://localhost/api/trpc/lead.create", {
              method: "POST",
              headers: { authorization: `Bearer ${key}`, "content-type": type },
              body,
            }),
            { db },
          );
    const deep = `${"[".repeat(100)}${"]".repeat(100)}`;
    for (const surface of ["rest", "trpc"] as const) {
      const notJson = await send(surface, "a=1", "application/x-www-form-urlencoded");
      const tooDeep = await send(surface, deep, "application/json");
      const bodies = [await notJson.json(), await tooDeep.json()] as {
        reason?: string;
        error?: { data: { reason: string } };
      }[];
      expect([notJson.status, tooDeep.status]).toEqual([415, 400]);
      expect(bodies.map((body) => body.reason ?? body.error?.data.reason)).toEqual([
        "NOT_JSON",
        "TOO_DEEP",
      ]);
    }
  });

  it("a body id that differs from the path's is 400 ID_MISMATCH, with an ID_MISMATCH issue at id", async () => {
    const failure = await rest("PUT", "/leads/1", { ...lead, id: 2 });
    expect(failure).toMatchObject({ status: 400, code: "BAD_REQUEST", reason: "ID_MISMATCH" });
    expect(failure.issues).toEqual([expect.objectContaining({ path: "id", code: "ID_MISMATCH" })]);
  });

  it(`after ${LOGIN_ATTEMPTS} wrong passwords the login is locked: 429 TOO_MANY_REQUESTS with reason LOGIN_LOCKED (tRPC: sign-in has no REST route)`, async () => {
    await createOperator(db.prisma, {
      login: "locked-out",
      password: "the right password",
      role: "operator",
    });
    const attempt = () =>
      handleTrpcRequest(
        new Request("http://localhost/api/trpc/auth.signIn", {
          method: "POST",
          headers: { "content-type": "application/json", [CLIENT_ADDRESS_HEADER]: "198.51.100.7" },
          body: JSON.stringify({ login: "locked-out", password: "a wrong password" }),
        }),
        { db },
      ).then(async (response) => ({
        status: response.status,
        data: ((await response.json()) as { error: { data: Failure } }).error.data,
      }));
    for (let i = 0; i < LOGIN_ATTEMPTS; i++) {
      expect(await attempt()).toMatchObject({
        status: 401,
        data: { code: "UNAUTHORIZED", reason: "WRONG_CREDENTIALS" },
      });
    }
    expect(await attempt()).toMatchObject({
      status: 429,
      data: { code: "TOO_MANY_REQUESTS", reason: "LOGIN_LOCKED", issues: [] },
    });
  });

  it("an address that keeps sending unknown keys is throttled: 429 with reason INVALID_API_KEY_THROTTLED on REST and tRPC", async () => {
    const address = { [CLIENT_ADDRESS_HEADER]: "198.51.100.99" };
    let last: Failure | undefined;
    // The default budget is 20 a minute (LEADCORE_FAILED_KEY_LIMIT): well past it, both surfaces refuse.
    for (let i = 0; i < 25; i++)
      last = await rest("POST", "/leads", lead, address, `lck_unknown_${i}`);
    expect(last).toMatchObject({
      status: 429,
      code: "TOO_MANY_REQUESTS",
      reason: "INVALID_API_KEY_THROTTLED",
    });
    expect(await trpc("lead.create", lead, address, "lck_unknown_trpc")).toMatchObject({
      status: 429,
      code: "TOO_MANY_REQUESTS",
      reason: "INVALID_API_KEY_THROTTLED",
    });
  });

  it("no key is 401 with reason AUTHENTICATION_REQUIRED on both surfaces", async () => {
    const none = { [CLIENT_ADDRESS_HEADER]: "198.51.100.50" };
    for (const failure of [
      await rest("POST", "/leads", lead, none, ""),
      await trpc("lead.create", lead, none, ""),
    ]) {
      expect(failure).toMatchObject({
        status: 401,
        code: "UNAUTHORIZED",
        reason: "AUTHENTICATION_REQUIRED",
      });
    }
  });
});

describe("the OpenAPI document lists the codes", () => {
  const schemas = openApiDocument().components?.schemas ?? {};
  type Schema = (typeof schemas)[string];
  /** The schema written out; a reference (or nothing) where one is expected fails the test. */
  const inline = (schema: Schema | undefined): Exclude<Schema, { $ref: string }> => {
    if (schema === undefined || "$ref" in schema) throw new Error("expected an inline schema");
    return schema;
  };

  it("as enums, from the one list in @leadcore/schema", () => {
    expect(inline(schemas.ErrorReason).enum).toEqual([...ERROR_REASONS]);
    expect(inline(schemas.IssueCode).enum).toEqual([...ISSUE_CODES]);
    expect(inline(inline(schemas.IssueParams).properties?.format).enum).toEqual([...VALUE_FORMATS]);
  });

  it("in every error envelope: reason, and each issue's code", () => {
    const envelopes = Object.entries(schemas).filter(([name]) => name.startsWith("error."));
    expect(envelopes.length).toBeGreaterThan(0);
    for (const [, envelope] of envelopes) {
      const properties = inline(envelope).properties;
      const issue = inline(inline(properties?.issues).items);
      expect(properties?.reason).toEqual({ $ref: "#/components/schemas/ErrorReason" });
      expect(issue.required).toEqual(["path", "code", "message"]);
      expect(issue.properties?.code).toEqual({ $ref: "#/components/schemas/IssueCode" });
    }
  });
});
