import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { NoAccess } from "../../_components/no-access.tsx";
import { ReasonsView } from "./reasons-view.tsx";

export const metadata: Metadata = { title: "Причины отказа" };

// Admins only, like the operators page: anyone else signed in gets a plain answer (the
// denialReason.* changes answer 403 to them anyway: this is for people, not for security).
export default async function DenialReasonsPage() {
  const operator = await requireOperator("/denial-reasons");
  if (operator.role !== "admin") {
    return (
      <NoAccess pageClass="reasons-page">
        <p>
          Справочник причин отказа ведёт администратор. Выбрать причину при отказе по лиду может
          любой оператор.
        </p>
      </NoAccess>
    );
  }
  return <ReasonsView />;
}
