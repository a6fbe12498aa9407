import type { ReactNode } from "react";
import { OperatorFrame } from "../_components/operator-frame.tsx";

export default function OperatorLayout({ children }: { children: ReactNode }) {
  return <OperatorFrame>{children}</OperatorFrame>;
}
