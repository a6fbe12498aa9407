import type { Metadata } from "next";
import { Suspense } from "react";
import { requireOperator } from "../../../lib/session.ts";
import { DuplicatesView } from "./duplicates-view.tsx";

export const metadata: Metadata = { title: "Возможные дубликаты" };

export default async function DuplicatesPage({ searchParams }: PageProps<"/duplicates">) {
  const cursor = (await searchParams).cursor;
  await requireOperator(
    typeof cursor === "string" ? `/duplicates?cursor=${encodeURIComponent(cursor)}` : "/duplicates",
  );
  return (
    <Suspense>
      <DuplicatesView />
    </Suspense>
  );
}
