import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContextFromRequest } from "@leadcore/api";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    // resHeaders: where auth.signIn and auth.signOut set the operator's session cookie.
    createContext: ({ req, resHeaders }) => createContextFromRequest(req, undefined, resHeaders),
    // Lets clients send queries as POST, so personal data in a query's input stays out of URLs and logs.
    allowMethodOverride: true,
  });
}

export { handler as GET, handler as POST };
