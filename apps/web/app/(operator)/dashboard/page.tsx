import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { DashboardView } from "./dashboard-view.tsx";

export const metadata: Metadata = { title: "Сводка" };

// Admins only, as dashboard.get is: this answer is for people, not for security.
export default async function DashboardPage() {
  const operator = await requireOperator("/dashboard");
  if (operator.role !== "admin") {
    return (
      <section className="page-narrow dashboard-page" aria-labelledby="no-access">
        <h1 id="no-access">Нет доступа</h1>
        <p>Сводку по приёму лидов видит администратор.</p>
      </section>
    );
  }
  return <DashboardView />;
}
