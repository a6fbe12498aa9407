// The published OpenAPI document of the partner REST API, generated from the same procedures.
import { generateOpenApiDocument } from "trpc-to-openapi";
import { ERROR_REASONS, EXPECTED_TYPES, ISSUE_CODES, VALUE_FORMATS } from "@leadcore/schema";
import { appRouter } from "./root.ts";

export const REST_BASE_PATH = "/api/v1";

type Document = ReturnType<typeof generateOpenApiDocument>;
let cached: Document | undefined;

export function openApiDocument(): Document {
  cached ??= withErrorEnvelope(generateOpenApiDocument(appRouter, {
    title: "LeadCore partner API",
    description:
      "Leads in, clients out. Every request needs `Authorization: Bearer <API key>`. " +
      "Request bodies are JSON (at most 256 KiB), taken as typed: a string is never read as a number or a boolean. " +
      "Errors share one envelope: `{ code, reason, message, issues: [{ path, code, message, params }] }`. " +
      "Switch on `code` (the HTTP-level kind), `reason` (why the call was refused) and each issue's `code` " +
      "(what is wrong with the field at `path`): they are stable and listed below; messages are for humans and may change.",
    version: "1.0.0",
    baseUrl: REST_BASE_PATH,
    tags: ["leads"],
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A partner API key (lck_...)" } },
  }));
  return cached;
}

// The adapter documents its own error shape; ours (rest.ts) has a dotted `path` and a stable
// `code` in every issue, a stable `reason` where there is one, and always carries `issues`. Each
// error component keeps its title and example code; the code lists are components of their own
// (from @leadcore/schema error-codes.ts), so a generated client gets one enum of each.
function withErrorEnvelope(document: Document): Document {
  const schemas = document.components?.schemas ?? {};
  const errorNames = Object.keys(schemas).filter((name) => name.startsWith("error."));
  schemas.ErrorReason = {
    type: "string",
    enum: [...ERROR_REASONS],
    description: "Why the call was refused, specifically; absent where the HTTP-level `code` says all there is",
  };
  schemas.IssueCode = { type: "string", enum: [...ISSUE_CODES], description: "What is wrong with the field at `path`" };
  schemas.IssueParams = {
    type: "object",
    description: "The contract's own bounds and names behind an issue (never a value that was sent)",
    properties: {
      minimum: { type: "number" },
      maximum: { type: "number" },
      format: { type: "string", enum: [...VALUE_FORMATS], description: "The kind of value expected (INVALID_FORMAT, INVALID_CHECKSUM)" },
      expected: { type: "string", enum: [...EXPECTED_TYPES], description: "The type expected (INVALID_TYPE)" },
    },
  };
  for (const name of errorNames) {
    const schema = schemas[name];
    if (!name.startsWith("error.")) continue;
    const code = name.slice("error.".length);
    schemas[name] = {
      type: "object",
      title: (schema as { title?: string }).title,
      required: ["code", "message", "issues"],
      properties: {
        code: { type: "string", const: code },
        reason: { $ref: "#/components/schemas/ErrorReason" },
        message: { type: "string", description: "What went wrong; never contains the values sent" },
        issues: {
          type: "array",
          description: "Every field at fault, by its dotted path in the lead (e.g. passport.no)",
          items: {
            type: "object",
            required: ["path", "code", "message"],
            properties: {
              path: { type: "string", example: "passport.no" },
              code: { $ref: "#/components/schemas/IssueCode" },
              message: { type: "string" },
              params: { $ref: "#/components/schemas/IssueParams" },
            },
          },
        },
      },
      example: { code, message: (schema as { example?: { message?: string } }).example?.message ?? code, issues: [] },
    };
  }
  return document;
}
