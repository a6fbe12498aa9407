// Runs once when the server starts, inside the server process (which owns the embedded database:
// no second process ever opens it). It stops the start on a bad setting (lib/settings.ts). On a
// database without operators it creates `admin`, so the README's first command leads straight to a
// working sign-in. Then it starts the background workers (lib/background-workers.ts) and registers
// the API host (lib/api-host.ts). NEXT_RUNTIME and NEXT_PHASE are Next.js's own variables, not
// settings.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build")
    return;
  const { checkSettingsOnStart } = await import("./lib/settings.ts");
  checkSettingsOnStart();
  const { ensureFirstAdminOnStart } = await import("./lib/first-admin.ts");
  await ensureFirstAdminOnStart();
  const { startBackgroundWorkersOnStart } = await import("./lib/background-workers.ts");
  await startBackgroundWorkersOnStart();
  // Last: the production server answers the API in front of Next from here on (lib/api-host.ts).
  const { registerApiHost } = await import("./lib/api-host.ts");
  registerApiHost();
}
