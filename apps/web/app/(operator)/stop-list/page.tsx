import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { StopListView } from "./stop-list-view.tsx";
import "./stop-list.css";
import { NoAccess } from "../../_components/no-access.tsx";

export const metadata: Metadata = { title: "Стоп-лист" };

// Admins only, as every stopList.* procedure is (they answer 403 to anyone else): this answer is
// for people, not for security.
export default async function StopListPage() {
  const operator = await requireOperator("/stop-list");
  if (operator.role !== "admin") {
    return (
      <NoAccess pageClass="stop-list-page">
        <p>
          Стоп-лист ведёт администратор. Если нужно добавить или убрать запись, обратитесь к
          администратору LeadCore.
        </p>
      </NoAccess>
    );
  }
  return <StopListView />;
}
