// The published OpenAPI document of the partner REST API, generated from the same procedures.
import { generateOpenApiDocument } from "trpc-to-openapi";
import { appRouter } from "./root.ts";

export const REST_BASE_PATH = "/api/v1";

let cached: ReturnType<typeof generateOpenApiDocument> | undefined;

export function openApiDocument() {
  cached ??= generateOpenApiDocument(appRouter, {
    title: "LeadCore partner API",
    description:
      "Leads in, clients out. Every request needs `Authorization: Bearer <API key>`. " +
      "Request bodies are JSON (at most 256 KiB), taken as typed: a string is never read as a number or a boolean. " +
      "Errors share one envelope: `{ code, message, issues: [{ path, message }] }`.",
    version: "1.0.0",
    baseUrl: REST_BASE_PATH,
    tags: ["leads"],
    securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "A partner API key (lck_...)" } },
  });
  return cached;
}
