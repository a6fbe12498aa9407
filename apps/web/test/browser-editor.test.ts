// The operator's workplace in a real browser (Debian's chromium through playwright-core) against
// the production build (issue 17): no console error and a 404 page with the menu; a date range
// entered the wrong way round said so, with a swap; the editor's objections in plain Russian; an
// e-mail that is not one warned about but saved and converted; list items whose delete button
// lies over no label; a side menu that marks the section clicked; phones written one way.
// The tests run in order, in one page; screenshots at 1366 and 390 px go to test-output/screenshots/.

import { createPartnerWithKey } from "@leadcore/core";
import { testDatabaseKinds } from "@leadcore/db/testing";
import { partnerLead } from "@leadcore/schema/fixtures";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  expectFitsTheWindow,
  launchBrowser,
  newRussianPage,
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

/** A calendar day `days` from today, as the date filter writes it. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const ruDate = (iso: string) => iso.split("-").reverse().join(".");

describe.each(testDatabaseKinds())(
  "the operator's workplace in the editor and the lists, on %s",
  { timeout: 120_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let leadId: number;
    const consoleErrors: string[] = [];
    const url = (path: string) => `${server.url}${path}`;
    const shot = (name: string) => screenshot(page, `editor-${kind}-${name}`);
    const editor = () => page.locator("#lead-form");
    const sideMenu = () => page.getByRole("navigation", { name: "Разделы лида" });

    /** What the operator reads in `selector`, less the contract's field names (in English by design). */
    const shownTexts = (selector: string) =>
      page.locator(selector).evaluateAll((elements) =>
        elements.map((element) => {
          const copy = element.cloneNode(true) as HTMLElement;
          for (const name of copy.querySelectorAll(".field-name")) name.remove();
          return copy.textContent?.trim() ?? "";
        }),
      );

    async function openLead(): Promise<void> {
      await page.goto(url(`/leads/${leadId}`));
      await page.getByRole("heading", { name: `Лид № ${leadId}`, level: 1 }).waitFor();
    }

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      const db = await database.open();
      let key: string;
      try {
        key = (await createPartnerWithKey(db.prisma, "Техника")).key;
      } finally {
        await db.close();
      }
      server = await startUiServer(database);
      const response = await fetch(url("/api/v1/leads"), {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(partnerLead()),
      });
      expect(response.status).toBe(200);
      leadId = (await response.json()) as number;

      browser = await launchBrowser();
      page = await newRussianPage(browser);
      page.on("console", (message) => {
        if (message.type() === "error") consoleErrors.push(`${message.text()} (${page.url()})`);
      });
      page.on("pageerror", (error) => consoleErrors.push(`${error.message} (${page.url()})`));
      await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
    });

    afterAll(() => stopUi(browser, server, database));

    it("the leads page loads with no console error: the site has an icon", async () => {
      await reloadPage(page);
      await page.getByRole("heading", { name: "Лиды", level: 1 }).waitFor();
      await page.getByRole("link", { name: "Семёнов Алексей Игоревич" }).waitFor();
      await page.waitForLoadState("networkidle");
      expect(consoleErrors).toEqual([]);

      for (const path of ["/favicon.ico", "/icon.svg"]) {
        const icon = await fetch(url(path));
        expect(icon.status).toBe(200);
        expect(icon.headers.get("content-type")).toMatch(/^image\//);
      }
      const iconLink = page.locator('head link[rel="icon"]').first();
      expect(await iconLink.getAttribute("href")).toMatch(/icon|favicon/);
    });

    it("an unknown address answers 404 in Russian, with the header and the menu", async () => {
      for (const path of ["/no-such-page", `/leads/not-a-number`]) {
        const response = await page.goto(url(path));
        expect(response?.status()).toBe(404);
        await page.getByRole("heading", { name: "Страница не найдена", level: 1 }).waitFor();
        await page.getByText("ошибка 404").waitFor();
        const menu = page.getByRole("navigation", { name: "Разделы" });
        await menu.getByRole("link", { name: "Лиды" }).waitFor();
        await menu.getByRole("link", { name: "Клиенты" }).waitFor();
        await page.locator(".whoami", { hasText: "admin" }).waitFor();
      }
      await shot("404-1366");
      await page.setViewportSize(PHONE);
      await expectFitsTheWindow(page);
      await shot("404-390");
      await page.setViewportSize(WIDE);

      // The menu leads back to work.
      await page
        .getByRole("navigation", { name: "Разделы" })
        .getByRole("link", { name: "Лиды" })
        .click();
      await page.getByRole("heading", { name: "Лиды", level: 1 }).waitFor();
    });

    it("a date range entered the wrong way round says so, and «Поменять местами» swaps it", async () => {
      const [earlier, later] = [day(-7), day(1)];
      await page.goto(url(`/leads?from=${later}&to=${earlier}`));
      const alert = page.getByRole("alert").filter({ hasText: "Даты перепутаны" });
      await alert.waitFor();
      expect(await alert.textContent()).toContain(
        `«Создан с» (${ruDate(later)}) позже, чем «по» (${ruDate(earlier)})`,
      );
      await page.getByText("Ничего не найдено: даты диапазона перепутаны").waitFor();
      await shot("inverted-range-1366");
      await page.setViewportSize(PHONE);
      await expectFitsTheWindow(page);
      await shot("inverted-range-390");
      await page.setViewportSize(WIDE);

      await alert.getByRole("button", { name: "Поменять местами" }).click();
      await page.waitForURL(
        (address) =>
          address.searchParams.get("from") === earlier && address.searchParams.get("to") === later,
      );
      await alert.waitFor({ state: "detached" });
      const filters = page.getByRole("group", { name: "Фильтры" });
      expect(await filters.locator('input[type="date"]').nth(0).inputValue()).toBe(earlier);
      expect(await filters.locator('input[type="date"]').nth(1).inputValue()).toBe(later);
      await page.getByRole("link", { name: "Семёнов Алексей Игоревич" }).waitFor();
    });

    it("the editor objects to bad values in plain Russian, by the issues' codes, never in English", async () => {
      await openLead();
      await page.fill("#f-cardNumber", "4276 3800 1234 5670"); // the Luhn check fails
      await page.fill("#f-validThruMonth", "13");
      await page.fill("#f-validThruYear", "202");
      await page.fill("#f-amount", "-5");
      await page.fill("#f-childrenCount", "1,5");
      await page.fill("#f-dependentsCount", "два");
      // An address's attribute, "floor", at a path with no label of its own.
      const attributes = page.locator('[id="f-addressData.attributes"]');
      const keys = await attributes
        .locator('input[placeholder="ключ"]')
        .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
      expect(keys).toContain("floor");
      await attributes
        .locator(".pair")
        .nth(keys.indexOf("floor"))
        .locator('input[placeholder="значение"]')
        .fill("7".repeat(1001));
      await page.getByRole("button", { name: "Сохранить" }).click();

      const errorNotice = page.getByRole("alert").filter({ hasText: "Не сохранено" });
      await errorNotice.getByText("Не сохранено: исправьте поля (7)").waitFor();
      const objections = {
        cardNumber: "Номер карты: 12–19 цифр с верной контрольной суммой (или маска, как показана)",
        validThruMonth: "Месяц: от 1 до 12",
        validThruYear: "Год: 2 или 4 цифры",
        amount: "Не меньше 0",
        childrenCount: "Введите целое число",
        dependentsCount: "Введите число",
      };
      for (const [field, objection] of Object.entries(objections)) {
        expect(await page.locator(`#f-${field}-error`).textContent()).toBe(objection);
        expect(await page.getAttribute(`#f-${field}`, "aria-invalid")).toBe("true");
      }
      expect(await attributes.locator(".field-error").textContent()).toBe(
        "Не длиннее 1000 символов",
      );
      expect(await errorNotice.locator("li a").allTextContents()).toContain(
        "Дополнительные атрибуты адреса: «floor»",
      );
      const shown = [
        ...(await shownTexts(".field-error")),
        ...(await shownTexts(".notice-error")),
        ...(await shownTexts(".notice-warning")),
      ];
      expect(shown.length).toBeGreaterThanOrEqual(8);
      for (const text of shown) {
        // The attribute's key is the operator's own text.
        expect(text.replace("«floor»", "")).not.toMatch(/[A-Za-z]/);
        expect(text).not.toMatch(/ожидалось|получено/);
      }
      await page.locator("#f-cardNumber").scrollIntoViewIfNeeded();
      await shot("objections-1366");

      await page.getByRole("button", { name: "Отменить изменения" }).click();
      await errorNotice.waitFor({ state: "detached" });
    });

    it("a list item's delete button has a row of its own: it lies over no label, at 1366 and at 390 px", async () => {
      await openLead();
      for (const viewport of [WIDE, PHONE]) {
        await page.setViewportSize(viewport);
        const overlaps = await page.evaluate(() => {
          const boxOf = (element: Element) => element.getBoundingClientRect();
          // What a folded group (a FIAS chain) holds is not drawn.
          const removers = Array.from(document.querySelectorAll(".list-item button")).filter(
            (button) => button.textContent?.startsWith("Удалить") && button.checkVisibility(),
          );
          const labels = Array.from(
            document.querySelectorAll("#lead-form label, #lead-form legend, #lead-form summary"),
          ).filter((label) => label.checkVisibility());
          const found: string[] = [];
          for (const button of removers) {
            const a = boxOf(button);
            for (const label of labels) {
              const b = boxOf(label);
              const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
              const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
              if (x > 0 && y > 0) found.push(`${button.textContent} / ${label.textContent}`);
            }
          }
          return { removers: removers.length, found };
        });
        // The fixture lead has one address, relative, good, debt and additional field.
        expect(overlaps.removers).toBeGreaterThanOrEqual(5);
        expect(overlaps.found).toEqual([]);
      }

      // The button the issue names, and the label it used to cover.
      const extraFields = editor().locator("#f-extraFields");
      const remove = extraFields.getByRole("button", { name: "Удалить поле № 1" });
      const label = extraFields.locator("label", { hasText: "Дополнительное поле (id)" });
      await remove.scrollIntoViewIfNeeded();
      for (const viewport of [WIDE, PHONE]) {
        await page.setViewportSize(viewport);
        const button = await remove.boundingBox();
        const caption = await label.boundingBox();
        expect(button).not.toBeNull();
        expect(caption).not.toBeNull();
        expect(button!.y + button!.height).toBeLessThanOrEqual(caption!.y);
        await shot(`list-item-${viewport.width}`);
      }
      await page.setViewportSize(WIDE);
    });

    it("the side menu marks the section clicked, and the one scrolled to by hand", async () => {
      await openLead();
      const marked = () =>
        sideMenu()
          .locator("a[aria-current]")
          .evaluateAll((links) => links.map((link) => link.textContent));
      expect(await marked()).toEqual(["Лид"]);

      // The pair, a short section near the end, the last one (it never reaches the top).
      for (const section of [
        "Паспорт",
        "Контакты",
        "Дополнительные поля",
        "История изменений",
        "Личные данные",
      ]) {
        const link = sideMenu().getByRole("link", { name: section, exact: true });
        await link.click();
        // Long enough for the scroll to the section to end.
        await page.waitForTimeout(1_700);
        expect(await marked()).toEqual([section]);
        expect(await link.getAttribute("aria-current")).toBe("location");
      }
      await sideMenu().getByRole("link", { name: "Паспорт", exact: true }).click();
      await page.waitForTimeout(1_700);
      await shot("side-menu-passport");

      await page.evaluate(() => window.scrollTo({ top: 0, behavior: "instant" }));
      await expect.poll(marked).toEqual(["Лид"]);
    });

    it("an e-mail that is not one is a warning in Russian: the lead is saved and converted with it", async () => {
      await openLead();
      await page.fill("#f-email", "not-an-email");
      const warning = page.locator("#f-email-warning");
      await warning.waitFor();
      expect(await warning.textContent()).toBe(
        "⚠ Не похоже на адрес электронной почты: нужен вид name@example.ru",
      );
      const warnings = page.locator(".notice-warning", { hasText: "Проверьте данные (1)" });
      await warnings.getByText("Электронная почта").waitFor();
      // The example address is the only Latin there is.
      for (const text of await shownTexts(".notice-warning"))
        expect(text.replace("name@example.ru", "")).not.toMatch(/[A-Za-z]/);
      await page.getByRole("button", { name: "Сохранить" }).click();
      await page.getByText("Изменения сохранены").waitFor();

      // The server says the same of the stored lead.
      await reloadPage(page);
      await page.locator("#f-email-warning").waitFor();
      expect(await page.inputValue("#f-email")).toBe("not-an-email");
      await page.locator("#f-email").scrollIntoViewIfNeeded();
      await shot("email-warning-1366");

      await page.getByRole("button", { name: "Конвертировать…" }).click();
      const dialog = page.getByRole("dialog", { name: `Конвертация лида № ${leadId}` });
      await dialog.getByRole("button", { name: "Конвертировать", exact: true }).click();
      await dialog.getByText("Готово: создан новый клиент").waitFor();
      await dialog.getByRole("button", { name: "Закрыть" }).click();
    });

    it("phones are written `+7 916 123-45-67` in the read-only editor and on the client page, masked in the list", async () => {
      await openLead();
      await page.getByText("Лид конвертирован").first().waitFor();
      expect(await page.inputValue("#f-mobilePhone")).toBe("+7 916 123-45-67");

      await page
        .getByRole("link", { name: /^Клиент № \d+$/ })
        .first()
        .click();
      await page.waitForURL(/\/clients\/\d+$/);
      const contacts = page.locator("section", { has: page.locator("#contacts-title") });
      const phone = contacts.locator(".item", { hasText: "Мобильный телефон" }).locator("dd");
      await phone.waitFor();
      expect(await phone.textContent()).toBe("+7 916 123-45-67");
      await shot("client-phone-1366");

      await page.goto(url("/leads"));
      const row = page.locator("tbody tr", { hasText: "Семёнов Алексей Игоревич" });
      await row.waitFor();
      // Masked; an admin also gets «Показать» beside it (each reveal is recorded).
      const listed = await row.locator('[data-label="Телефон"]').textContent();
      expect(listed).toMatch(/^\+7 916 \*\*\*-\*\*-67/);
      expect(listed).not.toContain("123-45");
    });
  },
);
