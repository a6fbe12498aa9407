import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { NoAccess } from "../../_components/no-access.tsx";
import { PartnersView } from "./partners-view.tsx";

export const metadata: Metadata = { title: "Партнёры и ключи" };

// Admins only, as every partner.* procedure is: this answer is for people, not for security.
export default async function PartnersPage() {
  const operator = await requireOperator("/partners");
  if (operator.role !== "admin") {
    return (
      <NoAccess pageClass="partners-page">
        <p>Партнёров и их ключи API ведёт администратор LeadCore.</p>
      </NoAccess>
    );
  }
  return <PartnersView />;
}
