import Link from "next/link";
import type { ReactNode } from "react";
import { currentOperator } from "../../lib/session.ts";
import { NavLinks } from "./nav-links.tsx";
import { SearchMemoryProvider } from "./search-memory.tsx";
import { SignOutButton } from "./sign-out-button.tsx";

// The header (the brand, the menu, who is signed in) around a page: the operator pages' layout,
// and the 404 page of an address no route knows, which lies outside that layout. Each page checks
// the session itself (requireOperator), so it can send the visitor back to it after signing in;
// this only shows who is signed in.
export async function OperatorFrame({ children }: { children: ReactNode }) {
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
        {operator ? (
          <>
            <NavLinks admin={operator.role === "admin"} />
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
          </>
        ) : (
          <div className="whoami">
            <Link href="/signin" className="nav-link">
              Войти
            </Link>
          </div>
        )}
      </header>
      <main id="content" className="page">
        {children}
      </main>
    </SearchMemoryProvider>
  );
}
