import type { Metadata } from "next";
import { Suspense } from "react";
import { requireOperator } from "../../../lib/session.ts";
import { ClientsView } from "./clients-view.tsx";

export const metadata: Metadata = { title: "Клиенты" };

export default async function ClientsPage({ searchParams }: PageProps<"/clients">) {
  const cursor = (await searchParams).cursor;
  await requireOperator(
    typeof cursor === "string" ? `/clients?cursor=${encodeURIComponent(cursor)}` : "/clients",
  );
  return (
    <Suspense>
      <ClientsView />
    </Suspense>
  );
}
