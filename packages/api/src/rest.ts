// The partner REST surface (/api/v1/...): trpc-to-openapi serves the same procedures as tRPC;
// this file is the REST side of the HTTP edge around it. The body limits shared with tRPC are in
// http-edge.ts; here, what only REST needs (a body that is the lead, whose `id` agrees with the
// path), log lines that name a route template, never a raw path, and every failure rewritten into
// one envelope: { code, reason?, message, issues: [{ path, code, message, params? }] }.

import type { Database } from "@leadcore/db";
import { type ErrorReason, type FieldIssue, reportedIssues } from "@leadcore/schema";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { admitted } from "./admission.ts";
import { createContextFromRequest } from "./context.ts";
import { EdgeRefusal, type JsonBody, readJsonBody } from "./http-edge.ts";
import { logger } from "./logger.ts";
import { openApiDocument, REST_BASE_PATH } from "./openapi.ts";
import { rateLimitResponseMeta } from "./rate-limit.ts";
import { appRouter } from "./root.ts";

/** `code` is the transport's (BAD_REQUEST, CONFLICT...); `reason`, where there is one, the specific stable code. */
export type RestError = {
  code: string;
  reason?: ErrorReason;
  message: string;
  issues: FieldIssue[];
};

function errorResponse(refusal: EdgeRefusal): Response {
  const body: RestError = {
    code: refusal.code,
    reason: refusal.reason,
    message: refusal.message,
    issues: reportedIssues(refusal.issues),
  };
  return Response.json(body, { status: refusal.status });
}

export async function handleRestRequest(
  req: Request,
  options: { db?: Database } = {},
): Promise<Response> {
  const route = routeTemplate(new URL(req.url).pathname);
  let forwarded = req;
  if (req.method === "POST" || req.method === "PUT" || req.method === "PATCH") {
    const checked = await readJsonBody(req);
    const refusal = checked instanceof EdgeRefusal ? checked : bodyRefusal(req, checked.value);
    if (refusal) {
      logger.info(
        { method: req.method, route, status: refusal.status, outcome: "rejected at the edge" },
        "request",
      );
      return errorResponse(refusal);
    }
    forwarded = new Request(req.url, {
      method: req.method,
      headers: req.headers,
      body: (checked as JsonBody).text,
    });
  }
  const response = await admitted(() =>
    createOpenApiFetchHandler({
      req: forwarded,
      endpoint: REST_BASE_PATH,
      router: appRouter,
      createContext: ({ req: request }) => createContextFromRequest(request, options.db),
      // 429 and 503 carry Retry-After, as on tRPC.
      responseMeta: rateLimitResponseMeta,
    }),
  );
  if (response.ok) return response;
  // A failure before any procedure ran (no such route, the adapter's own) has no log line of a
  // procedure's: it gets one here.
  if (response.status >= 500)
    logger.error({ method: req.method, route, status: response.status }, "request failed");
  else if (route.endsWith(UNKNOWN_ROUTE))
    logger.info({ method: req.method, route, status: response.status }, "request");
  return toEnvelope(response);
}

/** What the REST body must be beyond JSON: an object (the lead, or a move's fields), whose `id` agrees with the path. */
function bodyRefusal(req: Request, body: unknown): EdgeRefusal | null {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return new EdgeRefusal(400, "BAD_REQUEST", "BODY_NOT_OBJECT", "The body must be a JSON object");
  }
  // The adapter lets the path id overwrite a body id silently; a disagreement is the caller's
  // error, and so is an id of another type ("11" is not the lead 11: ids are JSON integers).
  const pathId = /^\/api\/v1\/leads\/([^/]+)/.exec(new URL(req.url).pathname)?.[1];
  const bodyId = (body as { id?: unknown }).id;
  if (
    pathId !== undefined &&
    bodyId !== undefined &&
    bodyId !== null &&
    bodyId !== Number(pathId)
  ) {
    return new EdgeRefusal(
      400,
      "BAD_REQUEST",
      "ID_MISMATCH",
      "The body's id differs from the lead id in the path",
      [
        {
          path: "id",
          code: "ID_MISMATCH",
          message: "Must be absent or the same integer as the id in the path",
        },
      ],
    );
  }
  return null;
}

// Routes as the OpenAPI document names them (`/leads/{id}/convert`): what a log line may say of
// a path. A raw path can hold anything a caller typed, an e-mail or a phone included.
const UNKNOWN_ROUTE = "/(unknown route)";
let routePatterns: { template: string; pattern: RegExp }[] | undefined;

export function routeTemplate(pathname: string): string {
  routePatterns ??= Object.keys(openApiDocument().paths ?? {}).map((template) => ({
    template,
    pattern: new RegExp(
      `^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}/?$`,
    ),
  }));
  const inner = pathname.startsWith(REST_BASE_PATH)
    ? pathname.slice(REST_BASE_PATH.length)
    : pathname;
  const found = routePatterns.find(({ pattern }) => pattern.test(inner));
  return REST_BASE_PATH + (found ? found.template : UNKNOWN_ROUTE);
}

type AdapterError = {
  code?: string;
  message?: string;
  data?: { issues?: FieldIssue[]; reason?: ErrorReason };
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
    response.status >= 500 && response.status !== 503
      ? "Internal error"
      : (parsed.message ?? "Request failed");
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  // The adapter's body has no data when it failed before our error formatter ran: a 5xx says only that.
  const reason =
    parsed.data?.reason ??
    (response.status >= 500 && response.status !== 503 ? "INTERNAL_ERROR" : undefined);
  const body: RestError = {
    code,
    ...(reason ? { reason } : {}),
    message,
    issues: parsed.data?.issues ?? [],
  };
  return Response.json(body, {
    status: response.status,
    headers,
  });
}
