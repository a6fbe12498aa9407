// The API's endpoints, each defined once as Fetch handlers (Request in, Response out). Two hosts
// serve them: Next.js's route files (app/api/*/route.ts, which only re-export these, so `next dev`
// serves the API too) and, in the production server, the API host in front of Next
// (lib/api-host.ts), which answers them without Next's request handling, the largest single cost
// of an API request once the database's is paid. Both hosts route by the same patterns as the route
// files' folders.

import {
  createServerContext,
  handleRestRequest,
  handleTrpcRequest,
  loggableError,
  logger,
  openApiDocument,
} from "@leadcore/api";
import { databaseSettings, EmbeddedDatabaseBusyError } from "@leadcore/db";
import { TRPCError } from "@trpc/server";
import { createCaller } from "./trpc-server.ts";

type Handler = (req: Request) => Promise<Response> | Response;
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type ApiEndpoint = {
  /** The request paths the endpoint's route folder matches (no trailing slash: Next redirects those). */
  path: RegExp;
  /** The methods its route file exports; any other is Next's to answer (405, HEAD, OPTIONS). */
  methods: Partial<Record<Method, Handler>>;
};

// Next passes its route context as a second argument: it is not the handlers' options.
const trpc: Handler = (req) => handleTrpcRequest(req);
const rest: Handler = (req) => handleRestRequest(req);

/** tRPC for the operator UI and the typed client (@leadcore/client); see @leadcore/api trpc-http.ts. */
export const trpcEndpoint = {
  path: /^\/api\/trpc\/[^/]+$/,
  methods: { GET: trpc, POST: trpc },
} satisfies ApiEndpoint;

/** The partner REST API: the same procedures as tRPC, through trpc-to-openapi (@leadcore/api rest.ts). */
export const restEndpoint = {
  path: /^\/api\/v1\/.*[^/]$/,
  methods: { GET: rest, POST: rest, PUT: rest, PATCH: rest, DELETE: rest },
} satisfies ApiEndpoint;

export const openApiEndpoint = {
  path: /^\/api\/openapi\.json$/,
  methods: { GET: () => Response.json(openApiDocument()) },
} satisfies ApiEndpoint;

/**
 * The load balancer's health check: the router's health procedure (it asks the database one
 * question) behind the plain JSON answer and the 503 a balancer reads. It opens (or reuses) the
 * process's database and asks it on every request: a load balancer takes an instance whose
 * database is unreachable out of rotation. Never cached.
 */
export const healthEndpoint = {
  path: /^\/api\/health$/,
  methods: { GET: checkHealth },
} satisfies ApiEndpoint;

/** Every endpoint the API host serves in front of Next (the export download stays Next's: it streams a file). */
export const API_ENDPOINTS: readonly ApiEndpoint[] = [
  trpcEndpoint,
  restEndpoint,
  openApiEndpoint,
  healthEndpoint,
];

async function checkHealth(req: Request): Promise<Response> {
  try {
    const ctx = await createServerContext(req.headers);
    await createCaller(ctx).health();
    return Response.json({ ok: true, database: ctx.db.kind });
  } catch (failure) {
    // The router hands back a database failure as a 503 whose cause is the driver's error.
    const error = failure instanceof TRPCError && failure.cause ? failure.cause : failure;
    // Its class and codes go to the server log, with anything that could be a value blanked
    // (a driver's message may quote a host, a file or a row).
    logger.error(
      { outcome: "SERVICE_UNAVAILABLE", err: loggableError(error) },
      "health check: the database cannot be reached",
    );
    return Response.json(
      {
        ok: false,
        database: databaseSettings().url ? "postgresql" : "embedded",
        error: publicMessage(error),
      },
      { status: 503 },
    );
  }
}

function publicMessage(error: unknown): string {
  if (error instanceof EmbeddedDatabaseBusyError) {
    return "The embedded database is in use by another LeadCore process. Stop that process or set DATABASE_URL to use PostgreSQL.";
  }
  return "The database cannot be reached; see the server log.";
}
