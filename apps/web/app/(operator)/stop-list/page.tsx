import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { StopListView } from "./stop-list-view.tsx";
import "./stop-list.css";

export const metadata: Metadata = { title: "Стоп-лист" };

// Admins only, as every stopList.* procedure is (they answer 403 to anyone else): this answer is
// for people, not for security.
export default async function StopListPage() {
  const operator = await requireOperator("/stop-list");
  if (operator.role !== "admin") {
    return (
      <section className="page-narrow stop-list-page" aria-labelledby="no-access">
        <h1 id="no-access">Нет доступа</h1>
        <p>
          Стоп-лист ведёт администратор. Если нужно добавить или убрать запись, обратитесь к
          администратору LeadCore.
        </p>
      </section>
    );
  }
  return <StopListView />;
}
