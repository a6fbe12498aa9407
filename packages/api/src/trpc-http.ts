// The tRPC endpoint over the Fetch API (Request in, Response out): one definition for the Next.js
// route (apps/web/app/api/trpc/[trpc]/route.ts) and for anything else that hosts the API, such as
// the benchmark's statement counter and its bare node:http host.
//
// Before tRPC reads anything, the shared edge (http-edge.ts) holds the body to the same limits as
// REST's. A refusal is handed to tRPC as the context's failure, so it answers in tRPC's own error
// shape with the right status, for every call of a batch.

import type { Database } from "@leadcore/db";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { admitted } from "./admission.ts";
import { createContextFromRequest } from "./context.ts";
import { EdgeRefusal, parseJsonText, readJsonBody } from "./http-edge.ts";
import { rateLimitResponseMeta } from "./rate-limit.ts";
import { appRouter } from "./root.ts";

export const TRPC_ENDPOINT = "/api/trpc";

/** Calls one HTTP request may batch: the UI batches a handful; more is an attempt to multiply work. */
export const MAX_BATCH_SIZE = 10;

/** One tRPC HTTP request. `db` overrides the process's database (tests and tools). */
export async function handleTrpcRequest(
  req: Request,
  options: { db?: Database } = {},
): Promise<Response> {
  const { request, refusal } = await throughEdge(req);
  // The body is read before the request waits its turn on the embedded database (admission.ts).
  return admitted(() =>
    fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: request,
      router: appRouter,
      maxBatchSize: MAX_BATCH_SIZE,
      // resHeaders: where auth.signIn and auth.signOut set the operator's session cookie.
      createContext: ({ req: forwarded, resHeaders }) => {
        if (refusal)
          throw new TRPCError({ code: refusal.code, message: refusal.message, cause: refusal });
        return createContextFromRequest(forwarded, options.db, resHeaders);
      },
      // 429 and 503 carry Retry-After, as on REST (a 503 raised while building the context never
      // reaches a middleware that could set it).
      responseMeta: rateLimitResponseMeta,
      // Lets clients send queries as POST, so personal data in a query's input stays out of URLs and logs.
      allowMethodOverride: true,
    }),
  );
}

type Checked = { request: Request; refusal?: EdgeRefusal };

async function throughEdge(req: Request): Promise<Checked> {
  if (req.method === "GET") {
    // An input in the URL (a name, a phone, a passport to search for) would be written down by
    // every proxy and access log on the way: queries with an input travel as POST, as the typed
    // client and the UI send them. GET stays for calls without input (auth.me, health).
    const input = new URL(req.url).searchParams.get("input");
    if (input === null) return { request: req };
    const parsed = parseJsonText(input, "input");
    const refusal =
      parsed instanceof EdgeRefusal
        ? parsed
        : new EdgeRefusal(
            405,
            "METHOD_NOT_SUPPORTED",
            "INPUT_IN_URL",
            "A call with an input must be sent as POST, never in the URL",
          );
    return withoutInput(req, refusal);
  }
  if (req.method !== "POST") return { request: req };
  const checked = await readJsonBody(req, { allowEmpty: true });
  if (checked instanceof EdgeRefusal) return withoutInput(req, checked);
  return {
    request: new Request(req.url, {
      method: "POST",
      headers: req.headers,
      body: checked.text || undefined,
    }),
  };
}

/** The request with nothing left for tRPC to read: the refusal answers every call. */
function withoutInput(req: Request, refusal: EdgeRefusal): Checked {
  const url = new URL(req.url);
  url.searchParams.delete("input");
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  const request = new Request(
    url,
    req.method === "GET" ? { headers } : { method: "POST", headers, body: "{}" },
  );
  return { request, refusal };
}
