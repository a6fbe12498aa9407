import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { ReferenceListsView } from "./reference-lists-view.tsx";
import "./reference-lists.css";
import { NoAccess } from "../../_components/no-access.tsx";

export const metadata: Metadata = { title: "Справочники" };

// Admins only, as referenceList.create/update are (every operator reads the lists through the
// editor's pickers): this answer is for people, not for security.
export default async function ReferenceListsPage() {
  const operator = await requireOperator("/reference-lists");
  if (operator.role !== "admin") {
    return (
      <NoAccess pageClass="reference-page">
        <p>
          Справочники ведёт администратор. Выбрать запись из справочника в карточке лида может любой
          оператор.
        </p>
      </NoAccess>
    );
  }
  return <ReferenceListsView />;
}
