// A full dump of a test database, as the erasure tests search it: every row of every table in
// the public schema as JSON text (row_to_json), so "0 hits" for an erased value means nowhere.
import type { PrismaClient } from "@leadcore/db";

export async function dumpDatabase(
  prisma: PrismaClient,
): Promise<{ tables: string[]; dump: string }> {
  const rows = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
  const tables = rows.map((row) => row.tablename);
  let dump = "";
  for (const table of tables) {
    const lines = await prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${table}" t`,
    );
    dump += `${lines.map((line) => line.row).join("\n")}\n`;
  }
  return { tables, dump };
}
