// The production server: Next.js's request handler behind a thin node:http edge, in one process.
//
// Why not `next start`: the API is answered in front of Next (lib/api-host.ts), and three things must hold before Next sees a request, and Next cannot be
// told to do them.
// - The caller's address comes from the socket. Next copies `X-Forwarded-For` from the request as
//   it is (it only fills it in when absent), so a sign-in budget per address could be dodged by
//   sending a new header each time. Here the address is written into `x-leadcore-client-address`
//   (any such header sent by the caller is dropped); behind a reverse proxy,
//   LEADCORE_TRUST_PROXY=1 takes the last `X-Forwarded-For` entry instead (the address the proxy saw).
// - A URL whose percent-encoding is broken (`/leads/%FF`) or that encodes a control character made
//   Next answer a plain-text 500; here it is a 400, in the API's JSON envelope under /api/.
// - HOST chooses the interface to listen on (unset: every interface, as `next start` did; set
//   HOST=127.0.0.1 behind a proxy on the same machine).
//
// Run by `pnpm start` (scripts/start.mjs), the integration tests and the benchmark.
import { createServer } from "node:http";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { edgeSettings } from "./edge-settings.mjs";

process.env.NODE_ENV = "production";
process.env.NEXT_TELEMETRY_DISABLED = "1";

const webDir = dirname(dirname(fileURLToPath(import.meta.url)));
// PORT, HOST and LEADCORE_TRUST_PROXY; a bad one stops the start here (exit 2).
const { port, host, trustProxy } = edgeSettings();

// The same name as CLIENT_ADDRESS_HEADER in packages/api/src/http-edge.ts (this script runs without
// TypeScript, so it cannot import it); security-signin.test.ts proves the two agree.
const CLIENT_ADDRESS_HEADER = "x-leadcore-client-address";

const { default: next } = await import("next");
const app = next({ dev: false, dir: webDir, hostname: host ?? "localhost", port });
await app.prepare();
const handle = app.getRequestHandler();
// The API host (lib/api-host.ts) answers the API's endpoints in front of Next's request handler.
// instrumentation.ts registers it when Next loads the server, on the first request: until then
// (and on a build without it) Next's own routes answer them, the same way, more slowly.
const API_HOST = Symbol.for("leadcore.apiHost");

const server = createServer((req, res) => {
  const refusal = refuseUrl(req.url ?? "/");
  if (refusal) return refuse(res, req.url ?? "/", refusal);
  req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req);
  const served = globalThis[API_HOST]?.serve(req, res) || handle(req, res);
  served.catch((error) => {
    console.error(
      "LeadCore: request handler failed:",
      error instanceof Error ? error.name : "error",
    );
    if (!res.headersSent) refuse(res, req.url ?? "/", { status: 500, message: "Internal error" });
    else res.destroy();
  });
});
// A client that sends its headers slowly must not hold a connection for ever.
server.headersTimeout = 20_000;
server.requestTimeout = 60_000;

server.listen(port, host, () => {
  const address = server.address();
  const shown = typeof address === "object" && address ? address.port : port;
  // The runtime, in the log only (never to callers): a test asserts the project's own Node.js runs.
  console.log(
    `LeadCore: listening on ${host ?? "every interface"}, port ${shown}, Node.js ${process.versions.node}`,
  );
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    server.close();
    // Next closes the database through its own exit hooks; do not wait on keep-alive sockets.
    setTimeout(() => process.exit(0), 2_000).unref();
    server.closeAllConnections();
  });
}

/** Why a request target cannot be routed, or null. Its text is never echoed. */
function refuseUrl(target) {
  const query = target.indexOf("?");
  const path = query === -1 ? target : target.slice(0, query);
  if (!path.startsWith("/")) return { status: 400, message: "The request target must be a path" };
  let decoded;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return { status: 400, message: "The URL's percent-encoding is not valid UTF-8" };
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(decoded))
    return { status: 400, message: "The URL's path holds a control character" };
  return null;
}

function refuse(res, target, { status, message }) {
  res.statusCode = status;
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cache-Control", "no-store");
  if (target.startsWith("/api/")) {
    res.setHeader("Content-Type", "application/json");
    res.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    // The envelope of packages/api rest.ts; the reasons are two of ERROR_REASONS (packages/schema
    // error-codes.ts), spelled here because this plain-JavaScript script imports no TypeScript.
    const [code, reason] =
      status === 500 ? ["INTERNAL_SERVER_ERROR", "INTERNAL_ERROR"] : ["BAD_REQUEST", "INVALID_URL"];
    res.end(JSON.stringify({ code, reason, message, issues: [] }));
  } else {
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end(status === 500 ? "Внутренняя ошибка сервера." : "Неверный адрес страницы.");
  }
}

function clientAddress(req) {
  if (trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    if (forwarded.length > 0) return forwarded[forwarded.length - 1];
  }
  return req.socket.remoteAddress ?? "unknown";
}
