// Duplicate suspicion in the operator's workplace, in a real browser (Debian's chromium through
// playwright-core) against the production build: a person whose passport was replaced is two
// clients by the rule; the background scan puts the pair in the «Дубликаты» queue with its
// reason in Russian; the client page lists the other as a possible duplicate; "Разные люди" takes
// the pair out for good; a new lead of the same person is previewed with the suspect and is
// flagged as a repeat, which one click denies. Screenshots at 1366 and 390 px.

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
  reloadPage,
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
  lastName: "Соколова",
  firstName: "Елена",
  patronymic: "Игоревна",
  birthDate: "1988-06-15",
  mobilePhone: "+79161230001",
  passport: { seria: "4508", no: "111222" },
  amount: 40_000,
};
// The same woman after her passport was replaced at 20... or 45: a new series and number.
const replaced = {
  ...person,
  mobilePhone: "+79161230002",
  passport: { seria: "4521", no: "333444" },
};

describe.each(testDatabaseKinds())(
  "possible duplicates in the operator's workplace, on %s",
  { timeout: 120_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    let first: number;
    let second: number;
    let repeatLead: number;
    const url = (path: string) => `${server.url}${path}`;
    const shot = (name: string) => screenshot(page, `duplicates-${kind}-${name}`);

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      const db = await database.open();
      try {
        const convert = async (body: typeof person) =>
          (await convertLead(db.prisma, service, await createLead(db.prisma, service, body), body))
            .clientId;
        first = await convert(person);
        second = await convert(replaced);
        // A third request of hers, with the first passport: a repeat, and a lead to preview.
        repeatLead = await createLead(db.prisma, service, {
          ...person,
          mobilePhone: "+79161230003",
        });
      } finally {
        await db.close();
      }
      // The server's background scan finds the pair within a second.
      server = await startUiServer(database, { LEADCORE_DUPLICATE_SCAN_SECONDS: "0.5" });
      browser = await launchBrowser();
      page = await newRussianPage(browser);
      await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
    });
    afterAll(() => stopUi(browser, server, database));

    it("the queue shows the pair with its likelihood and the reason in Russian", async () => {
      // The menu says «Дубликаты»; the page's heading is the longer name.
      await page
        .getByRole("navigation", { name: "Разделы" })
        .getByRole("link", { name: "Дубликаты" })
        .click();
      await page.waitForURL((address) => address.pathname === "/duplicates");
      await page.getByRole("heading", { name: "Возможные дубликаты", level: 1 }).waitFor();
      // The scan may finish after the first load: reload until the pair is there.
      const row = page.locator("tbody tr", { hasText: `Клиент № ${second}` });
      for (let attempt = 0; attempt < 20 && (await row.count()) === 0; attempt++) {
        await page.waitForTimeout(500);
        await reloadPage(page);
      }
      await row.waitFor();
      expect(await row.textContent()).toContain(`Клиент № ${first}`);
      expect(await row.textContent()).toContain("другой паспорт (паспорт заменён?)");
      expect(await row.textContent()).toMatch(/\d+ %/);
      await page.getByText("Открытых пар: 1.").waitFor();
      await shot("queue-1366");
      await expectFitsTheWindow(page);
      await page.setViewportSize(PHONE);
      await shot("queue-390");
      await expectFitsTheWindow(page);
      await page.setViewportSize(WIDE);
    });

    it("the lead of the same person is previewed with the suspect and flagged as a repeat", async () => {
      await page.goto(url(`/leads/${repeatLead}`));
      const repeat = page.locator(".notice", { hasText: "у этого человека есть другие лиды" });
      await repeat.waitFor();
      expect(await repeat.textContent()).toContain("тот же паспорт");
      await page.getByRole("button", { name: "Конвертировать…" }).click();
      const dialog = page.getByRole("dialog");
      // By the rule it matches the first client; the second is the suspect beside it.
      await dialog.getByText(`Клиент № ${first}`).first().waitFor();
      const suspects = dialog.locator(".notice", { hasText: "Возможно, это уже наш клиент" });
      await suspects.waitFor();
      expect(await suspects.textContent()).toContain(`Клиент № ${second}`);
      await shot("preview-1366");
      await dialog.getByRole("button", { name: "Отмена" }).click();

      await page.setViewportSize(PHONE);
      await repeat.scrollIntoViewIfNeeded();
      await shot("repeat-390");
      await expectFitsTheWindow(page);
      await page.setViewportSize(WIDE);
      await repeat.getByRole("button", { name: /^Отказать: повторная заявка/ }).click();
      await page.getByText(`По лиду № ${repeatLead} отказано: Повторная заявка.`).waitFor();
      await repeat.waitFor({ state: "detached" });
    });

    it("the client page lists the possible duplicate; «Разные люди» removes it and empties the queue", async () => {
      await page.goto(url(`/clients/${first}`));
      const section = page.locator("section", { has: page.locator("#duplicates-title") });
      await section.getByRole("heading", { name: "Возможные дубликаты (1)" }).waitFor();
      expect(await section.textContent()).toContain(`Клиент № ${second}`);
      await section.scrollIntoViewIfNeeded();
      await shot("client-1366");
      await page.setViewportSize(PHONE);
      await section.scrollIntoViewIfNeeded();
      await shot("client-390");
      await expectFitsTheWindow(page);
      await page.setViewportSize(WIDE);

      await section.getByRole("button", { name: "Разные люди" }).click();
      await section.waitFor({ state: "detached" });
      await reloadPage(page);
      await page.locator("#identity-title").waitFor();
      expect(await page.locator("#duplicates-title").count()).toBe(0);
      await page.goto(url("/duplicates"));
      await page.getByText("Открытых пар нет").waitFor();
    });
  },
);
