import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOperator } from "../../../../lib/session.ts";
import { ClientView } from "./client-view.tsx";

export async function generateMetadata({ params }: PageProps<"/clients/[id]">): Promise<Metadata> {
  return { title: `Клиент № ${(await params).id}` };
}

export default async function ClientPage({ params }: PageProps<"/clients/[id]">) {
  const { id } = await params;
  const operator = await requireOperator(`/clients/${encodeURIComponent(id)}`);
  const clientId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(clientId) || clientId < 1) notFound();
  return <ClientView id={clientId} admin={operator.role === "admin"} />;
}
