// The typed client for internal TypeScript services: every procedure of the LeadCore router,
// with its input and output types, over HTTP.

import type {
  AppRouter,
  ErrorReason,
  FieldIssue,
  RouterInputs,
  RouterOutputs,
} from "@leadcore/api";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";

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
export type { AppRouter, ErrorReason, FieldIssue, RouterInputs, RouterOutputs };
export { TRPCClientError };

type ErrorData = { issues?: FieldIssue[]; reason?: ErrorReason } | undefined;

/** The field issues of a failed call ([] when it carried none), each with its stable `code`. */
export function issuesOf(error: unknown): FieldIssue[] {
  return error instanceof TRPCClientError ? ((error.data as ErrorData)?.issues ?? []) : [];
}

/** Why a call was refused, as a stable code to switch on (LEAD_CONVERTED...), where it has one. */
export function reasonOf(error: unknown): ErrorReason | undefined {
  return error instanceof TRPCClientError ? (error.data as ErrorData)?.reason : undefined;
}
