// LeadCore's API handlers hosted on bare node:http instead of `next start`: `BENCH_HOST=node pnpm
// bench`. The handlers, the database code and the process settings are the production ones
// (handleRestRequest and handleTrpcRequest from @leadcore/api, NODE_ENV=production); only the
// host differs, so the ratios of such a run against those of a normal run show what Next.js's
// request handling costs on these two operations. Not a way to run LeadCore: there is no UI here,
// and none of the security headers that next.config.ts adds.
//
// Run: DATABASE_URL=... PORT=... node --import tsx bench/src/node-host.ts
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import {
  handleRestRequest,
  handleTrpcRequest,
  MAX_BODY_BYTES,
  REST_BASE_PATH,
  TRPC_ENDPOINT,
} from "@leadcore/api";
import { getDatabase } from "@leadcore/db";

/** The request as the Fetch API sees it; a body past the API's limit is cut one byte over it (the handler answers 413). */
async function toRequest(req: IncomingMessage): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const url = `http://${req.headers.host ?? "127.0.0.1"}${req.url ?? "/"}`;
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_BODY_BYTES) break;
  }
  return new Request(url, { method, headers, body: Buffer.concat(chunks) });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  for (const [name, value] of response.headers)
    if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.writeHead(response.status);
  res.end(body);
}

/** As apps/web/app/api/health/route.ts: the database answers one question. */
async function health(): Promise<Response> {
  try {
    const db = await getDatabase();
    await db.prisma.$queryRaw`SELECT 1`;
    return Response.json({ ok: true, database: db.kind });
  } catch {
    return Response.json({ ok: false }, { status: 503 });
  }
}

const server = createServer((req, res) => {
  void (async () => {
    const path = (req.url ?? "/").split("?")[0]!;
    const response = path.startsWith(`${REST_BASE_PATH}/`)
      ? await handleRestRequest(await toRequest(req))
      : path.startsWith(`${TRPC_ENDPOINT}/`)
        ? await handleTrpcRequest(await toRequest(req))
        : path === "/api/health"
          ? await health()
          : Response.json({ code: "NOT_FOUND" }, { status: 404 });
    await send(res, response);
  })().catch((error: unknown) => {
    console.error("node-host:", error);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1");
