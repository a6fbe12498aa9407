import type { Metadata } from "next";
import { Suspense } from "react";
import { requireOperator } from "../../../lib/session.ts";
import { LeadsView } from "./leads-view.tsx";

export const metadata: Metadata = { title: "Лиды" };

export default async function LeadsPage({ searchParams }: PageProps<"/leads">) {
  // The URL holds only non-personal filters (the search text never goes there), so it can come back here.
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(await searchParams))
    if (typeof value === "string") query.set(name, value);
  const operator = await requireOperator(query.size > 0 ? `/leads?${query}` : "/leads");
  return (
    <Suspense>
      <LeadsView me={operator} />
    </Suspense>
  );
}
