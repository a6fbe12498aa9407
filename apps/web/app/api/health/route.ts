import { EmbeddedDatabaseBusyError, getDatabase } from "@leadcore/db";

// Opens (or reuses) the process's database on every request: a health check must never be cached.
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  try {
    const db = await getDatabase();
    return Response.json({ ok: true, database: db.kind });
  } catch (error) {
    // The full error goes to the server log only: it may name files, hosts or SQL.
    console.error("Health check: the database cannot be opened.", error);
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
  return "The database cannot be opened; see the server log.";
}
