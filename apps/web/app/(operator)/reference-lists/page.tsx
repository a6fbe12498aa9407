import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { ReferenceListsView } from "./reference-lists-view.tsx";
import "./reference-lists.css";

export const metadata: Metadata = { title: "Справочники" };

// Admins only, as referenceList.create/update are (every operator reads the lists through the
// editor's pickers): this answer is for people, not for security.
export default async function ReferenceListsPage() {
  const operator = await requireOperator("/reference-lists");
  if (operator.role !== "admin") {
    return (
      <section className="page-narrow reference-page" aria-labelledby="no-access">
        <h1 id="no-access">Нет доступа</h1>
        <p>
          Справочники ведёт администратор. Выбрать запись из справочника в карточке лида может любой
          оператор.
        </p>
      </section>
    );
  }
  return <ReferenceListsView />;
}
