// `pnpm start`: the production server, stopped by one signal. Node runs Next's own CLI directly
// (no npx, no shell in between, which would leave next-server running), and this process forwards
// the signals it receives and exits with the server.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const webDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repoRoot = resolve(webDir, "..", "..");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
const port = process.env.PORT || "3000";

if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
  console.error("LeadCore: no production build in apps/web/.next; run `pnpm --filter @leadcore/web build` first.");
  process.exit(1);
}

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: port };
// The server runs in apps/web; a relative folder means one relative to where the command was typed.
if (env.LEADCORE_DATA_DIR) env.LEADCORE_DATA_DIR = resolve(env.INIT_CWD ?? process.cwd(), env.LEADCORE_DATA_DIR);

console.log(`LeadCore: starting on http://localhost:${port}`);
console.log(`LeadCore: database ${describeDatabase(env)}`);

const server = spawn(process.execPath, [nextBin, "start", "--port", port], { cwd: webDir, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

/** Which database the server will open, printable: never the user name or the password. */
function describeDatabase({ DATABASE_URL: url, LEADCORE_DATA_DIR: dataDir }) {
  if (!url) return `embedded (PGlite) in ${dataDir || join(repoRoot, ".data")}`;
  try {
    const { host, pathname } = new URL(url);
    return `PostgreSQL at ${host}${pathname}`;
  } catch {
    return "PostgreSQL (DATABASE_URL is not a valid URL)";
  }
}
