// The partner's side of the REST API: the published OpenAPI document validates and describes
// every field of the seed contract under the right operations; types generated from it compile
// against a partner's calls; and those calls, made with openapi-fetch, behave as documented.
import { execFile } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";
import { createPartnerWithKey } from "@leadcore/core";
import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { CONTRACT_EXTENSIONS } from "@leadcore/schema";
import { partnerLead } from "@leadcore/schema/fixtures";
import openapiTS, { astToString } from "openapi-typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The seed reader is @leadcore/schema's test support, not its API: read by path.
import { isMap, readSeed, seedEntries } from "../../../packages/schema/test/support/seed.ts";
import { type PartnerApi, partnerApi } from "./partner/calls.ts";
import { webDir } from "./paths.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

warnIfPostgresUntested();

type JsonSchema = {
  type?: string | string[];
  format?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
};
type Operation = {
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  parameters?: { name: string; in: string; schema: JsonSchema }[];
};

/** The non-null branch of a nullable schema. */
function solid(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.type)) return { ...schema, type: schema.type.find((t) => t !== "null") };
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return schema;
  const kept = branches.filter((b) => b.type !== "null");
  return kept.length === 1 ? solid(kept[0]!) : schema;
}

function at(root: JsonSchema, path: string[]): JsonSchema | undefined {
  let node: JsonSchema | undefined = solid(root);
  for (const step of path) {
    if (!node) return undefined;
    node = step === "[]" ? node.items : node.properties?.[step];
    node = node && solid(node);
  }
  return node;
}

const SEED_TYPE: Record<string, (s: JsonSchema) => boolean> = {
  int64: (s) => s.type === "integer" && s.format === "int64",
  int32: (s) => s.type === "integer",
  byte: (s) => s.type === "integer",
  double: (s) => s.type === "number",
  date: (s) => s.type === "string",
  boolean: (s) => s.type === "boolean",
  string: (s) => s.type === "string",
  object: (s) => s.type === "object",
  "object[]": (s) => s.type === "array",
  "undefined[]": (s) => s.type === "array",
};

