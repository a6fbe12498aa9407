import type { ReactNode } from "react";

/**
 * The top of an admin's page (operators, denial reasons, the stop-list): its title, what it is
 * for (`children`), and the notice of the last change made there, if any.
 */
export function AdminPageHead({
  title,
  notice,
  children,
}: {
  title: string;
  notice: string | null;
  children: ReactNode;
}) {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{title}</h1>
          <p className="muted">{children}</p>
        </div>
      </div>
      {notice ? (
        <p className="notice notice-success" role="status">
          {notice}
        </p>
      ) : null}
    </>
  );
}
