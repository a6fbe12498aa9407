import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOperator } from "../../../../lib/session.ts";
import { LeadView } from "./lead-view.tsx";

export async function generateMetadata({ params }: PageProps<"/leads/[id]">): Promise<Metadata> {
  return { title: `Лид № ${(await params).id}` };
}

export default async function LeadPage({ params }: PageProps<"/leads/[id]">) {
  const { id } = await params;
  const operator = await requireOperator(`/leads/${encodeURIComponent(id)}`);
  const leadId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(leadId) || leadId < 1) notFound();
  return <LeadView id={leadId} me={operator} />;
}
