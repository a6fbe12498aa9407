// Server side only (server components): who is signed in, from the session cookie, asked of the
// router (auth.me) as the browser asks it, so a page and its data agree on the session.

import { type RouterOutputs, SESSION_COOKIE } from "@leadcore/api";
import { TRPCError } from "@trpc/server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { api } from "./trpc-server.ts";

export type SignedInOperator = RouterOutputs["auth"]["me"];

export async function currentOperator(): Promise<SignedInOperator | null> {
  // Without a cookie there is no one to look up: no database is opened for a signed-out visitor.
  if (!(await cookies()).get(SESSION_COOKIE)?.value) return null;
  try {
    return await api.auth.me();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") return null;
    throw error;
  }
}

/** The signed-in operator; a signed-out visitor is sent to the sign-in page, which brings them back to `here`. */
export async function requireOperator(here: string): Promise<SignedInOperator> {
  const operator = await currentOperator();
  if (!operator) redirect(`/signin?next=${encodeURIComponent(here)}`);
  return operator;
}
