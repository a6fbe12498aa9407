// Runs once when the server starts, inside the server process (which owns the embedded database:
// no second process ever opens it). It stops the start on a bad database setting. On a database
// without operators it creates `admin`, so the README's first command leads straight to a working
// sign-in. Then it starts the webhook workers (lib/webhook-workers.ts).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build")
    return;
  const { checkDatabaseSettingsOnStart } = await import("./lib/database-settings.ts");
  checkDatabaseSettingsOnStart();
  const { ensureFirstAdminOnStart } = await import("./lib/first-admin.ts");
  await ensureFirstAdminOnStart();
  const { startWebhookWorkersOnStart } = await import("./lib/webhook-workers.ts");
  await startWebhookWorkersOnStart();
}
