import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import "./data-requests.css";
import { NoAccess } from "../../_components/no-access.tsx";
import { DataRequestsView } from "./data-requests-view.tsx";

export const metadata: Metadata = { title: "Обращения субъектов" };

// Admins only, as dataRequest.* is: this answer is for people, not for security.
export default async function DataRequestsPage() {
  const operator = await requireOperator("/data-requests");
  if (operator.role !== "admin") {
    return (
      <NoAccess>
        <p>Обращения об удалении персональных данных ведёт администратор.</p>
      </NoAccess>
    );
  }
  return <DataRequestsView />;
}
