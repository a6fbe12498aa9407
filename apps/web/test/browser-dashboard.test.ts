// The admins' dashboard, in a real browser (Debian's chromium through playwright-core) against the
// production build: the queues and the period's outcomes as figures, leads per day by channel
// and by partner drawn as charts, the top denial reason; the period switches; an operator who is
// not an admin gets no dashboard. Screenshots at 1366 and 390 px.

import { createLead, createPartnerWithKey } from "@leadcore/core";
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
  screenshot,
  signInAs,
  startUiServer,
  stopUi,
  WIDE,
} from "./browser-harness.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import type { RunningServer } from "./server-harness.ts";

const CLERK_PASSWORD = "пароль-оператора-1";

describe.each(testDatabaseKinds())("the admins' dashboard, on %s", { timeout: 120_000 }, (kind) => {
  let database: ServerDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => screenshot(page, `dashboard-${kind}-${name}`);

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    const db = await database.open();
    try {
      const { partnerId } = await createPartnerWithKey(db.prisma, "Техника");
      const shop = { kind: "partner" as const, partnerId, apiKeyId: 1n, name: "Техника" };
      for (const channel of ["ECOMM", "ECOMM", "SITE"] as const)
        await createLead(db.prisma, shop, {
          firstName: "Ольга",
          lastName: "Белова",
          mobilePhone: "+79161112244",
          channel,
        });
    } finally {
      await db.close();
    }
    server = await startUiServer(database);
    browser = await launchBrowser();
    page = await newRussianPage(browser);
    await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
  });
  afterAll(() => stopUi(browser, server, database));

  it("shows the queues, the outcomes and both charts, and switches the period", async () => {
    await openSection(page, "Сводка", "/dashboard");
    const queues = page.locator("section", { has: page.locator("#queues-title") });
    await queues.getByText("Новые лиды").waitFor();
    expect(await queues.locator("dd").first().textContent()).toBe("3");
    const outcomes = page.locator("section", { has: page.locator("#outcomes-title") });
    await outcomes.getByRole("heading", { name: "Что стало с лидами периода (3)" }).waitFor();
    const channels = page.locator("section", { has: page.locator("#by-channel-title") });
    await channels.locator("svg.recharts-surface").first().waitFor();
    expect(await channels.textContent()).toContain("Интернет-магазин: 2");
    const partners = page.locator("section", { has: page.locator("#by-partner-title") });
    expect(await partners.textContent()).toContain("Техника: 3");
    await shot("30-days-1366");
    await expectFitsTheWindow(page);

    await page.getByRole("button", { name: "7 дней" }).click();
    await page.locator("button[aria-pressed=true]", { hasText: "7 дней" }).waitFor();
    await outcomes.getByRole("heading", { name: "Что стало с лидами периода (3)" }).waitFor();

    await page.setViewportSize(PHONE);
    await channels.scrollIntoViewIfNeeded();
    await shot("7-days-390");
    await expectFitsTheWindow(page);
    await page.setViewportSize(WIDE);
  });

  it("an operator who is not an admin has no dashboard in the menu and gets «Нет доступа»", async () => {
    // An operator made by the admin, as the operators page does (the database is the server's now).
    const created = await page.evaluate(async (password) => {
      const response = await fetch("/api/trpc/operator.create", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ login: "clerk", password, role: "operator" }),
      });
      return response.status;
    }, CLERK_PASSWORD);
    expect(created).toBe(200);
    const clerk = await newRussianPage(browser);
    await signInAs(clerk, server.url, "clerk", CLERK_PASSWORD);
    const menu = clerk.getByRole("navigation", { name: "Разделы" });
    expect(await menu.getByRole("link", { name: "Сводка" }).count()).toBe(0);
    await clerk.goto(`${server.url}/dashboard`);
    await clerk.getByRole("heading", { name: "Нет доступа" }).waitFor();
    await clerk.context().close();
  });
});
