import { redirect } from "next/navigation";
import { requireOperator } from "../lib/session.ts";

// The start page: an admin watches the whole intake (the dashboard), an operator works leads.
// A signed-out visitor is sent to sign in, and comes back here.
export default async function HomePage() {
  const operator = await requireOperator("/");
  redirect(operator.role === "admin" ? "/dashboard" : "/leads");
}
