"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/leads", label: "Лиды" },
  { href: "/clients", label: "Клиенты" },
  { href: "/duplicates", label: "Дубликаты" },
];
// Only admins get these links; the pages themselves and every admin procedure (operator.*,
// stopList.*, denialReason changes, partner.*, webhook changes, referenceList changes) check the role again.
// Ten is what fits one line at 1366 px: the destruction act is linked from «Сводка» instead.
const ADMIN_LINKS = [
  { href: "/dashboard", label: "Сводка" },
  { href: "/operators", label: "Операторы" },
  { href: "/denial-reasons", label: "Причины отказа" },
  { href: "/stop-list", label: "Стоп-лист" },
  { href: "/webhooks", label: "Вебхуки" },
  { href: "/partners", label: "Партнёры" },
  { href: "/reference-lists", label: "Справочники" },
];

export function NavLinks({ admin }: { admin: boolean }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Разделы" className="nav">
      {(admin ? [...LINKS, ...ADMIN_LINKS] : LINKS).map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link
            key={link.href}
            href={link.href}
            className={active ? "nav-link active" : "nav-link"}
            aria-current={active ? "page" : undefined}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
