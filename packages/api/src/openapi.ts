// The published OpenAPI document of the partner REST API, generated from the same procedures.
import { generateOpenApiDocument } from "trpc-to-openapi";
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
      "Errors share one envelope: `{ code, message, issues: [{ path, message }] }`.",
    version: "1.0.0",
    baseUrl: REST_BASE_PATH,
    tags: ["leads"],
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A partner API key (lck_...)" } },
  }));
  return cached;
}

// The adapter documents its own error shape; ours (rest.ts) has a dotted `path` in every issue
// and always carries `issues`. Each error component keeps its title and example code.
function withErrorEnvelope(document: Document): Document {
  const schemas = document.components?.schemas ?? {};
  for (const [name, schema] of Object.entries(schemas)) {
    if (!name.startsWith("error.")) continue;
    const code = name.slice("error.".length);
    schemas[name] = {
      type: "object",
      title: (schema as { title?: string }).title,
      required: ["code", "message", "issues"],
      properties: {
        code: { type: "string", const: code },
        message: { type: "string", description: "What went wrong; never contains the values sent" },
        issues: {
          type: "array",
          description: "Every field at fault, by its dotted path in the lead (e.g. passport.no)",
          items: {
            type: "object",
            required: ["path", "message"],
            properties: { path: { type: "string", example: "passport.no" }, message: { type: "string" } },
          },
        },
      },
      example: { code, message: (schema as { example?: { message?: string } }).example?.message ?? code, issues: [] },
    };
  }
  return document;
}
