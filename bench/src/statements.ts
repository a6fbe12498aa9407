// How many SQL statements one request costs LeadCore, counted exactly: the real REST edge
// (handleRestRequest) and the real tRPC handler run in this process on a PrismaClient whose
// @prisma/adapter-pg sits on a pg.Pool we own, and every query any of its connections sends is
// recorded (BEGIN and COMMIT included). Nothing else uses that pool while a request is counted.

import { type Database, PrismaClient, rawSqlOnPool } from "@leadcore/db";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

export type StatementCount = {
  /** What was sent: "REST PUT /leads/{id}", ... */
  request: string;
  status: number;
  statements: number;
  /** Each statement, whitespace collapsed, cut to 140 characters. */
  sql: string[];
};

export type CountedRequest = {
  label: string;
  wire: "rest" | "trpc";
  method: "PUT" | "POST";
  path: string;
  body: string;
  token: string;
};

export async function countStatements(
  url: string,
  requests: CountedRequest[],
): Promise<StatementCount[]> {
  // The API logs every call at info level and rate-limits per key: quiet and off for this count.
  process.env.LOG_LEVEL = "warn";
  process.env.LEADCORE_RATE_LIMIT = "off";
  // trpc-to-openapi regenerates the whole OpenAPI document on every request outside production.
  Object.assign(process.env, { NODE_ENV: "production" });
  const api = await import("@leadcore/api");

  let recording: string[] | null = null;
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0] as string | { text?: string };
      const text = typeof first === "string" ? first : (first?.text ?? "");
      recording?.push(text.replace(/\s+/g, " ").trim().slice(0, 140));
      return query(...args);
    };
  });
  const adapter = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter });
  const db = {
    prisma,
    kind: "postgresql",
    location: "bench statement counter",
    adapter,
    appliedMigrations: [],
    // The hot statements go straight to the same pool, as in the server (@leadcore/db raw-sql.ts).
    sql: rawSqlOnPool(pool),
    close: () => prisma.$disconnect(),
  } as unknown as Database;

  const send = async (request: CountedRequest): Promise<Response> => {
    const req = new Request(`http://127.0.0.1${request.path}`, {
      method: request.method,
      headers: { "content-type": "application/json", authorization: `Bearer ${request.token}` },
      body: request.body,
    });
    return request.wire === "rest"
      ? api.handleRestRequest(req, { db })
      : api.handleTrpcRequest(req, { db });
  };

  try {
    // Warm up: the first call opens a connection and loads Prisma's query plans.
    await prisma.$queryRawUnsafe("SELECT 1");
    const counts: StatementCount[] = [];
    for (const request of requests) {
      recording = [];
      const response = await send(request);
      await response.text();
      const sql = recording;
      recording = null;
      counts.push({ request: request.label, status: response.status, statements: sql.length, sql });
    }
    return counts;
  } finally {
    await prisma.$disconnect();
    await pool.end().catch(() => undefined);
  }
}
