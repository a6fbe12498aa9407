// A bad database setting (one of the timeouts, packages/db/src/timeouts.ts) stops the start with a
// message naming it, instead of surfacing later as a 503 on every request.
import { DatabaseSettingError, databaseTimeouts } from "@leadcore/db";

export function checkDatabaseSettingsOnStart(): void {
  try {
    databaseTimeouts();
  } catch (error) {
    if (!(error instanceof DatabaseSettingError)) throw error;
    console.error(`LeadCore: ${error.message}`);
    process.exit(2);
  }
}
