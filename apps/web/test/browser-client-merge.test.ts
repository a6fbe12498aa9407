// Merging two clients in the operator's workplace, in a real browser (Debian's chromium through
// playwright-core) against the production build: a woman whose passport was replaced is two
// clients by the rule; on the first client's page the operator names the second, sees the fields
// that differ side by side with the defaults chosen, cannot merge until she confirms the other
// passport, merges, and the page shows the second client's application here; opening the second
// client's number shows the first with a notice. Screenshots at 1366 and 390 px.

import { convertLead, createLead } from "@leadcore/core";
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

const service = { kind: "service" as const, apiKeyId: 1n, name: "tests" };
const person = {
  lastName: "Морозова",
  firstName: "Анна",
  patronymic: "Сергеевна",
  birthDate: "1979-03-02",
  mobilePhone: "+79161240001",
  email: "anna@example.ru",
  passport: { seria: "4503", no: "121212" },
  amount: 30_000,
};
// The same woman after her passport was replaced at 45, with a newer phone.
const replaced = {
  ...person,
  mobilePhone: "+79161240002",
  passport: { seria: "4524", no: "343434" },
  amount: 55_000,
};

describe.each(testDatabaseKinds())(
  "merging clients in the operator's workplace, on %s",
  { timeout: 120_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let first: number;
    let second: number;
    const url = (path: string) => `${server.url}${path}`;
    const shot = (name: string) => screenshot(page, `client-merge-${kind}-${name}`);

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      const db = await database.open();
      try {
        const convert = async (body: typeof person) =>
          (await convertLead(db.prisma, service, await createLead(db.prisma, service, body), body))
            .clientId;
        first = await convert(person);
        second = await convert(replaced);
      } finally {
        await db.close();
      }
      server = await startUiServer(database);
      browser = await launchBrowser();
      page = await newRussianPage(browser);
      await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
    });
    afterAll(() => stopUi(browser, server, database));

    const panel = () => page.locator("section", { has: page.locator("#merge-title") });

    it("shows the differing fields side by side with the defaults, and asks to confirm the other passport", async () => {
      await page.goto(url(`/clients/${first}`));
      await panel().getByRole("heading", { name: "Объединить с другим клиентом" }).waitFor();
      await panel().getByLabel("Номер другого клиента").fill(String(second));
      await panel().getByRole("button", { name: "Сравнить" }).click();
      const table = panel().locator("table.merge-table");
      await table.waitFor();
      const rowOf = (label: string) => table.locator("tbody tr", { hasText: label });
      // The passport: this client's stays by default, both shown masked.
      const passport = rowOf("Паспорт");
      expect(await passport.textContent()).toContain("45 03");
      expect(await passport.textContent()).toContain("45 24");
      expect(await passport.textContent()).not.toContain("121212");
      expect(await passport.locator("input[value=target]").isChecked()).toBe(true);
      // The phone: the newer client's (the second) by default.
      const phone = rowOf("+7 916 124-00-02");
      expect(await phone.locator("input[value=source]").isChecked()).toBe(true);

      const mergeButton = panel().getByRole("button", { name: "Объединить" });
      expect(await mergeButton.isDisabled()).toBe(true);
      await panel().getByText("У клиентов разные паспорта").waitFor();
      await panel().scrollIntoViewIfNeeded();
      await shot("compare-1366");
      await expectFitsTheWindow(page);
      await page.setViewportSize(PHONE);
      await panel().scrollIntoViewIfNeeded();
      await shot("compare-390");
      await expectFitsTheWindow(page);
      await page.setViewportSize(WIDE);
    });

    it("merges with the operator's choices and shows the second client's application here", async () => {
      // Keep this client's phone after all: the operator's choice beats the default.
      const phone = panel().locator("table.merge-table tbody tr", { hasText: "+7 916 124-00-02" });
      await phone.locator("input[value=target]").check();
      await panel().getByLabel("Я проверил(а): это один человек с другим паспортом").check();
      await panel().getByRole("button", { name: "Объединить" }).click();
      await page.getByText(`Клиент № ${second} объединён с этим клиентом`).waitFor();

      const applications = page.locator("#applications tbody tr");
      await expect.poll(() => applications.count()).toBe(2);
      const contacts = page.locator("section", { has: page.locator("#contacts-title") });
      // The phone the operator kept, this client's, written as everywhere: +7 916 124-00-01.
      expect(await contacts.textContent()).toContain("+7 916 124-00-01");
      await page.getByText("С этим клиентом объединены:").waitFor();
      await shot("merged-1366");
      await page.setViewportSize(PHONE);
      await shot("merged-390");
      await expectFitsTheWindow(page);
      await page.setViewportSize(WIDE);
    });

    it("opening the merged client's number shows the client it was merged into, saying so", async () => {
      await page.goto(url(`/clients/${second}`));
      const notice = page.getByText(`Клиент № ${second} объединён с этим клиентом`);
      await notice.waitFor();
      expect(await notice.textContent()).toContain("admin");
      await page
        .getByRole("heading", { name: new RegExp(`Клиент № ${first}:`), level: 1 })
        .waitFor();
      await shot("tombstone-1366");
      await page.setViewportSize(PHONE);
      await shot("tombstone-390");
      await expectFitsTheWindow(page);
      await page.setViewportSize(WIDE);

      // The client list shows one client now.
      await page.goto(url("/clients"));
      await page.locator(`tbody a[href="/clients/${first}"]`).first().waitFor();
      expect(await page.locator(`tbody a[href="/clients/${second}"]`).count()).toBe(0);
    });

    it("a comparison in progress is not lost by a click away", async () => {
      await page.goto(url(`/clients/${first}`));
      await panel().getByLabel("Номер другого клиента").fill("123");
      let asked = "";
      page.once("dialog", async (dialog) => {
        asked = dialog.message();
        await dialog.dismiss();
      });
      await page.getByRole("link", { name: "← Клиенты" }).click();
      await expect.poll(() => asked).toContain("несохранённые изменения");
      expect(new URL(page.url()).pathname).toBe(`/clients/${first}`);
      expect(await panel().getByLabel("Номер другого клиента").inputValue()).toBe("123");
    });
  },
);
