// `pnpm db:migration <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that brings the committed migrations up to prisma/schema.prisma (like
// `prisma migrate dev --create-only`). It does not apply it: `pnpm db:migrate` does.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { diffSchemaAgainstMigrations } from "../src/migrations.ts";
import { migrationsDir, repoRoot } from "../src/paths.ts";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: pnpm db:migration <name>   (lower-case letters, digits and _)");
  process.exit(2);
}

const sql = await diffSchemaAgainstMigrations();
if (sql === null) {
  console.log("prisma/schema.prisma and the committed migrations agree: no migration needed.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = join(migrationsDir(), `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, "migration.sql"), sql);
const lockfile = join(migrationsDir(), "migration_lock.toml");
if (!existsSync(lockfile)) {
  writeFileSync(
    lockfile,
    '# Do not edit: Prisma reads it to check the provider.\nprovider = "postgresql"\n',
  );
}
console.log(
  `Created ${relative(repoRoot(), join(dir, "migration.sql"))}. Apply it with: pnpm db:migrate`,
);
