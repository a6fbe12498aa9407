// The API host in front of Next.js, in the production server's process: scripts/server.mjs hands
// it every request first, and it answers the API's endpoints (lib/api-endpoints.ts) straight from
// node:http, with the same security headers Next would add (lib/security-headers.ts); everything
// else (pages, assets, the export download, methods an endpoint does not have) goes on to Next's
// request handler. Next's handling of a route request (routing, its request and response
// wrappers, the headers config) cost about as much CPU as the procedure itself.
//
// It is registered from instrumentation.ts, inside Next's server bundle, so the endpoints run on
// the very modules Next's routes and the background workers use (one database, one rate limiter);
// server.mjs, plain JavaScript, finds it on globalThis after Next has started.

import type { IncomingMessage, ServerResponse } from "node:http";
import { API_ENDPOINTS, type Method } from "./api-endpoints.ts";
import { API_CSP, COMMON_HEADERS } from "./security-headers.ts";

export type ApiHost = {
  /** Answers the request if it is an API endpoint's, else returns false and touches nothing. */
  serve(req: IncomingMessage, res: ServerResponse): false | Promise<void>;
};

/** The key server.mjs reads; spelled the same there. */
export const API_HOST_KEY = Symbol.for("leadcore.apiHost");

export function registerApiHost(): void {
  (globalThis as { [API_HOST_KEY]?: ApiHost })[API_HOST_KEY] = { serve };
}

function serve(req: IncomingMessage, res: ServerResponse): false | Promise<void> {
  const target = req.url ?? "/";
  const query = target.indexOf("?");
  const path = query === -1 ? target : target.slice(0, query);
  const handler = API_ENDPOINTS.find((endpoint) => endpoint.path.test(path))?.methods[
    req.method as Method
  ];
  if (!handler) return false;
  return answer(handler, toRequest(req, res, target), res);
}

async function answer(
  handler: (req: Request) => Promise<Response> | Response,
  request: Request,
  res: ServerResponse,
): Promise<void> {
  const response = await handler(request);
  for (const { key, value } of COMMON_HEADERS) res.setHeader(key, value);
  res.setHeader("Content-Security-Policy", API_CSP);
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("Set-Cookie", cookies);
  res.statusCode = response.status;
  // The API's answers are JSON documents, small enough to send whole (with their length).
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
}

/** The Fetch API request for a node:http one: the URL as Next builds it, the body still a stream. */
function toRequest(req: IncomingMessage, res: ServerResponse, target: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else headers.set(name, value);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  return new Request(new URL(target, originOf(req)), {
    method,
    headers,
    body: hasBody ? bodyOf(req, res) : undefined,
    // @ts-expect-error: Node's fetch needs `duplex` for a streamed body; the DOM types lack it.
    duplex: hasBody ? "half" : undefined,
  });
}

/**
 * The request's body as a stream the API's edge reads within its limits (http-edge.ts). What the
 * edge did not read (a body over the limit, or one it refused by its declared length) is read and
 * dropped once the answer is sent, not the connection cut: the caller, still sending, must get its
 * 413 (Node's own conversion destroys the socket).
 */
function bodyOf(req: IncomingMessage, res: ServerResponse): ReadableStream<Uint8Array> {
  let cancelled = false;
  res.once("finish", () => {
    cancelled = true;
    if (!req.complete) req.resume();
  });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        if (cancelled) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => cancelled || controller.close());
      req.once("error", (error) => cancelled || controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      cancelled = true;
      req.resume();
    },
  });
}

/** The request's origin from its Host header, as Next takes it; a Host that is no host name is ignored. */
function originOf(req: IncomingMessage): string {
  const host = req.headers.host;
  if (host) {
    try {
      return new URL(`http://${host}`).origin;
    } catch {
      // falls through to the server's own name
    }
  }
  return "http://localhost";
}
