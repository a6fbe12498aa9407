import type { Metadata } from "next";
import { OperatorFrame } from "./_components/operator-frame.tsx";
import { PageNotFound } from "./_components/page-not-found.tsx";

// An address no route knows: outside the operator pages' layout, so it brings the header itself.
export const metadata: Metadata = { title: "Страница не найдена" };

export default function NotFound() {
  return (
    <OperatorFrame>
      <PageNotFound />
    </OperatorFrame>
  );
}
