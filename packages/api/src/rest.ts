// The partner REST surface (/api/v1/...): trpc-to-openapi serves the same procedures as tRPC;
// this file is the HTTP edge around it. It enforces what the adapter does not (a body size
// limit, JSON only, a nesting limit, a body `id` that must agree with the path) and rewrites
// every failure into one envelope: { code, message, issues: [{ path, message }] }.
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import type { Database } from "@leadcore/db";
import type { FieldIssue } from "@leadcore/core";
import { logger } from "./logger.ts";
import { rateLimitResponseMeta } from "./rate-limit.ts";
import { REST_BASE_PATH } from "./openapi.ts";
import { appRouter } from "./root.ts";
import { createContextFromRequest } from "./trpc.ts";

export const MAX_BODY_BYTES = 256 * 1024;
// The deepest legitimate lead (an address's FIAS chain of 10 levels) nests about 25 levels.
const MAX_JSON_DEPTH = 64;

export type RestError = { code: string; message: string; issues: FieldIssue[] };

function errorResponse(status: number, code: string, message: string, issues: FieldIssue[] = []): Response {
  const body: RestError = { code, message, issues };
  return Response.json(body, { status });
}

export async function handleRestRequest(req: Request, options: { db?: Database } = {}): Promise<Response> {
  let forwarded = req;
  if (req.method === "POST" || req.method === "PUT" || req.method === "PATCH") {
    const checked = await readJsonBody(req);
    if (checked instanceof Response) {
      logger.info({ method: req.method, route: routeOf(req), status: checked.status, outcome: "rejected at the edge" }, "request");
      return checked;
    }
    forwarded = new Request(req.url, { method: req.method, headers: req.headers, body: checked.text });
  }
  const response = await createOpenApiFetchHandler({
    req: forwarded,
    endpoint: REST_BASE_PATH,
    router: appRouter,
    createContext: ({ req: request }) => createContextFromRequest(request, options.db),
    // 429 and 503 carry Retry-After, as on tRPC.
    responseMeta: rateLimitResponseMeta,
  });
  return response.ok ? response : toEnvelope(response);
}

async function readJsonBody(req: Request): Promise<{ text: string } | Response> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return errorResponse(415, "UNSUPPORTED_MEDIA_TYPE", "The body must be JSON (Content-Type: application/json)");
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return tooLarge();
  let text: string | null;
  try {
    text = await readLimited(req);
  } catch {
    return errorResponse(400, "BAD_REQUEST", "The body is not valid UTF-8");
  }
  if (text === null) return tooLarge();

  // Before parsing: validating a hostile, deeply nested body would exhaust the stack.
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    return errorResponse(400, "BAD_REQUEST", `The body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return errorResponse(400, "BAD_REQUEST", "The body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return errorResponse(400, "BAD_REQUEST", "The body must be a JSON object: the lead");
  }
  // The adapter lets the path id overwrite a body id silently; a disagreement is the caller's error.
  const pathId = /^\/api\/v1\/leads\/([^/]+)/.exec(new URL(req.url).pathname)?.[1];
  const bodyId = (body as { id?: unknown }).id;
  if (pathId !== undefined && bodyId !== undefined && bodyId !== null && String(bodyId) !== decodeURIComponent(pathId)) {
    return errorResponse(400, "BAD_REQUEST", "The body's id differs from the lead id in the path", [
      { path: "id", message: "Must be absent or equal to the id in the path" },
    ]);
  }
  return { text };
}

/** The path with ids blanked: safe to log, and groups requests by route. */
const routeOf = (req: Request) => new URL(req.url).pathname.replace(/\/[^/]*\d[^/]*(?=\/|$)/g, "/{id}");

const tooLarge = () => errorResponse(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB`);

/** The body as text, or null once it exceeds the limit (without reading the rest). */
async function readLimited(req: Request): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  // fatal: invalid UTF-8 is the caller's error, not something to replace with U+FFFD silently.
  return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
}

/** How deeply objects and arrays nest in a JSON text, counted outside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) deepest = Math.max(deepest, ++depth);
    else if (c === 125 || c === 93 /* } ] */) depth--;
  }
  return deepest;
}

type AdapterError = {
  code?: string;
  message?: string;
  data?: { issues?: FieldIssue[] };
};

async function toEnvelope(response: Response): Promise<Response> {
  let parsed: AdapterError = {};
  try {
    parsed = (await response.json()) as AdapterError;
  } catch {
    // not JSON: keep the status, say what it means
  }
  const code = parsed.code ?? "INTERNAL_SERVER_ERROR";
  // A 503 (database unreachable) says so, to tell the caller to retry; other 5xx say nothing more.
  const message =
    response.status >= 500 && response.status !== 503 ? "Internal error" : (parsed.message ?? "Request failed");
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return Response.json({ code, message, issues: parsed.data?.issues ?? [] } satisfies RestError, {
    status: response.status,
    headers,
  });
}
