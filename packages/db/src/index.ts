export { openDatabase, getDatabase, redactUrl, type Database, type DatabaseKind, type OpenOptions } from "./database.ts";
export { EmbeddedDatabaseBusyError } from "./embedded-lock.ts";
export { isDatabaseUnavailable } from "./availability.ts";
export { databaseTimeouts, DatabaseSettingError, readDatabaseTimeouts, type DatabaseTimeouts } from "./timeouts.ts";
export { applyMigrations, diffSchemaAgainstMigrations, readMigrations } from "./migrations.ts";
export { embeddedDataDir, repoRoot } from "./paths.ts";
export * from "./generated/prisma/client.ts";
