// Server side only (server components): who is signed in, from the session cookie. The same check
// as the API's (the session row is looked up on every request), so a page and its data agree.
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE } from "@leadcore/api";
import { operatorOfSession, type OperatorView } from "@leadcore/core";
import { getDatabase } from "@leadcore/db";

export type SignedInOperator = Pick<OperatorView, "login" | "role">;

export async function currentOperator(): Promise<SignedInOperator | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  const operator = await operatorOfSession((await getDatabase()).prisma, token);
  return operator && { login: operator.login, role: operator.role };
}

/** The signed-in operator; a signed-out visitor is sent to the sign-in page, which brings them back to `here`. */
export async function requireOperator(here: string): Promise<SignedInOperator> {
  const operator = await currentOperator();
  if (!operator) redirect(`/signin?next=${encodeURIComponent(here)}`);
  return operator;
}
