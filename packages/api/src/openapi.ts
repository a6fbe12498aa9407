// The published OpenAPI document of the partner REST API, generated from the same procedures.

import {
  ERROR_REASONS,
  EXPECTED_TYPES,
  ISSUE_BOUNDS,
  ISSUE_CODES,
  VALUE_FORMATS,
  WEBHOOK_MESSAGE_TYPES,
  webhookPayloadSchema,
} from "@leadcore/schema";
import { generateOpenApiDocument } from "trpc-to-openapi";
import { z } from "zod";
import { MAX_WINDOW_SECONDS } from "./rate-limit.ts";
import { appRouter } from "./root.ts";

export const REST_BASE_PATH = "/api/v1";

type Document = ReturnType<typeof generateOpenApiDocument>;
let cached: Document | undefined;

export function openApiDocument(): Document {
  cached ??= withWebhooks(
    withRetryAfter(
      withBodyId(
        withServerAudience(
          withErrorEnvelope(
            generateOpenApiDocument(appRouter, {
              title: "LeadCore partner API",
              description:
                "Leads in, clients out. Every request needs `Authorization: Bearer <API key>`. " +
                "Request bodies are JSON (at most 256 KiB), taken as typed: a string is never read as a number or a boolean. " +
                "Errors share one envelope: `{ code, reason, message, issues: [{ path, code, message, params }] }`. " +
                "Switch on `code` (the HTTP-level kind), `reason` (why the call was refused) and each issue's `code` " +
                "(what is wrong with the field at `path`): they are stable and listed below; messages are for humans and may change.",
              version: "1.0.0",
              baseUrl: REST_BASE_PATH,
              tags: ["leads", "denial reasons", "webhooks"],
              securitySchemes: {
                bearer: {
                  type: "http",
                  scheme: "bearer",
                  description: "A partner API key (lck_...)",
                },
              },
            }),
          ),
        ),
      ),
    ),
  );
  return cached;
}

// What LeadCore sends to a partner's endpoints (OpenAPI 3.1 `webhooks`): one entry per event type,
// the Standard Webhooks headers, the payload's schema. A receiver answers 2xx within 10 s; anything
// else is retried with the same webhook-id.
function withWebhooks(document: Document): Document {
  // Shared parts (ConversionOutcome) point at the components the procedures already made.
  const {
    $schema: _,
    $defs: __,
    ...schema
  } = z.toJSONSchema(webhookPayloadSchema, { io: "output" });
  const payload = JSON.parse(
    JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/'),
  );
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    WebhookPayload: payload as never,
  };
  const header = (description: string, maxLength: number) => ({
    required: true,
    description,
    schema: { type: "string" as const, maxLength },
  });
  const operation = (type: string) => ({
    summary: `${type}: signed per Standard Webhooks`,
    description:
      "Verify `webhook-signature` with the endpoint's secret (the `standardwebhooks` package does it) and refuse a " +
      "`webhook-timestamp` older than 5 minutes. The same `webhook-id` on a retry or a resend: drop repeats. " +
      "The payload carries ids, states and codes, never personal data: read the lead with your key.",
    parameters: [
      {
        name: "webhook-id",
        in: "header" as const,
        ...header("msg_...: the same on every attempt", 60),
      },
      {
        name: "webhook-timestamp",
        in: "header" as const,
        ...header("Unix seconds of the attempt", 20),
      },
      {
        name: "webhook-signature",
        in: "header" as const,
        ...header("v1,<base64 HMAC-SHA256>; two, space-separated, during a secret rotation", 400),
      },
    ],
    requestBody: {
      required: true,
      content: { "application/json": { schema: { $ref: "#/components/schemas/WebhookPayload" } } },
    },
    responses: {
      "200": { description: "Received (any 2xx)" },
      default: { description: "Anything else, a timeout (10 s) or no answer: retried" },
    },
  });
  (document as Document & { webhooks?: Record<string, unknown> }).webhooks = Object.fromEntries(
    WEBHOOK_MESSAGE_TYPES.map((type) => [type, { post: operation(type) }]),
  );
  return document;
}

