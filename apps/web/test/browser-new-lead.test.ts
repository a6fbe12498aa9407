// An operator taking a call creates a lead in the UI (issue 17, item 13), in a real browser
// against the production build: the same editor and checks as a stored lead's page, the server's
// own refusal shown at its fields, identifier warnings as one types, and, once created, the
// lead's page in place of the form (Back returns to the list, not to an empty form). The form
// fits the window at 1366 and 390 px.

import { testDatabaseKinds } from "@leadcore/db/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  expectFitsTheWindow,
  launchBrowser,
  newRussianPage,
  PHONE,
  screenshot,
  signInAs,
  startUiServer,
  stopUi,
  WIDE,
} from "./browser-harness.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import type { RunningServer } from "./server-harness.ts";

describe.each(testDatabaseKinds())(
  "a lead created in the UI, on %s",
  { timeout: 120_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    const url = (path: string) => `${server.url}${path}`;
    const shot = (name: string) => screenshot(page, `new-lead-${kind}-${name}`);

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      server = await startUiServer(database);
      browser = await launchBrowser();
      page = await newRussianPage(browser);
      await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
    });
    afterAll(() => stopUi(browser, server, database));

    it("«Новый лид» opens an empty editor; creating it bare names the two fields a lead needs", async () => {
      await page.getByRole("link", { name: "Новый лид" }).click();
      await page.waitForURL(url("/leads/new"));
      await page.getByRole("heading", { name: "Новый лид", level: 1 }).waitFor();
      // Nothing typed: nothing to create.
      expect(await page.getByRole("button", { name: "Создать лид" }).isDisabled()).toBe(true);

      await page.fill('[name="lastName"]', "Кузнецова");
      await page.getByRole("button", { name: "Создать лид" }).click();
      const refusal = page.locator(".notice-error");
      await refusal.getByText("Лид не создан: исправьте поля (2)").waitFor();
      expect(await refusal.textContent()).toContain("Имя");
      expect(await refusal.textContent()).toContain("Мобильный телефон");
      expect(new URL(page.url()).pathname).toBe("/leads/new");
      await expectFitsTheWindow(page);
      await shot("refused-1366");
    });

    it("a wrong INN is a warning, not a refusal; the created lead's page replaces the form", async () => {
      await page.fill('[name="firstName"]', "Анна");
      await page.fill('[name="mobilePhone"]', "+79161234567");
      await page.fill('[name="inn"]', "500100732250");
      await page.getByText("Проверьте данные (1)").waitFor();

      await page.getByRole("button", { name: "Создать лид" }).click();
      await page.waitForURL((address) => /^\/leads\/\d+$/.test(address.pathname));
      const leadId = Number(new URL(page.url()).pathname.split("/").pop());
      await page.getByRole("heading", { name: new RegExp(`^Лид № ${leadId}`) }).waitFor();
      expect(await page.inputValue('[name="lastName"]')).toBe("Кузнецова");
      await page.locator("#s-history").getByText("Оператор «admin»").first().waitFor();

      // Stored as typed, by the staff: no partner, status NEW. Queries go as POST, as the UI
      // sends them (never a personal value in a URL).
      const stored = await page.evaluate(async (id) => {
        const answer = await fetch("/api/trpc/lead.get", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ id }),
        });
        return { status: answer.status, body: await answer.json() };
      }, leadId);
      expect(stored.status).toBe(200);
      const view = (stored.body as { result: { data: Record<string, unknown> } }).result.data;
      expect(view).toMatchObject({
        status: "NEW",
        firstName: "Анна",
        lastName: "Кузнецова",
        inn: "500100732250",
      });
      expect(view.partner ?? null).toBeNull();

      // The form is gone from the history: Back goes to the list, without asking.
      let asked = false;
      page.once("dialog", (dialog) => {
        asked = true;
        void dialog.dismiss();
      });
      await page.goBack();
      await page.waitForURL((address) => address.pathname === "/leads");
      expect(asked).toBe(false);
    });

    it("the new-lead form fits the window at 390 px", async () => {
      await page.setViewportSize(PHONE);
      try {
        await page.goto(url("/leads/new"));
        await page.getByRole("button", { name: "Создать лид" }).waitFor();
        await expectFitsTheWindow(page);
        await shot("form-390");
      } finally {
        await page.setViewportSize(WIDE);
      }
    });
  },
);
