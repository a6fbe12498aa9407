// The stop-list page in a real browser (Debian's chromium through playwright-core) against the
// production build: an admin finds it in the top bar, adds entries (a malformed one is refused at
// its field, in Russian), uploads a CSV file with a bad line and reads the report, removes an entry
// with its confirmation and reads its history, uploads a file too big for one call (sent in parts,
// line numbers still the file's); an operator finds neither the link nor the page. One
// journey per database, in order; screenshots at 1366 and 390 px go to test-output/screenshots/.

import { testDatabaseKinds } from "@leadcore/db/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  expectFitsTheWindow,
  launchBrowser,
  newRussianPage,
  openSection,
  PHONE,
  reloadPage,
  screenshot,
  signInAs,
  startUiServer,
  stopUi,
  WIDE,
} from "./browser-harness.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import type { RunningServer } from "./server-harness.ts";

const CLERK_PASSWORD = "пароль-оператора-1";

// As Russian Excel saves "CSV UTF-8": a BOM, semicolons, CRLF.
const SMALL_FILE =
  "\uFEFFВид;Значение;Фамилия;Имя;Отчество;Дата рождения;Причина\r\n" +
  "паспорт;40 08 503682;;;;;Повтор\r\n" + // 2: added through the form already
  "телефон;8 (916) 123-45-67;;;;;Мошенничество\r\n" + // 3
  "ИНН;1234567895;;;;;Решение суда\r\n" + // 4: check digits wrong
  "человек;;Кузнецова;Анна;Петровна;28.02.1991;Решение СБ\r\n"; // 5

