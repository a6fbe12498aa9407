import Link from "next/link";
import type { ReactNode } from "react";
import { currentOperator } from "../../lib/session.ts";
import { NavLinks } from "../_components/nav-links.tsx";
import { SearchMemoryProvider } from "../_components/search-memory.tsx";
import { SignOutButton } from "../_components/sign-out-button.tsx";

// Each page checks the session itself (requireOperator), so it can send the visitor back to it
// after signing in; this layout only shows who is signed in.
export default async function OperatorLayout({ children }: { children: ReactNode }) {
  const operator = await currentOperator();
  return (
    <SearchMemoryProvider>
      <a className="skip-link" href="#content">
        К содержимому
      </a>
      <header className="topbar">
        <Link href="/leads" className="brand">
          LeadCore
        </Link>
        <NavLinks admin={operator?.role === "admin"} />
        {operator ? (
          <div className="whoami">
            <span>
              {operator.login}
              <span className="muted">
                {" "}
                · {operator.role === "admin" ? "администратор" : "оператор"}
              </span>
            </span>
            <SignOutButton />
          </div>
        ) : null}
      </header>
      <main id="content" className="page">
        {children}
      </main>
    </SearchMemoryProvider>
  );
}
