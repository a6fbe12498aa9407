export { isDatabaseUnavailable } from "./availability.ts";
export { DATA_STEPS, runDataSteps } from "./data-migrations.ts";
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
export {
  enqueueInTransaction,
  JOB_QUEUES,
  type Job,
  type JobConnection,
  type JobQueue,
  type JobWorkers,
  startJobWorkers,
} from "./job-engine.ts";
export { applyMigrations, diffSchemaAgainstMigrations, readMigrations } from "./migrations.ts";
export { embeddedDataDir, repoRoot } from "./paths.ts";
export { type RawSql, rawSqlOnPglite, rawSqlOnPool, type SqlDatabase } from "./raw-sql.ts";
export { DatabaseSettingError, SettingError } from "./setting-error.ts";
export {
  type DatabaseSettings,
  databaseSettings,
  databaseTimeouts,
  isUrlOf,
  readDatabaseSettings,
} from "./settings.ts";
export { type DatabaseTimeouts, readDatabaseTimeouts } from "./timeouts.ts";
