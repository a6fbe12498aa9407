import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { WebhooksView } from "./webhooks-view.tsx";
import "./webhooks.css";
import { NoAccess } from "../../_components/no-access.tsx";

export const metadata: Metadata = { title: "Вебхуки" };

// Admins only, as every webhook change is (webhook.* answer 403 to any other operator): this
// answer is for people, not for security.
export default async function WebhooksPage() {
  const operator = await requireOperator("/webhooks");
  if (operator.role !== "admin") {
    return (
      <NoAccess pageClass="webhooks-page">
        <p>
          Вебхуки партнёров настраивает администратор. Если партнёр не получает уведомления о своих
          лидах, обратитесь к администратору LeadCore.
        </p>
      </NoAccess>
    );
  }
  return <WebhooksView />;
}
