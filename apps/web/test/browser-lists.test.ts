// The operator's lists in a real browser (issue 17, item 15), against the production build: the
// leads list counts its leads, pages forward and back, changes its page size and sorts by a
// column header, with the order in the URL; a row says that its lead would join an existing
// client and that it has identifier warnings; the client list finds a client by mobile phone.
// Screenshots at 1366 and 390 px; the 1366 px one of the leads list is the README's.

import { convertLead, createLead, createPartnerWithKey } from "@leadcore/core";
import { testDatabaseKinds } from "@leadcore/db/testing";
import type { LeadBody } from "@leadcore/schema";
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

const LAST_NAMES = [
  "Смирнова",
  "Кузнецов",
  "Попова",
  "Васильев",
  "Соколова",
  "Михайлов",
  "Новикова",
];

describe.each(testDatabaseKinds())("the operator's lists, on %s", { timeout: 120_000 }, (kind) => {
  let database: ServerDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let repeatId = 0;
  let badInnId = 0;
  const shot = (name: string) => screenshot(page, `lists-${kind}-${name}`);
  const rows = () => page.locator(".leads-table tbody tr");

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    const db = await database.open();
    try {
      const { partnerId } = await createPartnerWithKey(db.prisma, "Техника");
      const shop = { kind: "partner" as const, partnerId, apiKeyId: 1n, name: "Техника" };
      const person = (i: number): LeadBody => ({
        lastName: LAST_NAMES[i % LAST_NAMES.length],
        firstName: "Анна",
        mobilePhone: `+7916${String(2_000_000 + i).padStart(7, "0")}`,
        amount: 10_000 + i * 1_000,
        period: 12,
        periodUnit: "MONTHS",
        channel: (["ECOMM", "SITE", "ECOMM", "GENERATOR"] as const)[i % 4],
      });
      for (let i = 0; i < 28; i += 1) await createLead(db.prisma, shop, person(i));
      // Григорьев is a client already: his second lead would join him.
      const grigoryev: LeadBody = {
        lastName: "Григорьев",
        firstName: "Олег",
        patronymic: "Ильич",
        mobilePhone: "+79035550011",
        passport: { seria: "4509", no: "111222" },
        amount: 5_000,
      };
      const first = await createLead(db.prisma, shop, grigoryev);
      await convertLead(db.prisma, shop, first, grigoryev);
      repeatId = await createLead(db.prisma, shop, { ...grigoryev, amount: 7_000 });
      badInnId = await createLead(db.prisma, shop, { ...person(40), inn: "500100732250" });
      // A fortnight of intake for the dashboard: each lead a day or more earlier than the next.
      await db.prisma
        .$executeRaw`UPDATE "Lead" SET "createdAt" = "createdAt" - (("id" % 14) * interval '1 day')`;
    } finally {
      await db.close();
    }
    server = await startUiServer(database);
    browser = await launchBrowser();
    page = await newRussianPage(browser);
    await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
  });
  afterAll(() => stopUi(browser, server, database));

  it("the leads list counts its leads and pages forward and back; the page size is kept in the URL", async () => {
    const pager = page.getByRole("navigation", { name: "Страницы" });
    await pager.getByText("1–31 из 31").waitFor();
    expect(await rows().count()).toBe(31);
    expect(await pager.getByRole("button", { name: "Следующие →" }).isDisabled()).toBe(true);

    await pager.getByLabel("Строк на странице").selectOption("25");
    await pager.getByText("1–25 из 31").waitFor();
    expect(new URL(page.url()).searchParams.get("size")).toBe("25");
    await pager.getByRole("button", { name: "Следующие →" }).click();
    await pager.getByText("26–31 из 31").waitFor();
    await expect.poll(() => rows().count()).toBe(6);
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    await pager.getByRole("button", { name: "← Предыдущие" }).click();
    await pager.getByText("1–25 из 31").waitFor();
  });

  it("a column header sorts the list, a second click turns the order round", async () => {
    const amountHeader = page.getByRole("columnheader", { name: "Сумма" });
    await amountHeader.getByRole("button").click();
    await page.waitForURL((address) => address.searchParams.get("sort") === "amount");
    expect(await amountHeader.getAttribute("aria-sort")).toBe("descending");
    await rows()
      .first()
      .locator('[data-label="Сумма"]', { hasText: /^50\s000/ })
      .waitFor();

    await amountHeader.getByRole("button").click();
    await page.waitForURL((address) => address.searchParams.get("order") === "asc");
    expect(await amountHeader.getAttribute("aria-sort")).toBe("ascending");
    await rows()
      .first()
      .locator('[data-label="Сумма"]', { hasText: /^5\s000/ })
      .waitFor();
  });

  it("a row says that its lead would join an existing client, and that its identifiers have warnings", async () => {
    await page.goto(`${server.url}/leads`);
    const repeat = page.locator("tr", { has: page.locator(`a[href="/leads/${repeatId}"]`) });
    await repeat.getByText("Уже клиент").waitFor();
    const badInn = page.locator("tr", { has: page.locator(`a[href="/leads/${badInnId}"]`) });
    await badInn.getByText("1 предупреждение").waitFor();
    expect(await badInn.getByText("Уже клиент").count()).toBe(0);
    await shot("leads-1366");
    await expectFitsTheWindow(page);

    await page.setViewportSize(PHONE);
    try {
      await repeat.scrollIntoViewIfNeeded();
      await expectFitsTheWindow(page);
      await shot("leads-390");
      // The headers are gone on a phone: the order is chosen from a list.
      await page.getByLabel("Порядок").selectOption({ label: "Сумма: по возрастанию" });
      await page.waitForURL((address) => address.searchParams.get("order") === "asc");
      await rows()
        .first()
        .locator('[data-label="Сумма"]', { hasText: /^5\s000/ })
        .waitFor();
    } finally {
      await page.setViewportSize(WIDE);
    }
  });

  it("the client list finds a client by mobile phone and counts the clients", async () => {
    await openSection(page, "Клиенты", "/clients");
    await page.getByRole("navigation", { name: "Страницы" }).getByText("1–1 из 1").waitFor();
    await page.fill("#client-search", "8 903 555-00-11");
    await page.press("#client-search", "Enter");
    const found = page.locator("table tbody tr");
    await found.getByRole("link", { name: "Григорьев Олег Ильич" }).waitFor();
    expect(page.url()).not.toContain("555");

    await page.fill("#client-search", "+79990000000");
    await page.press("#client-search", "Enter");
    await page.getByText("Ничего не найдено").waitFor();
    await page.setViewportSize(PHONE);
    try {
      await expectFitsTheWindow(page);
      await shot("clients-390");
    } finally {
      await page.setViewportSize(WIDE);
    }
  });

  it("the sign-in page fits a phone: no page of LeadCore is wider than the window", async () => {
    const signedOut = await newRussianPage(browser, PHONE);
    try {
      await signedOut.goto(`${server.url}/signin`);
      await signedOut.locator("#login").waitFor();
      await expectFitsTheWindow(signedOut);
      await screenshot(signedOut, `lists-${kind}-signin-390`);
    } finally {
      await signedOut.context().close();
    }
  });

  it("the dashboard over a fortnight's intake, with denials (the README's picture)", async () => {
    const deny = (id: number, reasonId: number) =>
      page.evaluate(
        async (input) => {
          const answer = await fetch("/api/trpc/lead.deny", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(input),
          });
          return answer.status;
        },
        { id, reasonId },
      );
    // Seeded reasons: 4 is «Не удалось связаться с клиентом», 5 «Клиент отказался».
    for (const [id, reasonId] of [
      [3, 4],
      [7, 4],
      [11, 4],
      [15, 5],
      [19, 5],
      [23, 1],
    ] as const)
      expect(await deny(id, reasonId)).toBe(200);
    await openSection(page, "Сводка", "/dashboard");
    const reasons = page.locator("section", { hasText: "Частые причины отказа" });
    await reasons.getByText("Не удалось связаться с клиентом").waitFor();
    await page.locator("svg.recharts-surface").first().waitFor();
    await expectFitsTheWindow(page);
    await shot("dashboard-1366");
  });

  it("an admin shows a masked phone in full; the reveal and the view are listed under «Кто смотрел»", async () => {
    await page.goto(`${server.url}/leads`);
    const row = page.locator("tr", { has: page.locator(`a[href="/leads/${repeatId}"]`) });
    await row.getByText("+7 903 ***-**-11").waitFor();
    await row.getByRole("button", { name: `Показать телефон лида № ${repeatId}` }).click();
    await row.getByText("+7 903 555-00-11").waitFor();

    await row.getByRole("link", { name: "Григорьев Олег Ильич" }).click();
    const record = page.locator("section", { has: page.locator("#accesses-title") });
    await record.getByText("оператор «admin» открыл лид").waitFor();
    const lines = await record.locator("li").allTextContents();
    expect(
      lines.some((line) =>
        line.includes("оператор «admin» показал скрытое значение (Мобильный телефон)"),
      ),
    ).toBe(true);
    expect(lines.join("\n")).not.toContain("555");
  });
});
