// The REST route of a procedure (trpc-to-openapi's `openapi` meta), for a tag of the partner API:
// every route is a protected one (a key or a session) and documents the error answers it can give.
type Method = "GET" | "POST" | "PUT";

export function restRoutes(tag: string, errorResponses: number[]) {
  return (method: Method, path: `/${string}`, summary: string, description: string) => ({
    openapi: { method, path, summary, description, tags: [tag], protect: true, errorResponses },
  });
}