/** A file past one call's 192 KiB: 4000 phones, line 3800 not one. */
function bigFile(): string {
  const lines = ["вид;значение;причина"];
  for (let i = 0; i < 4000; i++) {
    const n = String(i).padStart(7, "0");
    lines.push(
      i === 3798
        ? "телефон;+7 495 000-00-00;Городской номер"
        : `телефон;+7 977 ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)};Массовая регистрация с подменой номера, заявка ${i}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

describe.each(testDatabaseKinds())(
  "the stop-list page in a browser, on %s",
  { timeout: 180_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let admin: Page;
    const url = (path: string) => `${server.url}${path}`;
    const shot = (page: Page, name: string) => screenshot(page, `stop-list-${kind}-${name}`);

    const signIn = (page: Page, login: string, password: string) =>
      signInAs(page, server.url, login, password);

    /** The row of one entry in the list, by what it shows. */
    const rowOf = (display: string) =>
      admin.locator("tbody tr", { has: admin.locator(".mono", { hasText: display }) });

    const upload = async (name: string, content: string | Buffer) => {
      await admin.setInputFiles("#csv-file", {
        name,
        mimeType: "text/csv",
        buffer: Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8"),
      });
      await admin.getByRole("button", { name: "Загрузить", exact: true }).click();
    };
    const count = (label: string) =>
      admin.locator(".report-counts > div", { has: admin.locator("dt", { hasText: label }) });

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      server = await startUiServer(database);
      browser = await launchBrowser();
      admin = await newRussianPage(browser);
    });

    afterAll(() => stopUi(browser, server, database));

    it("an admin finds «Стоп-лист» in the top bar; the list is empty", async () => {
      await signIn(admin, "admin", ADMIN_PASSWORD);
      await openSection(admin, "Стоп-лист", "/stop-list");
      await admin.getByText("Стоп-лист пуст").waitFor();
    });

    it("adds a passport spelled with spaces; a malformed INN is refused at its field, in Russian", async () => {
      await admin.selectOption("#entry-kind", "PASSPORT");
      await admin.fill("#entry-seria", "40 08");
      await admin.fill("#entry-no", "503 682");
      await admin.fill("#entry-reason", "Поддельный паспорт");
      await admin.getByRole("button", { name: "Добавить в стоп-лист" }).click();
      await admin
        .getByRole("status")
        .getByText("Запись «4008 503682» добавлена в стоп-лист.")
        .waitFor();
      await rowOf("4008 503682").waitFor();
      expect(await rowOf("4008 503682").locator('td[data-label="Вид"]').textContent()).toBe(
        "Паспорт",
      );
      expect(await admin.inputValue("#entry-seria")).toBe("");

      await admin.selectOption("#entry-kind", "INN");
      await admin.fill("#entry-inn", "7707083894");
      await admin.fill("#entry-reason", "Решение суда");
      await admin.getByRole("button", { name: "Добавить в стоп-лист" }).click();
      expect(await admin.locator("#entry-inn-error").textContent()).toBe(
        "Не сходятся контрольные цифры",
      );

      // A person: the fields change with the kind; the birth date is a date field.
      await admin.selectOption("#entry-kind", "PERSON");
      await admin.fill("#entry-lastName", "Семёнов");
      await admin.fill("#entry-firstName", "Пётр");
      await admin.fill("#entry-patronymic", "Алексеевич");
      await admin.fill("#entry-birthDate", "1990-01-31");
      await admin.fill("#entry-reason", "Мошенничество с документами");
      await admin.getByRole("button", { name: "Добавить в стоп-лист" }).click();
      await rowOf("Семёнов Пётр Алексеевич, 31.01.1990").waitFor();

      // The same passport again: the server's refusal, in Russian.
      await admin.selectOption("#entry-kind", "PASSPORT");
      await admin.fill("#entry-seria", "4008");
      await admin.fill("#entry-no", "503682");
      await admin.fill("#entry-reason", "Ещё раз");
      await admin.getByRole("button", { name: "Добавить в стоп-лист" }).click();
      await admin.getByRole("alert").getByText("Эта запись уже есть в стоп-листе").waitFor();
    });

    it("a CSV file with a bad line: the report says what went in, and which line was bad and why", async () => {
      await upload("стоп-лист.csv", SMALL_FILE);
      const report = admin.locator(".import-report");
      await report.getByRole("heading", { name: "Итог загрузки «стоп-лист.csv»" }).waitFor();
      expect(await count("Прочитано строк").locator("dd").textContent()).toBe("4");
      expect(await count("Добавлено").locator("dd").textContent()).toBe("2");
      expect(await count("Уже были в стоп-листе").locator("dd").textContent()).toBe("1");
      expect(await count("С ошибками").locator("dd").textContent()).toBe("1");
      expect(await report.locator(".bad-lines li").allTextContents()).toEqual([
        "Строка 4: Значение: Не сходятся контрольные цифры",
      ]);
      expect(await report.textContent()).not.toContain("1234567895");
      await rowOf("+7 916 123-45-67").waitFor();
      await rowOf("Кузнецова Анна Петровна, 28.02.1991").waitFor();
      await shot(admin, "1366-report");
    });

    it("a file that is not UTF-8 is refused with how to save it", async () => {
      // "Вид;Значение;Причина" as old Excel saves it, in Windows-1251.
      const cp1251 = Buffer.from([
        0xc2, 0xe8, 0xe4, 0x3b, 0xc7, 0xed, 0xe0, 0xf7, 0xe5, 0xed, 0xe8, 0xe5, 0x3b, 0xcf, 0xf0,
        0xe8, 0xf7, 0xe8, 0xed, 0xe0, 0x0a,
      ]);
      await upload("старый.csv", cp1251);
      await admin.getByRole("alert").getByText("Файл не в кодировке UTF-8").waitFor();
    });

    it("removing an entry asks first, keeps its history, and the list of removed entries shows it", async () => {
      await admin.getByRole("searchbox", { name: "Поиск в стоп-листе" }).fill("40 08 503682");
      await admin.getByRole("button", { name: "Найти" }).click();
      await admin.waitForFunction(() => document.querySelectorAll("tbody tr").length === 1);
      await rowOf("4008 503682").getByRole("button", { name: "Удалить…" }).click();
      const dialog = admin.locator("dialog[open]");
      await dialog.getByRole("heading", { name: "Удалить «4008 503682» из стоп-листа?" }).waitFor();
      await dialog.locator("#remove-comment").fill("Владелец получил новый паспорт");
      await dialog.getByRole("button", { name: "Удалить", exact: true }).click();
      await dialog.waitFor({ state: "detached" });
      await admin
        .getByRole("status")
        .getByText("Запись «4008 503682» удалена из стоп-листа. Её история сохранена.")
        .waitFor();
      await admin.getByText("Ничего не найдено").waitFor();

      await admin.selectOption("#filter-status", "REMOVED");
      await rowOf("4008 503682").getByText("Удалена").waitFor();
      await rowOf("4008 503682").getByRole("button", { name: "История" }).click();
      const history = admin.locator("dialog[open]");
      await history.locator(".entry-history li").nth(1).waitFor();
      const events = await history.locator(".entry-history li").allTextContents();
      expect(events).toHaveLength(2);
      expect(events[0]).toMatch(/^Добавлена .* · admin.*Причина: Поддельный паспорт$/);
      expect(events[1]).toMatch(
        /^Удалена .* · admin.*Комментарий: Владелец получил новый паспорт$/,
      );
      await shot(admin, "1366-history");
      await history.getByRole("button", { name: "Закрыть" }).click();
      await history.waitFor({ state: "detached" });
      await admin.selectOption("#filter-status", "ACTIVE");
      await admin.getByRole("button", { name: "Сбросить поиск" }).click();
    });

    it("at 1366 and at 390 px the page fits the window: nothing overlaps, nothing scrolls sideways", async () => {
      await reloadPage(admin);
      await rowOf("+7 916 123-45-67").waitFor();
      await expectFitsTheWindow(admin);
      await shot(admin, "1366");
      await admin.locator("h2", { hasText: "Записи" }).scrollIntoViewIfNeeded();
      await shot(admin, "1366-list");

      await admin.setViewportSize(PHONE);
      await expectFitsTheWindow(admin);
      await shot(admin, "390");
      await upload("стоп-лист.csv", SMALL_FILE);
      await admin.locator(".import-report .bad-lines").waitFor();
      await expectFitsTheWindow(admin);
      await admin.locator(".import-report").scrollIntoViewIfNeeded();
      await shot(admin, "390-report");
      await rowOf("+7 916 123-45-67").scrollIntoViewIfNeeded();
      await expectFitsTheWindow(admin);
      await shot(admin, "390-list");
      await rowOf("+7 916 123-45-67").getByRole("button", { name: "Удалить…" }).click();
      await admin.locator("dialog[open]").waitFor();
      await expectFitsTheWindow(admin);
      await shot(admin, "390-remove-dialog");
      await admin.locator("dialog[open]").getByRole("button", { name: "Отмена" }).click();
      await admin.setViewportSize(WIDE);
    });

    it("a file too big for one call goes in parts; its bad line keeps its line number in the file", async () => {
      await upload("много.csv", bigFile());
      const report = admin.locator(".import-report");
      await report
        .getByRole("heading", { name: "Итог загрузки «много.csv»" })
        .waitFor({ timeout: 90_000 });
      expect(await count("Прочитано строк").locator("dd").textContent()).toBe("4000");
      expect(await count("Добавлено").locator("dd").textContent()).toBe("3999");
      expect(await report.locator(".bad-lines li").allTextContents()).toEqual([
        "Строка 3800: Значение: Нужен российский мобильный номер: +7 9XX XXX-XX-XX",
      ]);
    });

    it("an operator has no «Стоп-лист» link, the page answers «Нет доступа», and the API refuses with 403", async () => {
      const created = await admin.evaluate(async (password) => {
        const response = await fetch("/api/trpc/operator.create", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ login: "clerk", password, role: "operator" }),
        });
        return response.status;
      }, CLERK_PASSWORD);
      expect(created).toBe(200);
      const clerk = await newRussianPage(browser, PHONE);
      try {
        await signIn(clerk, "clerk", CLERK_PASSWORD);
        const nav = clerk.getByRole("navigation", { name: "Разделы" });
        await nav.getByRole("link", { name: "Лиды" }).waitFor();
        expect(await nav.getByRole("link", { name: "Стоп-лист" }).count()).toBe(0);
        await clerk.goto(url("/stop-list"));
        await clerk.getByRole("heading", { name: "Нет доступа" }).waitFor();
        expect(await clerk.locator("table").count()).toBe(0);
        await expectFitsTheWindow(clerk);
        await screenshot(clerk, `stop-list-${kind}-390-operator-no-access`);
        const answer = await clerk.evaluate(async () => {
          const response = await fetch("/api/trpc/stopList.list", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: "{}",
          });
          return { status: response.status, body: await response.text() };
        });
        expect(answer.status).toBe(403);
        expect(answer.body).toContain('"ADMIN_ONLY"');
        expect(answer.body).not.toContain("916");
      } finally {
        await clerk.context().close();
      }
    });
  },
);
