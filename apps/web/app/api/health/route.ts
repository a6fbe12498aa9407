import { loggableError, logger } from "@leadcore/api";
import { EmbeddedDatabaseBusyError, getDatabase } from "@leadcore/db";

// Opens (or reuses) the process's database and asks it one question on every request: a load
// balancer takes an instance whose database is unreachable out of rotation. Never cached.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const db = await getDatabase();
    await db.prisma.$queryRaw`SELECT 1`;
    return Response.json({ ok: true, database: db.kind });
  } catch (error) {
    // Its class and codes go to the server log, with anything that could be a value blanked
    // (a driver's message may quote a host, a file or a row).
    logger.error({ outcome: "SERVICE_UNAVAILABLE", err: loggableError(error) }, "health check: the database cannot be reached");
    return Response.json(
      { ok: false, database: process.env.DATABASE_URL ? "postgresql" : "embedded", error: publicMessage(error) },
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
