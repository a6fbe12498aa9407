import type { Metadata } from "next";
import type { ReactNode } from "react";
import { ApiProvider } from "../lib/trpc.tsx";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "LeadCore", template: "%s · LeadCore" },
  description: "Приём и обработка заявок для потребительского кредитования",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ru">
      <body>
        <ApiProvider>{children}</ApiProvider>
      </body>
    </html>
  );
}
