import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter, createContextFromRequest } from "@leadcore/api";

function handler(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ req }) => createContextFromRequest(req),
    // Lets clients send queries as POST, so personal data in a query's input stays out of URLs and logs.
    allowMethodOverride: true,
  });
}

export { handler as GET, handler as POST };
