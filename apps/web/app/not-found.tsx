import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page-narrow">
      <h1>Страница не найдена</h1>
      <p>
        <Link href="/leads">К списку лидов</Link>
      </p>
    </main>
  );
}
