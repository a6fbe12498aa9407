import type { Metadata } from "next";
import { requireOperator } from "../../../../lib/session.ts";
import { NewLeadView } from "./new-lead-view.tsx";

export const metadata: Metadata = { title: "Новый лид" };

export default async function NewLeadPage() {
  await requireOperator("/leads/new");
  return <NewLeadView />;
}
