import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import "./data-requests.css";
import { DataRequestsView } from "./data-requests-view.tsx";

export const metadata: Metadata = { title: "Обращения субъектов" };

// Admins only, as dataRequest.* is: this answer is for people, not for security.
export default async function DataRequestsPage() {
  const operator = await requireOperator("/data-requests");
  if (operator.role !== "admin") {
    return (
      <section className="page-narrow" aria-labelledby="no-access">
        <h1 id="no-access">Нет доступа</h1>
        <p>Обращения об удалении персональных данных ведёт администратор.</p>
      </section>
    );
  }
  return <DataRequestsView />;
}
