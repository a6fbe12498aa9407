// Which failures mean "the database cannot be reached right now" rather than "the request is
// wrong". It lives beside the database code because the list follows the drivers and settings
// this package chooses (Prisma, adapter-pg, the embedded database, timeouts.ts); the API turns a
// match into a 503, the web app's health check into "unavailable".

// Database unreachable, restarting or out of connections: Prisma codes (P1001 can't reach,
// P1002 timed out, P1008 operation timed out, P1017 server closed the connection, P2024 pool
// timeout), driver-adapter kinds, socket errors, PostgreSQL SQLSTATEs (57P01-57P03 shutdown and
// startup, 08xxx connection exceptions, 53300 too many connections, 57014 a statement cancelled
// by DATABASE_STATEMENT_TIMEOUT_MS) and pg's own messages, including its timeouts (see
// packages/db/src/timeouts.ts): they reach us as plain Errors, adapter-pg passes them on as they are.
//
// Also a transaction PostgreSQL ended to break a deadlock (40P01) or a serialization failure
// (40001; Prisma's P2034 for either): it was rolled back whole, so the same request sent again is
// safe and will most likely pass. The client is told to retry (503 with Retry-After), not that
// LeadCore failed (500).
const UNAVAILABLE_CODES = new Set([
  ...["P1001", "P1002", "P1008", "P1017", "P2024", "P2034", "40P01", "40001"],
  ...["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH"],
  ...["57P01", "57P02", "57P03", "57014", "53300", "08000", "08001", "08003", "08004", "08006"],
]);
const UNAVAILABLE_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);
const UNAVAILABLE_MESSAGE = new RegExp(
  [
    "Connection terminated",
    "Connection ended unexpectedly",
    "Client has encountered a connection error",
    "Can't reach database server",
    "terminating connection due to administrator command",
    "the database system is (starting up|shutting down|in recovery mode)",
    "Timed out fetching a new connection",
    "connect ECONNREFUSED",
    "Client was closed and is not queryable",
    // pg: no answer within DATABASE_QUERY_TIMEOUT_MS; no free or new connection within
    // DATABASE_CONNECT_TIMEOUT_MS (a new one reports "Connection terminated ...", matched above).
    "Query read timeout",
    "timeout exceeded when trying to connect",
    // Prisma's interactive transactions (P2028, otherwise a programming error): no connection
    // within maxWait, or statements still unanswered when the transaction's own timeout ran out.
    "Unable to start a transaction in the given time",
    "cannot be executed on an expired transaction",
  ].join("|"),
  "i",
);

/** Whether a failure means the database cannot be reached right now (not that the request is wrong). */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (error === null || typeof error !== "object" || depth > 8) return false;
  const e = error as Record<string, unknown>;
  if (e.name === "EmbeddedDatabaseBusyError") return true;
  for (const code of [e.code, e.errorCode, e.originalCode]) {
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
  }
  if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  return [e.cause, e.meta, e.driverAdapterError].some((inner) =>
    isDatabaseUnavailable(inner, depth + 1),
  );
}