// The body of an edit or a conversion is the seed's lead, whose `id` is one of its fields; the
// adapter takes the path's `id` out of the body schema, so the document would hide that a body
// may carry it. Put it back, saying the rule the REST edge enforces (rest.ts: ID_MISMATCH).
function withBodyId(document: Document): Document {
  for (const [template, path] of Object.entries(document.paths ?? {})) {
    if (!/^\/leads\/\{id\}(\/convert)?$/.test(template)) continue;
    for (const operation of [path?.put, path?.post]) {
      const body = operation?.requestBody;
      const schema = body && !("$ref" in body) ? body.content["application/json"]?.schema : null;
      if (!schema || "$ref" in schema) continue;
      schema.properties = {
        id: {
          type: "integer",
          format: "int64",
          minimum: 1,
          maximum: Number.MAX_SAFE_INTEGER,
          description:
            "Лид (id): absent, or equal to the id in the path (400 ID_MISMATCH otherwise)",
        },
        ...schema.properties,
      };
    }
  }
  return document;
}

// The one server is the partner API itself: public, meant for partners outside the lender
// (OWASP API9, inventory: every server says its audience).
function withServerAudience(document: Document): Document {
  document.servers = (document.servers ?? []).map((server) => ({ ...server, "x-internal": false }));
  return document;
}

// What LeadCore sends when a call should wait: `Retry-After` on a 429 (the rate limit's bucket,
// rate-limit.ts) and on a 503 (the database is away: retry soon). It sends no RateLimit or
// X-RateLimit-* headers on other answers, so the document promises none (.spectral.yaml says
// why that OWASP rule is off). The adapter documents headers on the 200 only: added here.
function withRetryAfter(document: Document): Document {
  document.components ??= {};
  document.components.headers = {
    ...document.components.headers,
    "Retry-After": {
      description: "Whole seconds to wait before the next call would be answered",
      required: true,
      schema: { type: "integer", format: "int32", minimum: 1, maximum: MAX_WINDOW_SECONDS },
    },
  };
  for (const path of Object.values(document.paths ?? {})) {
    for (const method of ["get", "put", "post", "delete", "patch"] as const) {
      for (const status of ["429", "503"]) {
        const response = path?.[method]?.responses?.[status];
        if (response && !("$ref" in response)) {
          response.headers = {
            ...response.headers,
            "Retry-After": { $ref: "#/components/headers/Retry-After" },
          };
        }
      }
    }
  }
  return document;
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
    description:
      "Why the call was refused, specifically; absent where the HTTP-level `code` says all there is",
  };
  schemas.IssueCode = {
    type: "string",
    enum: [...ISSUE_CODES],
    description: "What is wrong with the field at `path`",
  };
  schemas.IssueParams = {
    type: "object",
    description:
      "The contract's own bounds and names behind an issue (never a value that was sent)",
    properties: {
      minimum: { type: "number" },
      maximum: { type: "number" },
      format: {
        type: "string",
        enum: [...VALUE_FORMATS],
        description: "The kind of value expected (INVALID_FORMAT, INVALID_CHECKSUM)",
      },
      expected: {
        type: "string",
        enum: [...EXPECTED_TYPES],
        description: "The type expected (INVALID_TYPE)",
      },
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
        message: {
          type: "string",
          maxLength: ISSUE_BOUNDS.message,
          description: "What went wrong; never contains the values sent",
        },
        issues: {
          type: "array",
          maxItems: ISSUE_BOUNDS.issues,
          description: `The fields at fault (the first ${ISSUE_BOUNDS.issues}), by their dotted path in the lead (e.g. passport.no)`,
          items: {
            type: "object",
            required: ["path", "code", "message"],
            properties: {
              path: { type: "string", maxLength: ISSUE_BOUNDS.path, example: "passport.no" },
              code: { $ref: "#/components/schemas/IssueCode" },
              message: { type: "string", maxLength: ISSUE_BOUNDS.message },
              params: { $ref: "#/components/schemas/IssueParams" },
            },
          },
        },
      },
      example: {
        code,
        message: (schema as { example?: { message?: string } }).example?.message ?? code,
        issues: [],
      },
    };
  }
  return document;
}
