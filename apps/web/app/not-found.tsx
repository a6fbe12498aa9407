export default function NotFound() {
  return (
    <main>
      <h1>Страница не найдена</h1>
      <p>
        <a href="/">На главную</a>
      </p>
    </main>
  );
}
