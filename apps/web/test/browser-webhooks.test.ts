// The webhooks page in a real browser (Debian's chromium through playwright-core) against the
// production build, with a real receiver (a node:http server on 127.0.0.1; the server under test
// runs with WEBHOOK_ALLOW_PRIVATE_TARGETS=true to reach it). An admin finds «Вебхуки» in the top
// bar, adds an endpoint for a partner (a URL the guard refuses is said at its field, in Russian),
// sees its signing secret once, tests it and reads the receiver's 200, finds the test in the
// delivery log and sends it again, rotates the secret, turns the endpoint off and reads its state; a
// typed form is not lost to a click on the menu; an operator finds neither the link nor the page.
// One journey per database, in order; screenshots at 1366 and 390 px go to test-output/screenshots/.

import { createHmac } from "node:crypto";
import { createPartnerWithKey } from "@leadcore/core";
import { testDatabaseKinds } from "@leadcore/db/testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Receiver,
  startReceiver,
} from "../../../packages/core/test/support/webhook-receiver.ts";
import { LEAVE_QUESTION } from "../app/_components/leave-guard.ts";
import { ISSUE_RU } from "../lib/labels.ts";
import {
  ADMIN_PASSWORD,
  expectFitsTheWindow,
  launchBrowser,
  PHONE,
  reloadPage,
  screenshot,
  signInAs,
  startUiServer,
  WIDE,
} from "./browser-harness.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import type { RunningServer } from "./server-harness.ts";

const CLERK_PASSWORD = "пароль-оператора-1";
const PARTNER = "Магазин «Техника»";

