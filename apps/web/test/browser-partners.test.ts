// Partners and API keys on the admins' page, in a real browser (Debian's chromium through
// playwright-core) against the production build: a new partner's key is shown once and works at
// once over REST; the page then shows when it was last used; a further key is issued; revoking
// the first refuses it at its next call while the second still works. Screenshots at 1366 and
// 390 px.

import { testDatabaseKinds } from "@leadcore/db/testing";
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

describe.each(testDatabaseKinds())(
  "partners and API keys on the admins' page, on %s",
  { timeout: 120_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let firstKey = "";
    let secondKey = "";
    const shot = (name: string) => screenshot(page, `partners-${kind}-${name}`);
    const leadsWith = async (key: string) =>
      (await fetch(`${server.url}/api/v1/leads`, { headers: { authorization: `Bearer ${key}` } }))
        .status;

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      server = await startUiServer(database);
      browser = await launchBrowser();
      page = await newRussianPage(browser);
      await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
    });
    afterAll(() => stopUi(browser, server, database));

    it("a new partner's key is shown once and works at once; the page asks before leaving it unseen", async () => {
      // The menu says «Партнёры»; the page's heading is the longer name.
      await page
        .getByRole("navigation", { name: "Разделы" })
        .getByRole("link", { name: "Партнёры" })
        .click();
      await page.waitForURL((address) => address.pathname === "/partners");
      await page.getByRole("heading", { name: "Партнёры и ключи", level: 1 }).waitFor();
      await page.fill("#new-partner-name", "Ромашка");
      await page.getByRole("button", { name: "Создать партнёра и ключ" }).click();
      const box = page.locator(".secret-box");
      await box.getByRole("heading", { name: /Ключ API — показан один раз/ }).waitFor();
      firstKey = (await box.locator("#secret-value").textContent()) ?? "";
      expect(firstKey).toMatch(/^lck_/);
      expect(await leadsWith(firstKey)).toBe(200);
      await page.getByText("Партнёр «Ромашка» создан.").waitFor();
      await shot("created-1366");

      // Leaving while the key is on screen asks first; "no" keeps the page and the key.
      page.once("dialog", (dialog) => void dialog.dismiss());
      await page
        .getByRole("navigation", { name: "Разделы" })
        .getByRole("link", { name: "Лиды" })
        .click();
      await box.waitFor();
      expect(new URL(page.url()).pathname).toBe("/partners");
      await box.getByRole("button", { name: "Ключ передан — скрыть" }).click();
      await box.waitFor({ state: "detached" });
    });

    it("the key's last use shows; a further key works beside it; revoking the first refuses only it", async () => {
      await reloadPage(page);
      const card = page.locator(".partner-card", { hasText: "Ромашка" });
      const firstRow = card.locator("tbody tr", { hasText: firstKey.slice(0, 12) });
      await firstRow.waitFor();
      expect(await firstRow.textContent()).not.toContain("не было");
      expect(await firstRow.textContent()).toContain("действует");
      expect(await page.content()).not.toContain(firstKey);

      await card.getByRole("button", { name: "Выпустить ещё ключ" }).click();
      const box = page.locator(".secret-box");
      await box.waitFor();
      secondKey = (await box.locator("#secret-value").textContent()) ?? "";
      expect(secondKey).not.toBe(firstKey);
      await box.getByRole("button", { name: "Ключ передан — скрыть" }).click();

      await firstRow.getByRole("button", { name: "Отозвать" }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByText("следующий вызов с ним получит ответ 401").waitFor();
      await dialog.getByRole("button", { name: "Отозвать" }).click();
      await dialog.waitFor({ state: "detached" });
      await firstRow.getByText(/^отозван /).waitFor();
      expect(await leadsWith(firstKey)).toBe(401);
      expect(await leadsWith(secondKey)).toBe(200);
      await shot("revoked-1366");
      await expectFitsTheWindow(page);

      await page.setViewportSize(PHONE);
      await card.scrollIntoViewIfNeeded();
      await shot("revoked-390");
      await expectFitsTheWindow(page);
      await page.setViewportSize(WIDE);
    });

    it("a service key is made and listed among the service keys", async () => {
      await page.fill("#new-service-key-name", "Скоринг");
      await page.getByRole("button", { name: "Выпустить служебный ключ" }).click();
      const box = page.locator(".secret-box");
      await box.waitFor();
      const key = (await box.locator("#secret-value").textContent()) ?? "";
      expect(await leadsWith(key)).toBe(200);
      await box.getByRole("button", { name: "Ключ передан — скрыть" }).click();
      const services = page.getByRole("region", { name: "Служебные ключи" });
      await services.locator("tbody tr", { hasText: key.slice(0, 12) }).waitFor();
    });
  },
);
