"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/leads", label: "Лиды" },
  { href: "/clients", label: "Клиенты" },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Разделы" className="nav">
      {LINKS.map((link) => {
        const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
        return (
          <Link key={link.href} href={link.href} className={active ? "nav-link active" : "nav-link"} aria-current={active ? "page" : undefined}>
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}
