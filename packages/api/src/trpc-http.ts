// The tRPC endpoint over the Fetch API (Request in, Response out): one definition for the Next.js
// route (apps/web/app/api/trpc/[trpc]/route.ts) and for anything else that hosts the API, such as
// the benchmark's statement counter and its bare node:http host.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Database } from "@leadcore/db";
import { rateLimitResponseMeta } from "./rate-limit.ts";
import { appRouter } from "./root.ts";
import { createContextFromRequest } from "./trpc.ts";

export const TRPC_ENDPOINT = "/api/trpc";

/** One tRPC HTTP request. `db` overrides the process's database (tests and tools). */
export function handleTrpcRequest(req: Request, options: { db?: Database } = {}): Promise<Response> {
  return fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req,
    router: appRouter,
    // resHeaders: where auth.signIn and auth.signOut set the operator's session cookie.
    createContext: ({ req: request, resHeaders }) => createContextFromRequest(request, options.db, resHeaders),
    // 429 and 503 carry Retry-After, as on REST (a 503 raised while building the context never
    // reaches a middleware that could set it).
    responseMeta: rateLimitResponseMeta,
    // Lets clients send queries as POST, so personal data in a query's input stays out of URLs and logs.
    allowMethodOverride: true,
  });
}
