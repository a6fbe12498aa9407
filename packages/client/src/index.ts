// The typed client for internal TypeScript services: every procedure of the LeadCore router,
// with its input and output types, over HTTP.
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import type { AppRouter, RouterInputs, RouterOutputs } from "@leadcore/api";

export type LeadCoreClientOptions = {
  /** The LeadCore server, e.g. http://127.0.0.1:3000 */
  url: string;
  /** An API key: a service key (all leads) or a partner key (the partner's own). */
  token: string;
  fetch?: typeof globalThis.fetch;
};

export function createLeadCoreClient({ url, token, fetch }: LeadCoreClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: new URL("/api/trpc", url).toString(),
        headers: { authorization: `Bearer ${token}` },
        // Queries go as POST too: their input (a search by passport or phone) stays out of URLs and logs.
        methodOverride: "POST",
        ...(fetch ? { fetch } : {}),
      }),
    ],
  });
}

export type LeadCoreClient = ReturnType<typeof createLeadCoreClient>;
export type { AppRouter, RouterInputs, RouterOutputs };
export { TRPCClientError };

/** The field issues of a failed call ([] when it carried none). */
export function issuesOf(error: unknown): { path: string; message: string }[] {
  if (error instanceof TRPCClientError) {
    const data = error.data as { issues?: { path: string; message: string }[] } | undefined;
    return data?.issues ?? [];
  }
  return [];
}
