import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireOperator } from "../../../../lib/session.ts";
import "../data-requests.css";
import { NoAccess } from "../../../_components/no-access.tsx";
import { DataRequestView } from "./data-request-view.tsx";

export const metadata: Metadata = { title: "Обращение субъекта" };

export default async function DataRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const operator = await requireOperator(`/data-requests/${id}`);
  if (operator.role !== "admin") {
    return (
      <NoAccess>
        <p>Обращения об удалении персональных данных ведёт администратор.</p>
      </NoAccess>
    );
  }
  const requestId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(requestId) || requestId < 1) notFound();
  return <DataRequestView id={requestId} />;
}
