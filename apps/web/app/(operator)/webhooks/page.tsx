import type { Metadata } from "next";
import { requireOperator } from "../../../lib/session.ts";
import { WebhooksView } from "./webhooks-view.tsx";
import "./webhooks.css";

export const metadata: Metadata = { title: "Вебхуки" };

// Admins only, as every webhook change is (webhook.* answer 403 to any other operator): this
// answer is for people, not for security.
export default async function WebhooksPage() {
  const operator = await requireOperator("/webhooks");
  if (operator.role !== "admin") {
    return (
      <section className="page-narrow webhooks-page" aria-labelledby="no-access">
        <h1 id="no-access">Нет доступа</h1>
        <p>
          Вебхуки партнёров настраивает администратор. Если партнёр не получает уведомления о своих
          лидах, обратитесь к администратору LeadCore.
        </p>
      </section>
    );
  }
  return <WebhooksView />;
}
