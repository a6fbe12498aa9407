import type { Metadata } from "next";
import { PageNotFound } from "../_components/page-not-found.tsx";

// notFound() in an operator page (/leads/abc): inside the operator layout, header and menu included.
export const metadata: Metadata = { title: "Страница не найдена" };

export default function NotFound() {
  return <PageNotFound />;
}
