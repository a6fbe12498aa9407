export { isDatabaseUnavailable } from "./availability.ts";
export {
  type Database,
  type DatabaseKind,
  getDatabase,
  type OpenOptions,
  openDatabase,
  redactUrl,
} from "./database.ts";
export { EmbeddedDatabaseBusyError } from "./embedded-lock.ts";
export * from "./generated/prisma/client.ts";
export { applyMigrations, diffSchemaAgainstMigrations, readMigrations } from "./migrations.ts";
export { embeddedDataDir, repoRoot } from "./paths.ts";
export {
  DatabaseSettingError,
  type DatabaseTimeouts,
  databaseTimeouts,
  readDatabaseTimeouts,
} from "./timeouts.ts";
