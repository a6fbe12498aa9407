import Link from "next/link";

/** What a 404 says, in the header's frame: the address leads nowhere, and where to go instead. */
export function PageNotFound() {
  return (
    <div className="page-narrow not-found-page">
      <h1>Страница не найдена</h1>
      <p>По этому адресу ничего нет (ошибка 404): возможно, ссылка устарела или в ней опечатка.</p>
      <p>
        <Link href="/leads">К списку лидов</Link>
      </p>
    </div>
  );
}
