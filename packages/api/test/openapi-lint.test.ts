// The published OpenAPI document passes Stoplight Spectral (spectral:oas and the OWASP API
// Security ruleset, .spectral.yaml) with no error, and the lint is real: a document that breaks
// one of the rules fixed at the source fails it.
import { describe, expect, it } from "vitest";
import { describeFinding, lintOpenApi } from "../scripts/lint-openapi.ts";
import { openApiDocument } from "../src/index.ts";

type Operation = {
  responses: Record<string, { headers?: Record<string, unknown>; content?: unknown }>;
};
const operations = () =>
  Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
    (["get", "put", "post"] as const).flatMap((method) => {
      const operation = (item as Record<string, Operation | undefined>)[method];
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );

describe("the OpenAPI document under Spectral", () => {
  it("has no error from spectral:oas or the OWASP ruleset", () => {
    const { exitCode, findings } = lintOpenApi();
    const errors = findings.filter((finding) => finding.severity === 0).map(describeFinding);
    expect(errors).toEqual([]);
    expect(exitCode).toBe(0);
  });

  it("fails a document that drops a bound or a 500 response", () => {
    const document = structuredClone(openApiDocument()) as ReturnType<typeof openApiDocument> & {
      components: {
        schemas: Record<string, { properties: Record<string, { maxLength?: number }> }>;
      };
    };
    delete document.components.schemas["error.BAD_REQUEST"]!.properties.message!.maxLength;
    const first = operations()[0]!;
    const [path, method] = [first.name.split(" ")[1]!, first.name.split(" ")[0]!.toLowerCase()];
    delete (document.paths as Record<string, Record<string, Operation>>)[path]![method]!.responses[
      "500"
    ];
    const { exitCode, findings } = lintOpenApi(document);
    expect(exitCode).not.toBe(0);
    const codes = findings.map((finding) => finding.code);
    expect(codes).toContain("owasp:api4:2023-string-limit");
    expect(codes).toContain("owasp:api8:2023-define-error-responses-500");
  });

  it("every operation documents 429, 500 and 503, and Retry-After where LeadCore sends it", () => {
    expect(operations().length).toBeGreaterThan(0);
    for (const { name, operation } of operations()) {
      for (const status of ["429", "500", "503"])
        expect(operation.responses[status]?.content, `${name} ${status}`).toBeDefined();
      for (const status of ["429", "503"]) {
        expect(operation.responses[status]?.headers, `${name} ${status}`).toEqual({
          "Retry-After": { $ref: "#/components/headers/Retry-After" },
        });
      }
    }
  });
});

describe("the OpenAPI document's personal-data marks", () => {
  it('flags the fields the contract marks personal with "x-personal", and only those', () => {
    const schemas = openApiDocument().components?.schemas as Record<
      string,
      { properties: Record<string, { "x-personal"?: boolean }> }
    >;
    expect(schemas.Relative?.properties.lastName?.["x-personal"]).toBe(true);
    expect(schemas.Relative?.properties.passport?.["x-personal"]).toBe(true);
    expect(schemas.Address?.properties.streetName?.["x-personal"]).toBe(true);
    expect(schemas.Relative?.properties.comments?.["x-personal"]).toBeUndefined();
    expect(schemas.Address?.properties.postalCode?.["x-personal"]).toBeUndefined();
  });
});
