"use client";
// An unexpected failure while showing a page: said in Russian, with a way to try again.
export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="page-narrow">
      <h1>Не удалось показать страницу</h1>
      <p>Произошла ошибка. Попробуйте ещё раз; если она повторяется, сообщите администратору.</p>
      <p>
        <button type="button" className="button button-primary" onClick={reset}>
          Попробовать снова
        </button>{" "}
        <a href="/leads">К списку лидов</a>
      </p>
    </main>
  );
}
