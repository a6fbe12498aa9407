// `pnpm db:migrate`: applies the committed migrations to the configured database
// (DATABASE_URL, or the embedded one) and says where it is.
import { openDatabase } from "../src/database.ts";

const db = await openDatabase();
try {
  const applied = db.appliedMigrations;
  console.log(
    `${db.kind === "embedded" ? "Embedded PostgreSQL (PGlite)" : "PostgreSQL"} at ${db.location}: ` +
      (applied.length > 0 ? `applied ${applied.join(", ")}` : "already up to date"),
  );
} finally {
  await db.close();
}
