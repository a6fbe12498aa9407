import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { NoAccess } from "../../_components/no-access.tsx";
import { DashboardView } from "./dashboard-view.tsx";

export const metadata: Metadata = { title: "Сводка" };

// Admins only, as dashboard.get is: this answer is for people, not for security.
export default async function DashboardPage() {
  const operator = await requireOperator("/dashboard");
  if (operator.role !== "admin") {
    return (
      <NoAccess pageClass="dashboard-page">
        <p>Сводку по приёму лидов видит администратор.</p>
      </NoAccess>
    );
  }
  return <DashboardView />;
}