/** The Standard Webhooks signature of a request, by the secret the page showed (whsec_<base64>). */
function signatureOf(secret: string, id: string, timestamp: string, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

describe.each(testDatabaseKinds())(
  "the webhooks page in a browser, on %s",
  { timeout: 180_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let receiver: Receiver;
    let browser: Browser;
    let adminContext: BrowserContext;
    let admin: Page;
    let firstSecret = "";
    const url = (path: string) => `${server.url}${path}`;
    const shot = (page: Page, name: string) => screenshot(page, `webhooks-${kind}-${name}`);

    const signIn = (page: Page, login: string, password: string) =>
      signInAs(page, server.url, login, password);

    /** The receiver's endpoint's row in the list. */
    const row = () =>
      admin.locator("tbody tr", {
        has: admin.locator(".mono", { hasText: receiver.url }),
      });
    const cell = (label: string) => row().locator(`td[data-label="${label}"]`);

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      const db = await database.open();
      try {
        await createPartnerWithKey(db.prisma, PARTNER);
      } finally {
        await db.close();
      }
      receiver = await startReceiver();
      server = await startUiServer(database, {
        WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
        WEBHOOK_POLL_SECONDS: "0.5",
      });
      browser = await launchBrowser();
      adminContext = await browser.newContext({ viewport: WIDE, locale: "ru-RU" });
      admin = await adminContext.newPage();
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await receiver?.close();
      await database?.dispose();
    });

    it("an admin finds «Вебхуки» in the top bar beside «Стоп-лист»; there are none yet", async () => {
      await signIn(admin, "admin", ADMIN_PASSWORD);
      const nav = admin.getByRole("navigation", { name: "Разделы" });
      const labels = await nav.getByRole("link").allTextContents();
      expect(labels.indexOf("Вебхуки")).toBe(labels.indexOf("Стоп-лист") + 1);
      await nav.getByRole("link", { name: "Вебхуки" }).click();
      await admin.waitForURL(url("/webhooks"));
      await admin.getByRole("heading", { name: "Вебхуки", level: 1 }).waitFor();
      await admin.getByText("Вебхуков пока нет").waitFor();
      expect(await admin.locator("#webhook-partner option").allTextContents()).toEqual([
        "— выберите —",
        PARTNER,
      ]);
    });

    it("the form says what is missing, and a URL the guard refuses is refused at its field, in Russian", async () => {
      await admin.getByRole("button", { name: "Добавить вебхук" }).click();
      expect(await admin.locator("#webhook-partner-error").textContent()).toBe("Выберите партнёра");
      expect(await admin.locator("#webhook-url-error").textContent()).toBe("Обязательное поле");

      await admin.selectOption("#webhook-partner", { label: PARTNER });
      await admin.fill("#webhook-url", "ftp://partner.example/hooks");
      for (const box of await admin.locator('input[name="events"]').all()) {
        await box.uncheck();
      }
      await admin.getByRole("button", { name: "Добавить вебхук" }).click();
      expect(await admin.locator("#webhook-events-error").textContent()).toBe(
        "Отметьте хотя бы одно событие",
      );
      await admin.getByLabel("Конвертирован").check();
      await admin.getByRole("button", { name: "Добавить вебхук" }).click();
      await admin.locator("#webhook-url-error").waitFor();
      expect(await admin.locator("#webhook-url-error").textContent()).toBe(
        ISSUE_RU.TARGET_NOT_ALLOWED({}, "url"),
      );
      await shot(admin, "1366-refused-url");
    });

    it("a typed form is not lost to a click on the menu: the page asks first, in Russian", async () => {
      let asked = "";
      admin.once("dialog", async (dialog) => {
        asked = dialog.message();
        await dialog.dismiss();
      });
      await admin
        .getByRole("navigation", { name: "Разделы" })
        .getByRole("link", { name: "Стоп-лист" })
        .click();
      await expect.poll(() => asked).toBe(LEAVE_QUESTION);
      expect(admin.url()).toBe(url("/webhooks"));
      expect(await admin.inputValue("#webhook-url")).toBe("ftp://partner.example/hooks");
    });

    it("adds an endpoint to the receiver; its signing secret is shown once, in a box of its own", async () => {
      await admin.fill("#webhook-url", receiver.url);
      for (const label of ["Отказ", "Отозван", "Открыт заново"]) {
        await admin.getByLabel(label).check();
      }
      await admin.fill("#webhook-description", "CRM магазина, контакт — Иван");
      await admin.getByRole("button", { name: "Добавить вебхук" }).click();
      const box = admin.locator(".secret-box");
      await box
        .getByRole("heading", {
          name: "Секрет подписи — показан один раз, передайте его партнёру",
        })
        .waitFor();
      firstSecret = (await box.locator("#secret-value").textContent()) ?? "";
      expect(firstSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      await box.getByRole("button", { name: "Скопировать" }).waitFor();
      await admin
        .getByRole("status")
        .getByText(`Вебхук для партнёра «${PARTNER}» добавлен и включён.`)
        .waitFor();
      await row().waitFor();
      expect(await cell("Партнёр").textContent()).toBe(PARTNER);
      expect(await cell("Адрес").textContent()).toContain("CRM магазина, контакт — Иван");
      expect(await cell("События").locator("li").allTextContents()).toEqual([
        "Конвертирован",
        "Отказ",
        "Отозван",
        "Открыт заново",
      ]);
      expect(await cell("Состояние").textContent()).toBe("Включён");
      expect(await cell("Секрет").textContent()).toBe(`${firstSecret.slice(0, 12)}…`);
      // The form is emptied for the next one.
      expect(await admin.inputValue("#webhook-url")).toBe("");
      await expectFitsTheWindow(admin);
      await shot(admin, "1366-secret");

      await box.getByRole("button", { name: "Секрет передан — скрыть" }).click();
      await box.waitFor({ state: "detached" });
      expect(await admin.locator("body").textContent()).not.toContain(firstSecret);
      await reloadPage(admin);
      await row().waitFor();
      expect(await admin.content()).not.toContain(firstSecret);
    });

    it("«Проверить» sends a signed test message and shows the receiver's answer", async () => {
      await row().getByRole("button", { name: "Проверить" }).click();
      const answer = row().locator(".test-answer");
      await answer.waitFor();
      expect(await answer.textContent()).toMatch(/^Проверка прошла: ответ HTTP 200 · \d+ мс$/);

      const [request] = await receiver.waitFor(1);
      const id = String(request?.headers["webhook-id"]);
      const timestamp = String(request?.headers["webhook-timestamp"]);
      expect(id).toMatch(/^msg_/);
      expect(request?.headers["webhook-signature"]).toBe(
        signatureOf(firstSecret, id, timestamp, request?.body ?? ""),
      );
      expect(JSON.parse(request?.body ?? "{}")).toMatchObject({ type: "webhook.test" });
    });

    it("the delivery log shows the test with its attempt; «Отправить снова» sends it with the same webhook-id", async () => {
      await row().getByRole("button", { name: "Журнал отправок" }).click();
      const dialog = admin.locator("dialog[open]");
      await dialog.getByRole("heading", { name: "Журнал отправок" }).waitFor();
      const delivery = dialog.locator(".delivery").first();
      await delivery.locator(".attempt").first().waitFor();
      expect(await delivery.locator(".delivery-what strong").textContent()).toBe("Проверка");
      expect(await delivery.locator(".badge").textContent()).toBe("Доставлено");
      expect(await delivery.locator(".attempt").first().textContent()).toMatch(
        /^Попытка 1 · \d\d\.\d\d\.\d{4}, \d\d:\d\d · HTTP 200 · \d+ мс$/,
      );
      await shot(admin, "1366-deliveries");

      receiver.script([503], 200);
      await delivery.getByRole("button", { name: "Отправить снова" }).click();
      await dialog
        .getByRole("status")
        .getByText(/отправляем снова/)
        .waitFor();
      const received = await receiver.waitFor(2);
      expect(received[1]?.headers["webhook-id"]).toBe(received[0]?.headers["webhook-id"]);
      // The 503 shows in the log as the second attempt, not delivered.
      await expect
        .poll(() => delivery.locator(".attempt").allTextContents(), { timeout: 20_000 })
        .toHaveLength(2);
      expect(await delivery.locator(".attempt").nth(1).textContent()).toMatch(
        /^Попытка 2 · .* · HTTP 503 · \d+ мс$/,
      );
      await dialog.getByRole("button", { name: "Закрыть" }).click();
      await dialog.waitFor({ state: "detached" });
      // The list says the endpoint has been failing since that answer, and stays on.
      await cell("Состояние").locator(".failing").waitFor();
      const state = await cell("Состояние").locator(".endpoint-state > *").allTextContents();
      expect(state).toEqual([
        "Включён",
        expect.stringMatching(/^сбои с \d\d\.\d\d\.\d{4}, \d\d:\d\d$/),
      ]);
      await shot(admin, "1366-failing");
    });

    it("a new secret is shown once too; the old one keeps signing for the hours given", async () => {
      await row().getByRole("button", { name: "Сменить секрет…" }).click();
      const dialog = admin.locator("dialog[open]");
      await dialog.getByRole("heading", { name: "Сменить секрет подписи?" }).waitFor();
      expect(await dialog.locator("#rotate-overlap").inputValue()).toBe("24");
      await dialog.getByRole("button", { name: "Сменить секрет" }).click();
      await dialog.waitFor({ state: "detached" });
      const secret = (await admin.locator("#secret-value").textContent()) ?? "";
      expect(secret).toMatch(/^whsec_/);
      expect(secret).not.toBe(firstSecret);
      await expect
        .poll(() => cell("Секрет").textContent())
        .toMatch(
          new RegExp(`^${secret.slice(0, 12).replace(/[+/]/g, "\\$&")}…прежний действует до `),
        );
      await admin.getByRole("button", { name: "Секрет передан — скрыть" }).click();
    });

    it("turning it off asks first; the list then says who turned it off, and it cannot be tested", async () => {
      await row().getByRole("button", { name: "Отключить…" }).click();
      const dialog = admin.locator("dialog[open]");
      await dialog.getByRole("heading", { name: "Отключить вебхук?" }).waitFor();
      await expectFitsTheWindow(admin);
      await shot(admin, "1366-disable-dialog");
      await dialog.getByRole("button", { name: "Отключить", exact: true }).click();
      await dialog.waitFor({ state: "detached" });
      await admin.getByRole("status").getByText(`Вебхук ${receiver.url} отключён.`).waitFor();
      await expect
        .poll(() => cell("Состояние").locator(".badge").textContent())
        .toBe("Отключён администратором");
      // Since when, and the failures it had before (the resend's 503) still said.
      expect(await cell("Состояние").locator(".endpoint-state > *").allTextContents()).toEqual([
        "Отключён администратором",
        expect.stringMatching(/^с \d\d\.\d\d\.\d{4}, \d\d:\d\d$/),
        expect.stringMatching(/^сбои с /),
      ]);
      expect(await row().getByRole("button", { name: "Проверить" }).isDisabled()).toBe(true);
      // The earlier test's answer was about the endpoint as it was: it is gone.
      expect(await row().locator(".test-answer").count()).toBe(0);
      await row().getByRole("button", { name: "Включить" }).waitFor();
      await shot(admin, "1366-disabled");
    });

    it("at 1366 and at 390 px the page fits the window: nothing overlaps, nothing scrolls sideways", async () => {
      await reloadPage(admin);
      await row().waitFor();
      await expectFitsTheWindow(admin);
      await shot(admin, "1366");
      await admin.locator("h2", { hasText: "Все вебхуки" }).scrollIntoViewIfNeeded();
      await shot(admin, "1366-list");

      await admin.setViewportSize(PHONE);
      await expectFitsTheWindow(admin);
      await shot(admin, "390");
      await row().scrollIntoViewIfNeeded();
      await expectFitsTheWindow(admin);
      await shot(admin, "390-list");

      await row().getByRole("button", { name: "Включить" }).click();
      await expect.poll(() => cell("Состояние").textContent()).toBe("Включён");
      await row().getByRole("button", { name: "Проверить" }).click();
      await row().locator(".test-answer").waitFor();
      await row().scrollIntoViewIfNeeded();
      await expectFitsTheWindow(admin);
      await shot(admin, "390-tested");

      await row().getByRole("button", { name: "Журнал отправок" }).click();
      await admin.locator("dialog[open] .attempt").first().waitFor();
      await expectFitsTheWindow(admin);
      await shot(admin, "390-deliveries");
      await admin.locator("dialog[open]").getByRole("button", { name: "Закрыть" }).click();

      await row().getByRole("button", { name: "Сменить секрет…" }).click();
      await admin.locator("dialog[open]").getByRole("button", { name: "Сменить секрет" }).click();
      // The box is at the top of the page, far above the row: it is brought into view, focused.
      const heading = admin.locator("#secret-title");
      await heading.waitFor();
      await expect
        .poll(() =>
          heading.evaluate((element) => {
            const box = element.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
          }),
        )
        .toBe(true);
      expect(await heading.evaluate((element) => element === document.activeElement)).toBe(true);
      await expectFitsTheWindow(admin);
      await shot(admin, "390-secret");
      await admin.getByRole("button", { name: "Секрет передан — скрыть" }).click();
      await admin.setViewportSize(WIDE);
    });

    it("an operator has no «Вебхуки» link, the page answers «Нет доступа», and the API refuses with 403", async () => {
      const created = await admin.evaluate(async (password) => {
        const response = await fetch("/api/trpc/operator.create", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ login: "clerk", password, role: "operator" }),
        });
        return response.status;
      }, CLERK_PASSWORD);
      expect(created).toBe(200);
      const clerkContext = await browser.newContext({ viewport: PHONE, locale: "ru-RU" });
      const clerk = await clerkContext.newPage();
      try {
        await signIn(clerk, "clerk", CLERK_PASSWORD);
        const nav = clerk.getByRole("navigation", { name: "Разделы" });
        await nav.getByRole("link", { name: "Лиды" }).waitFor();
        expect(await nav.getByRole("link", { name: "Вебхуки" }).count()).toBe(0);
        await clerk.goto(url("/webhooks"));
        await clerk.getByRole("heading", { name: "Нет доступа" }).waitFor();
        expect(await clerk.locator("table").count()).toBe(0);
        await expectFitsTheWindow(clerk);
        await screenshot(clerk, `webhooks-${kind}-390-operator-no-access`);
        const answers = await clerk.evaluate(async () => {
          const call = async (path: string) => {
            const response = await fetch(`/api/trpc/${path}`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: "{}",
            });
            return { status: response.status, body: await response.text() };
          };
          return [await call("webhook.list"), await call("partner.list")];
        });
        for (const answer of answers) {
          expect(answer.status).toBe(403);
          expect(answer.body).toContain('"ADMIN_ONLY"');
          expect(answer.body).not.toContain("Техника");
        }
      } finally {
        await clerkContext.close();
      }
    });
  },
);
