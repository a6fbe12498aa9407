import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { NoAccess } from "../../_components/no-access.tsx";
import { OperatorsView } from "./operators-view.tsx";

export const metadata: Metadata = { title: "Операторы" };

// Admins only. Anyone else signed in gets a plain answer instead of a page whose every call would
// be refused (operator.* answers 403 to them anyway: this is for people, not for security).
export default async function OperatorsPage() {
  const operator = await requireOperator("/operators");
  if (operator.role !== "admin") {
    return (
      <NoAccess pageClass="operators-page">
        <p>
          Управлять операторами может только администратор. Если вам нужен доступ, обратитесь к
          администратору LeadCore.
        </p>
      </NoAccess>
    );
  }
  return <OperatorsView me={operator.login} />;
}
