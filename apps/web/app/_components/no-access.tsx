import type { ReactNode } from "react";

/**
 * What a signed-in operator who is not an admin sees on an admin's page: a plain answer instead of
 * a page whose every call would be refused (the procedures answer 403 anyway: this is for people,
 * not for security). `pageClass` is the page's own class, so its layout rules (a phone's width)
 * hold here too; `children` say who keeps the page and what the operator may do instead.
 */
export function NoAccess({ pageClass, children }: { pageClass?: string; children: ReactNode }) {
  return (
    <section
      className={pageClass ? `page-narrow ${pageClass}` : "page-narrow"}
      aria-labelledby="no-access"
    >
      <h1 id="no-access">Нет доступа</h1>
      {children}
    </section>
  );
}
