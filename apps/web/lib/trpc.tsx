"use client";
import type { AppRouter } from "@leadcore/api";
import type { FieldIssue } from "@leadcore/schema";
// The browser's tRPC client: types come from the router (AppRouter), calls go through TanStack
// Query. Every query is sent as POST (methodOverride), so inputs such as a search by passport
// number travel in the request body and never in a URL, a proxy log or the browser history.
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export type ApiError = TRPCClientError<AppRouter>;

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError;
}

/** The session ended (expired, signed out elsewhere, operator disabled): back to the sign-in page. */
function onAuthLost(error: unknown): void {
  if (!isApiError(error) || error.data?.code !== "UNAUTHORIZED") return;
  if (window.location.pathname === "/signin") return;
  const next = window.location.pathname + window.location.search;
  window.location.assign(`/signin?next=${encodeURIComponent(next)}`);
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onAuthLost }),
    mutationCache: new MutationCache({ onError: onAuthLost }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        // A 4xx will not get better by asking again.
        retry: (count, error) =>
          count < 2 && !(isApiError(error) && (error.data?.httpStatus ?? 500) < 500),
      },
    },
  });
}

export function ApiProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", methodOverride: "POST" })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Field issues of a failed call (zod or domain), by dotted path; empty when the failure has none. */
export function issuesOf(error: unknown): FieldIssue[] {
  return isApiError(error) ? (error.data?.issues ?? []) : [];
}
