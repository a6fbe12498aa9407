import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { ReasonsView } from "./reasons-view.tsx";

export const metadata: Metadata = { title: "Причины отказа" };

// Admins only, like the operators page: anyone else signed in gets a plain answer (the
// denialReason.* changes answer 403 to them anyway: this is for people, not for security).
export default async function DenialReasonsPage() {
  const operator = await requireOperator("/denial-reasons");
  if (operator.role !== "admin") {
    return (
      <section className="page-narrow reasons-page" aria-labelledby="no-access">
        <h1 id="no-access">Нет доступа</h1>
        <p>
          Справочник причин отказа ведёт администратор. Выбрать причину при отказе по лиду может
          любой оператор.
        </p>
      </section>
    );
  }
  return <ReasonsView />;
}
