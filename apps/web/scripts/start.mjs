// `pnpm start`: the production server (scripts/server.mjs: Next's request handler behind
// LeadCore's HTTP edge) in this very process, so one signal stops it.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { edgeSettings } from "./edge-settings.mjs";

const webDir = dirname(dirname(fileURLToPath(import.meta.url)));
const repoRoot = resolve(webDir, "..", "..");
const { port, host } = edgeSettings(); // a bad PORT stops here, before the banner

if (!existsSync(join(webDir, ".next", "BUILD_ID"))) {
  console.error(
    "LeadCore: no production build in apps/web/.next; run `pnpm --filter @leadcore/web build` first.",
  );
  process.exit(1);
}

// The server runs in apps/web; a relative folder means one relative to where the command was typed.
if (process.env.LEADCORE_DATA_DIR) {
  process.env.LEADCORE_DATA_DIR = resolve(
    process.env.INIT_CWD ?? process.cwd(),
    process.env.LEADCORE_DATA_DIR,
  );
}
process.chdir(webDir);

console.log(`LeadCore: starting on http://${host ?? "localhost"}:${port}`);
console.log(`LeadCore: database ${describeDatabase(process.env)}`);
await import("./server.mjs");

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
