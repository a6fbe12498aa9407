export default function HomePage() {
  return (
    <main>
      <h1>LeadCore</h1>
      <p>
        Ядро приёма заявок для потребительского кредитования: партнёры и сервисы передают лиды через API,
        LeadCore проверяет их по контракту, хранит и превращает в клиентов и заявки.
      </p>
      <p>
        API: tRPC по адресу <code>/api/trpc</code>. Состояние сервиса: <a href="/api/health">/api/health</a>.
      </p>
    </main>
  );
}
