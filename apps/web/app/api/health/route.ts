// The load balancer's health check: the router's health procedure (it asks the database one
// question) behind the plain JSON answer and the 503 a balancer reads.

import { loggableError, logger } from "@leadcore/api";
import { databaseSettings, EmbeddedDatabaseBusyError } from "@leadcore/db";
import { TRPCError } from "@trpc/server";
import { createCaller, serverContext } from "../../../lib/trpc-server.ts";

// Opens (or reuses) the process's database and asks it on every request: a load balancer takes
// an instance whose database is unreachable out of rotation. Never cached.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const ctx = await serverContext();
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
