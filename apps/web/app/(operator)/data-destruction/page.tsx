import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { NoAccess } from "../../_components/no-access.tsx";
import { DestructionActView } from "./destruction-act-view.tsx";

export const metadata: Metadata = { title: "Уничтожение данных" };

// Admins only, as dataDestruction.list is: this answer is for people, not for security.
export default async function DataDestructionPage() {
  const operator = await requireOperator("/data-destruction");
  if (operator.role !== "admin") {
    return (
      <NoAccess>
        <p>Акт об уничтожении персональных данных ведёт администратор.</p>
      </NoAccess>
    );
  }
  return <DestructionActView />;
}
