// Operator management in a real browser (Debian's chromium through playwright-core) against the
// production build: the admin creates an operator, who then signs in and finds neither the link
// nor the page; the admin's changes (new password, role, disabling) reach that operator's open
// session at once. Run as one journey per database, in order; screenshots at 1366 and 390 px go
// to test-output/screenshots/.

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

const IVANOVA_PASSWORD = "пароль-ивановой-1";
const IVANOVA_NEW_PASSWORD = "новый-пароль-ивановой";

describe.each(testDatabaseKinds())(
  "operator management in a browser, on %s",
  { timeout: 120_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let admin: Page;
    let operator: Page;
    const url = (path: string) => `${server.url}${path}`;
    const shot = (page: Page, name: string) => screenshot(page, `operators-${kind}-${name}`);

    const signIn = (page: Page, login: string, password: string) =>
      signInAs(page, server.url, login, password);

    /** The row of one operator in the admin's table. */
    const rowOf = (login: string) =>
      admin.locator("tbody tr", {
        has: admin.locator(".mono", { hasText: new RegExp(`^${login}$`) }),
      });

    /** Opens a row action's dialog and confirms it; the dialog must close by itself. */
    async function confirmAction(
      login: string,
      action: string,
      confirm: string,
      fill?: () => Promise<void>,
    ): Promise<void> {
      await rowOf(login).getByRole("button", { name: action }).click();
      const dialog = admin.locator("dialog[open]");
      await fill?.();
      await dialog.getByRole("button", { name: confirm, exact: true }).click();
      await dialog.waitFor({ state: "detached" });
    }

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      server = await startUiServer(database);
      browser = await launchBrowser();
      admin = await newRussianPage(browser);
      operator = await newRussianPage(browser);
    });

    afterAll(() => stopUi(browser, server, database));

    it("an admin finds «Операторы» in the top bar and the page lists the admin itself", async () => {
      await signIn(admin, "admin", ADMIN_PASSWORD);
      await openSection(admin, "Операторы", "/operators");
      const own = rowOf("admin");
      await own.getByText("(вы)").waitFor();
      expect(await own.locator('td[data-label="Роль"]').textContent()).toBe("Администратор");
      expect(await own.locator('td[data-label="Состояние"]').textContent()).toBe("Активен");
    });

    it("the create form checks the login and the password confirmation before sending, then creates the operator", async () => {
      await admin.fill("#new-login", "не латиница");
      await admin.fill("#new-password", IVANOVA_PASSWORD);
      await admin.fill("#new-confirmation", "другой-пароль-1");
      await admin.getByRole("button", { name: "Создать оператора" }).click();
      expect(await admin.locator("#new-login-error").textContent()).toMatch(
        /^Логин: от 2 до 64 символов/,
      );
      expect(await admin.locator("#new-confirmation-error").textContent()).toBe(
        "Пароли не совпадают",
      );
      expect(await rowOf("ivanova").count()).toBe(0);

      await admin.fill("#new-login", "Ivanova");
      await admin.fill("#new-confirmation", IVANOVA_PASSWORD);
      await admin.getByRole("button", { name: "Создать оператора" }).click();
      await admin.getByRole("status").getByText("Оператор «ivanova» создан").waitFor();
      await rowOf("ivanova").waitFor();
      expect(await rowOf("ivanova").locator('td[data-label="Роль"]').textContent()).toBe(
        "Оператор",
      );
      expect(await admin.inputValue("#new-login")).toBe("");
      expect(await admin.inputValue("#new-password")).toBe("");

      // The same login again: the server's refusal, in Russian.
      await admin.fill("#new-login", "ivanova");
      await admin.fill("#new-password", IVANOVA_PASSWORD);
      await admin.fill("#new-confirmation", IVANOVA_PASSWORD);
      await admin.getByRole("button", { name: "Создать оператора" }).click();
      await admin.getByRole("alert").getByText("Оператор «ivanova» уже есть").waitFor();
    });

    it("the last admin cannot take its own admin role away: the dialog says why, in Russian, and nothing changes", async () => {
      await rowOf("admin").getByRole("button", { name: "Сделать оператором…" }).click();
      const dialog = admin.locator("dialog[open]");
      await dialog.getByRole("button", { name: "Сделать оператором", exact: true }).click();
      await dialog
        .getByText("Нельзя снять права с последнего действующего администратора")
        .waitFor();
      await dialog.getByRole("button", { name: "Отмена" }).click();
      await dialog.waitFor({ state: "detached" });
      expect(await rowOf("admin").locator('td[data-label="Роль"]').textContent()).toBe(
        "Администратор",
      );
    });

    it("at 1366 and at 390 px the page fits the window: nothing overlaps, nothing scrolls sideways", async () => {
      await admin.setViewportSize(WIDE);
      await expectFitsTheWindow(admin);
      await shot(admin, "admin-1366");
      await admin.setViewportSize(PHONE);
      await expectFitsTheWindow(admin);
      await shot(admin, "admin-390");
      await rowOf("ivanova").scrollIntoViewIfNeeded();
      await shot(admin, "admin-390-list");
      await rowOf("ivanova").getByRole("button", { name: "Новый пароль…" }).click();
      await admin.locator("dialog[open]").waitFor();
      await expectFitsTheWindow(admin);
      await shot(admin, "admin-390-password-dialog");
      await admin.locator("dialog[open]").getByRole("button", { name: "Отмена" }).click();
      await admin.setViewportSize(WIDE);
    });

    it("the new operator signs in but has no «Операторы» link, and the page answers «Нет доступа»; the API refuses with 403", async () => {
      await signIn(operator, "ivanova", IVANOVA_PASSWORD);
      const nav = operator.getByRole("navigation", { name: "Разделы" });
      await nav.getByRole("link", { name: "Лиды" }).waitFor();
      expect(await nav.getByRole("link", { name: "Операторы" }).count()).toBe(0);

      const response = await operator.goto(url("/operators"));
      expect(response?.status()).toBeLessThan(500);
      await operator.getByRole("heading", { name: "Нет доступа" }).waitFor();
      expect(await operator.locator("table").count()).toBe(0);
      expect(await operator.getByText("admin", { exact: true }).count()).toBe(0);
      await shot(operator, "operator-1366-no-access");
      await operator.setViewportSize(PHONE);
      await expectFitsTheWindow(operator);
      await shot(operator, "operator-390-no-access");
      await operator.setViewportSize(WIDE);

      // With the operator's own cookie, from the operator's own page: refused all the same.
      const answer = await operator.evaluate(async () => {
        const response = await fetch("/api/trpc/operator.list");
        return { status: response.status, body: await response.text() };
      });
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('"FORBIDDEN"');
      expect(answer.body).not.toContain('"login"');
    });

    it("a new password ends the operator's open session; the operator signs in with the new one", async () => {
      await confirmAction("ivanova", "Новый пароль…", "Сменить пароль", async () => {
        await admin.fill("#reset-password", IVANOVA_NEW_PASSWORD);
        await admin.fill("#reset-confirmation", IVANOVA_NEW_PASSWORD);
      });
      await admin.getByRole("status").getByText("Пароль оператора «ivanova» изменён").waitFor();

      await operator.goto(url("/leads"));
      expect(new URL(operator.url()).pathname).toBe("/signin");
      await operator.fill("#login", "ivanova");
      await operator.fill("#password", IVANOVA_PASSWORD);
      await operator.click("button[type=submit]");
      await operator.getByText("Неверный логин или пароль").waitFor();
      await signIn(operator, "ivanova", IVANOVA_NEW_PASSWORD);
    });

    it("made an administrator, the operator gets the link and the page on the next load", async () => {
      await confirmAction("ivanova", "Сделать администратором…", "Сделать администратором");
      await admin.getByRole("status").getByText("«ivanova» теперь администратор").waitFor();
      expect(await rowOf("ivanova").locator('td[data-label="Роль"]').textContent()).toBe(
        "Администратор",
      );

      await reloadPage(operator);
      await operator
        .getByRole("navigation", { name: "Разделы" })
        .getByRole("link", { name: "Операторы" })
        .click();
      await operator.getByRole("heading", { name: "Операторы", level: 1 }).waitFor();
    });

    it("disabled, the operator is signed out at once; enabled again, it can sign in", async () => {
      await confirmAction("ivanova", "Отключить…", "Отключить");
      await admin.getByRole("status").getByText("Оператор «ivanova» отключён").waitFor();
      expect(await rowOf("ivanova").locator('td[data-label="Состояние"]').textContent()).toBe(
        "Отключён",
      );
      await shot(admin, "admin-1366-disabled-row");

      await operator.goto(url("/leads"));
      expect(new URL(operator.url()).pathname).toBe("/signin");

      await rowOf("ivanova").getByRole("button", { name: "Включить" }).click();
      await admin.getByRole("status").getByText("Оператор «ivanova» снова может входить").waitFor();
      expect(await rowOf("ivanova").locator('td[data-label="Состояние"]').textContent()).toBe(
        "Активен",
      );
      await signIn(operator, "ivanova", IVANOVA_NEW_PASSWORD);
    });
  },
);