describe("the published OpenAPI document", () => {
  let server: RunningServer;
  let database: ServerDatabase;
  let document: Record<string, unknown>;

  beforeAll(async () => {
    database = await createServerDatabase("embedded");
    server = await startServer({ env: database.env });
    const response = await fetch(`${server.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Record<string, unknown>;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  it("is a valid OpenAPI 3 document", async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it("describes every field of the seed, with its type, in the body of create, update and convert", async () => {
    const resolved = (await SwaggerParser.dereference(
      structuredClone(document) as never,
    )) as unknown as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = {
      create: resolved.paths["/leads"]!.post!,
      update: resolved.paths["/leads/{id}"]!.put!,
      convert: resolved.paths["/leads/{id}/convert"]!.post!,
    };
    const entries = seedEntries(readSeed());
    expect(entries.length).toBeGreaterThan(150);
    for (const [name, operation] of Object.entries(operations)) {
      const body = operation.requestBody!.content["application/json"]!.schema;
      // On update and convert the seed's top-level `id` is also the path parameter: the body
      // documents it too (absent or equal to the path's), so every body has all 62 fields, and
      // LeadCore's documented extension besides (`consents`, 152-FZ).
      const fields = Object.keys(solid(body).properties ?? {});
      expect(
        fields.filter((field) => !CONTRACT_EXTENSIONS.includes(field as never)).length,
        name,
      ).toBe(62);
      expect(fields, name).toEqual(expect.arrayContaining([...CONTRACT_EXTENSIONS]));
      for (const { path, field } of entries) {
        const schema = at(body, path);
        expect(schema, `${name}: ${path.join(".")}`).toBeDefined();
        expect(SEED_TYPE[field.type]!(schema!), `${name}: ${path.join(".")} is ${field.type}`).toBe(
          true,
        );
        if (field.enumValues) expect(schema!.enum, path.join(".")).toEqual(field.enumValues);
        if (isMap(field)) expect(schema!.additionalProperties, path.join(".")).toBeTruthy();
      }
    }
    const idParameter = operations.update.parameters!.find((p) => p.name === "id")!;
    expect(idParameter).toMatchObject({ in: "path", schema: { type: "integer", format: "int64" } });
  });

  // This file and partner/calls.ts are left out of the app's tsconfig: they need the generated types.
  it("generates TypeScript types that a partner's calls (and this test) compile against", async () => {
    const types = astToString(await openapiTS(document as never));
    const outDir = join(webDir, "test-output");
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, "partner-api.ts"), types);
    const tsc = join(webDir, "node_modules", "typescript", "bin", "tsc");
    const result = await promisify(execFile)(process.execPath, [
      tsc,
      "--noEmit",
      "-p",
      join(webDir, "test", "partner", "tsconfig.json"),
    ]).catch((error: { stdout: string; code: number }) => error);
    expect("code" in result ? result.stdout : "").toBe("");
  });
});

describe.each(testDatabaseKinds())(
  "a partner calling the REST API with openapi-fetch on %s",
  (kind) => {
    let server: RunningServer;
    let database: ServerDatabase;
    let api: PartnerApi;
    let other: PartnerApi;

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      const db = await database.open();
      const mine = (await createPartnerWithKey(db.prisma, "Партнёр контракта")).key;
      const theirs = (await createPartnerWithKey(db.prisma, "Другой партнёр")).key;
      await db.close();
      server = await startServer({ env: database.env });
      api = partnerApi(server.url, mine);
      other = partnerApi(server.url, theirs);
    });
    afterAll(async () => {
      await server?.stop();
      await database?.dispose();
    });

    it("a lead with every field filled reads back unchanged, the CVC excepted and the card number masked", async () => {
      const body = partnerLead();
      const created = await api.create(body);
      expect(created.response.status).toBe(200);
      const read = await api.get(created.data!);
      const { cardCvc: _cvc, cardNumber, ...expected } = body;
      expect(read.data).toMatchObject(expected);
      expect(read.data).not.toHaveProperty("cardCvc");
      const digits = cardNumber!.replace(/\D/g, "");
      expect(read.data!.cardNumber).toBe(
        `${digits.slice(0, 6)}${"*".repeat(digits.length - 10)}${digits.slice(-4)}`,
      );
    });

    it("create, update, convert, list and history work as a partner would use them", async () => {
      const body = {
        firstName: "Анна",
        lastName: "Контрактова",
        mobilePhone: "+79035550011",
        passport: { seria: "4512", no: "100200" },
        amount: 15000,
      };
      const id = (await api.create(body)).data!;
      expect((await api.update(id, { ...body, amount: 20000 })).data).toBe(id);
      const clientId = (await api.convert(id, { ...body, amount: 20000 })).data!;
      expect(Number.isInteger(clientId)).toBe(true);
      const page = await api.list({ status: "CONVERTED", limit: 100 });
      expect(page.data!.items.map((lead) => lead.id)).toContain(id);
      expect(page.data!.items.find((lead) => lead.id === id)?.clientId).toBe(clientId);
      const history = await api.history(id);
      expect(history.data!.map((entry) => entry.kind)).toEqual(["CREATED", "UPDATED", "CONVERTED"]);
    });

    it("answers every error case with its status and the { code, message, issues } envelope", async () => {
      const body = { firstName: "Борис", mobilePhone: "+79035550012" };
      const id = (await api.create(body)).data!;

      const wrongType = await api.create({ ...body, ufmsCheck: "false" as never });
      expect(wrongType.response.status).toBe(400);
      expect(wrongType.error).toMatchObject({
        code: "BAD_REQUEST",
        reason: "INVALID_INPUT",
        issues: [{ path: "ufmsCheck", code: "INVALID_TYPE", params: { expected: "boolean" } }],
      });

      const missing = await api.create({ lastName: "Безымянный" });
      expect(missing.response.status).toBe(400);
      expect(missing.error!.issues.map((i) => i.path)).toEqual(["firstName", "mobilePhone"]);
      expect(missing.error).toMatchObject({
        reason: "LEAD_INCOMPLETE",
        issues: [{ code: "REQUIRED_TO_SAVE" }, { code: "REQUIRED_TO_SAVE" }],
      });

      expect((await other.get(id)).response.status).toBe(404);
      expect((await other.get(id)).error).toMatchObject({
        code: "NOT_FOUND",
        reason: "LEAD_NOT_FOUND",
        issues: [],
      });

      const unconvertible = await api.convert(id, body);
      expect(unconvertible.response.status).toBe(422);
      expect(unconvertible.error).toMatchObject({
        code: "UNPROCESSABLE_CONTENT",
        reason: "LEAD_NOT_CONVERTIBLE",
      });
      expect(new Set(unconvertible.error!.issues.map((i) => i.code))).toEqual(
        new Set(["REQUIRED_TO_CONVERT"]),
      );
      expect(unconvertible.error!.issues.map((i) => i.path).sort()).toEqual([
        "lastName",
        "passport.no",
        "passport.seria",
      ]);

      const person = { ...body, lastName: "Конфликтов", passport: { seria: "4513", no: "300400" } };
      await api.update(id, person);
      await api.convert(id, person);
      const conflict = await api.update(id, { ...person, amount: 1 });
      expect(conflict.response.status).toBe(409);
      expect(conflict.error).toMatchObject({ code: "CONFLICT", reason: "LEAD_CONVERTED" });

      const unauthorized = await partnerApi(server.url, "lck_not_a_key").get(id);
      expect(unauthorized.response.status).toBe(401);
      expect(unauthorized.error).toMatchObject({
        code: "UNAUTHORIZED",
        reason: "AUTHENTICATION_REQUIRED",
      });

      const tooLarge = await fetch(`${server.url}/api/v1/leads`, {
        method: "POST",
        headers: { authorization: "Bearer x", "content-type": "application/json" },
        body: JSON.stringify({ firstName: "x".repeat(300 * 1024) }),
      });
      expect(tooLarge.status).toBe(413);
      expect(await tooLarge.json()).toMatchObject({
        code: "PAYLOAD_TOO_LARGE",
        reason: "BODY_TOO_LARGE",
      });

      const notJson = await fetch(`${server.url}/api/v1/leads`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "hi",
      });
      expect(notJson.status).toBe(415);
      expect(await notJson.json()).toMatchObject({
        code: "UNSUPPORTED_MEDIA_TYPE",
        reason: "NOT_JSON",
      });

      const retried = await Promise.all([1, 2].map(() => api.create(body, "partner-retry-1")));
      expect(retried[0]!.data).toBe(retried[1]!.data);
      const reused = await api.create({ ...body, amount: 5 }, "partner-retry-1");
      expect(reused.response.status).toBe(409);
      // The generated client's type of `reason` is the document's enum: a partner switches on it.
      const reason = reused.error?.reason;
      expect(reason === "IDEMPOTENCY_KEY_REUSED").toBe(true);
    });
  },
);
