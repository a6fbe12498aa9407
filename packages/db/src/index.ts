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
export {
  DatabaseSettingError,
  type DatabaseTimeouts,
  databaseTimeouts,
  readDatabaseTimeouts,
} from "./timeouts.ts";
