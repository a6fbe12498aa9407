// The operator UI in a real browser (Debian's chromium through playwright-core) against the
// production build on PostgreSQL: an operator's day from signing in to two conversions of one
// person. The tests run in order, as one journey, in one browser page; each saves a screenshot
// to test-output/screenshots/.

import { createPartnerWithKey } from "@leadcore/core";
import { partnerLead } from "@leadcore/schema/fixtures";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
  launchBrowser,
  reloadPage,
  screenshot,
  startUiServer,
  stopUi,
} from "./browser-harness.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import type { RunningServer } from "./server-harness.ts";

const POSTGRES = Boolean(process.env.TEST_DATABASE_URL);
if (!POSTGRES) {
  console.warn(
    "\n*** TEST_DATABASE_URL is not set: the browser tests of the operator UI were SKIPPED (they run on PostgreSQL). ***\n",
  );
}

// The lead a partner sends (every contract field, valid identifiers), and a second lead of the
// same person written differently: other case, stray spaces, `е` for `ё`, spaced passport.
const firstLead = partnerLead();
const PASSPORT_NUMBER = firstLead.passport.no; // "123456"
const secondLead = {
  lastName: "  СЕМЕНОВ ",
  firstName: "алексей",
  patronymic: "Игоревич  ",
  mobilePhone: "+7 916 000-11-22",
  passport: { seria: "45 06", no: "123 456" },
  amount: 20_000,
  period: 6,
  periodUnit: "MONTHS",
  channel: "ECOMM",
};

describe.skipIf(!POSTGRES)(
  "the operator UI in a browser, on PostgreSQL",
  { timeout: 120_000 },
  () => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let partnerKey: string;
    const requestedUrls: string[] = [];
    const leadIds: number[] = [];
    let clientId: number;

    const url = (path: string) => `${server.url}${path}`;

    async function restCreate(body: unknown): Promise<number> {
      const response = await fetch(url("/api/v1/leads"), {
        method: "POST",
        headers: { authorization: `Bearer ${partnerKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as number;
    }

    beforeAll(async () => {
      database = await createServerDatabase("postgresql");
      const db = await database.open();
      try {
        partnerKey = (await createPartnerWithKey(db.prisma, "Магазин «Техника»")).key;
      } finally {
        await db.close();
      }
      server = await startUiServer(database);
      browser = await launchBrowser();
      context = await browser.newContext({
        viewport: { width: 1280, height: 900 },
        locale: "ru-RU",
      });
      page = await context.newPage();
      page.on("request", (request) => requestedUrls.push(request.url()));
    });

    afterEach(async (test) => {
      if (page) await screenshot(page, test.task.name);
    });

    afterAll(() => stopUi(browser, server, database));

    it("a signed-out visitor reaches no data: pages redirect to the sign-in page, tRPC answers 401", async () => {
      for (const path of ["/leads", "/leads/1", "/clients", "/clients/1"]) {
        const response = await fetch(url(path), { redirect: "manual" });
        expect(response.status).toBe(307);
        expect(response.headers.get("location")).toBe(`/signin?next=${encodeURIComponent(path)}`);
      }
      const json = { "content-type": "application/json" };
      const query = { ...json, "x-trpc-method-override": "query" };
      const calls = [
        fetch(url("/api/trpc/lead.list")),
        fetch(url("/api/trpc/lead.get"), {
          method: "POST",
          headers: query,
          body: JSON.stringify({ id: 1 }),
        }),
        fetch(url("/api/trpc/lead.search"), {
          method: "POST",
          headers: json,
          body: JSON.stringify({ search: PASSPORT_NUMBER }),
        }),
        fetch(url("/api/trpc/client.get"), {
          method: "POST",
          headers: query,
          body: JSON.stringify({ id: 1 }),
        }),
        fetch(url("/api/trpc/auth.me")),
      ];
      for (const response of await Promise.all(calls)) {
        expect(response.status).toBe(401);
        expect(await response.text()).toContain('"UNAUTHORIZED"');
      }

      await page.goto(url("/leads/1"));
      expect(new URL(page.url()).pathname).toBe("/signin");
      await page.locator("#login").waitFor();
    });

    it("an operator signs in (a wrong password is refused) and gets an httpOnly SameSite session cookie", async () => {
      await page.goto(url("/signin"));
      await page.fill("#login", "admin");
      await page.fill("#password", "не тот пароль");
      await page.click("button[type=submit]");
      await page.getByText("Неверный логин или пароль").waitFor();

      await page.fill("#password", ADMIN_PASSWORD);
      await page.click("button[type=submit]");
      // An admin's landing page is the dashboard.
      await page.waitForURL(url("/dashboard"));
      await page.locator(".whoami", { hasText: "admin" }).waitFor();

      const cookies = await context.cookies();
      expect(cookies).toHaveLength(1);
      expect(cookies[0]).toMatchObject({
        name: "leadcore_session",
        httpOnly: true,
        sameSite: "Lax",
        path: "/",
        secure: false,
      });
      expect(cookies[0]!.value).toMatch(/^lcs_/);
    });

    it("the session cookie counts only on requests from LeadCore's own pages, and guessing passwords gets a login locked", async () => {
      const cookie = `leadcore_session=${(await context.cookies())[0]!.value}`;
      const me = (headers: Record<string, string>) =>
        fetch(url("/api/trpc/auth.me"), { headers: { cookie, ...headers } });
      expect((await me({})).status).toBe(200);
      expect((await me({ "sec-fetch-site": "same-origin" })).status).toBe(200);
      expect((await me({ "sec-fetch-site": "cross-site" })).status).toBe(401);
      expect((await me({ "sec-fetch-site": "same-site" })).status).toBe(401); // another port or subdomain
      expect((await me({ origin: "http://elsewhere.example" })).status).toBe(401);

      const signIn = (password: string) =>
        fetch(url("/api/trpc/auth.signIn"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ login: "guesser-target", password }),
        });
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= 6; attempt++)
        statuses.push((await signIn(`guess-${attempt}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    });

    it("finds a lead created through the REST API by its passport number, which never appears in a URL", async () => {
      leadIds.push(await restCreate(firstLead));
      await page.goto(url("/leads"));
      await page.fill("#lead-search", PASSPORT_NUMBER);
      await page.press("#lead-search", "Enter");
      const row = page.locator("tbody tr", { hasText: "Семёнов Алексей Игоревич" });
      await row.waitFor();
      expect(await page.locator("tbody tr").count()).toBe(1);
      expect(await row.textContent()).toContain("+7 916 ***-**-67");

      expect(page.url()).not.toContain(PASSPORT_NUMBER);
      expect(requestedUrls.filter((requested) => requested.includes(PASSPORT_NUMBER))).toEqual([]);
    });

    it("edits the lead: the browser checks the contract, the server's objections appear at their fields, the change persists after reload", async () => {
      await page.locator("tbody tr a", { hasText: "Семёнов" }).click();
      await page.waitForURL(url(`/leads/${leadIds[0]}`));
      await page.locator("#lead-form").waitFor();
      expect(await page.inputValue('[name="passport.no"]')).toBe(PASSPORT_NUMBER);
      expect(await page.inputValue('[name="cardNumber"]')).toBe("427638******5679");
      const save = page.getByRole("button", { name: "Сохранить" });

      // The contract (zod, in the browser): an amount must be a number. Nothing is sent.
      await page.fill('[name="amount"]', "сто тысяч");
      await save.click();
      expect(await page.locator("#f-amount-error").textContent()).toBe("Введите число");

      // The server's rule (a lead needs a first name) comes back at the field.
      await page.fill('[name="amount"]', "175 000");
      await page.fill('[name="firstName"]', "");
      await save.click();
      await page.locator("#f-firstName-error").waitFor();
      expect(await page.locator("#f-firstName-error").textContent()).toContain("без имени");

      await page.fill('[name="firstName"]', "Алексей");
      await page.fill('[name="employerTitle"]', "ООО «Ромашка»");
      await save.click();
      await page.getByText("Изменения сохранены").waitFor();

      await reloadPage(page);
      await page.locator("#lead-form").waitFor();
      expect(await page.inputValue('[name="employerTitle"]')).toBe("ООО «Ромашка»");
      expect(await page.inputValue('[name="amount"]')).toBe("175000");
      await page.locator("#s-history tbody tr", { hasText: "Оператор «admin»" }).waitFor();
      await page.locator("#s-job").scrollIntoViewIfNeeded();
    });

    it("converting shows the match preview first, then lands on a new client", async () => {
      await page.getByRole("button", { name: "Конвертировать…" }).click();
      const dialog = page.locator("dialog[open]");
      await dialog.getByText("будет создан новый клиент").waitFor();
      await dialog.getByRole("button", { name: "Конвертировать", exact: true }).click();

      const toClient = dialog.getByRole("link", { name: /Открыть клиента № \d+/ });
      await toClient.waitFor();
      expect(await dialog.textContent()).toContain("создан новый клиент");
      await toClient.click();
      await page.waitForURL(/\/clients\/\d+$/);
      clientId = Number(new URL(page.url()).pathname.split("/").pop());
      await page
        .getByRole("heading", { name: `Клиент № ${clientId}: Семёнов Алексей Игоревич` })
        .waitFor();
      expect(await page.locator("#applications tbody tr").count()).toBe(1);
    });

    it("a second lead of the same person, in other case and spacing, joins the SAME client, which then has two applications", async () => {
      leadIds.push(await restCreate(secondLead));
      await page.goto(url(`/leads/${leadIds[1]}`));
      await page.getByRole("button", { name: "Конвертировать…" }).click();
      const dialog = page.locator("dialog[open]");
      await dialog.getByText("Заявка будет добавлена существующему клиенту").waitFor();
      expect(await dialog.textContent()).toContain(`Клиент № ${clientId}`);
      expect(await dialog.textContent()).toContain("45 06 ***456");
      expect(await dialog.textContent()).toContain(
        "фамилия, имя, отчество, серия паспорта, номер паспорта",
      );
      await screenshot(page, "match-preview-of-the-second-lead");

      await dialog.getByRole("button", { name: "Конвертировать", exact: true }).click();
      await dialog.getByText("добавлен к существующему клиенту").waitFor();
      await dialog.getByRole("link", { name: `Открыть клиента № ${clientId}` }).click();
      await page.waitForURL(url(`/clients/${clientId}`));
      await page.locator("#applications tbody tr").nth(1).waitFor();
      expect(await page.locator("#applications tbody tr").count()).toBe(2);
      for (const leadId of leadIds)
        await page
          .getByRole("link", { name: `Лид № ${leadId}` })
          .first()
          .waitFor();
    });

    it("a converted lead can no longer be edited", async () => {
      await page.goto(url(`/leads/${leadIds[0]}`));
      await page.getByText("Лид конвертирован").first().waitFor();
      expect(await page.getByRole("button", { name: "Сохранить" }).count()).toBe(0);
      expect(await page.getByRole("button", { name: "Конвертировать…" }).count()).toBe(0);
      expect(await page.locator('[name="lastName"]').isDisabled()).toBe(true);
      expect(await page.locator('[name="employerTitle"]').isDisabled()).toBe(true);
      // No list of the lead's data can grow; a note on the lead is still welcome (staff only).
      expect(
        await page
          .locator("#lead-form")
          .getByRole("button", { name: /Добавить/ })
          .count(),
      ).toBe(0);
      expect(await page.getByRole("button", { name: "Добавить заметку" }).count()).toBe(1);

      // And not behind the UI's back either: the same session's tRPC call is a conflict.
      const status = await page.evaluate(async (id) => {
        const response = await fetch("/api/trpc/lead.update", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ id, firstName: "Иван", mobilePhone: "+79160000000" }),
        });
        return response.status;
      }, leadIds[0]!);
      expect(status).toBe(409);
    });

    it("signing out ends the session: the pages send the visitor to sign in again and tRPC answers 401", async () => {
      await page.getByRole("button", { name: "Выйти" }).click();
      await page.waitForURL(/\/signin$/);
      expect(
        await page.evaluate(() => fetch("/api/trpc/auth.me").then((response) => response.status)),
      ).toBe(401);
      await page.goto(url(`/clients/${clientId}`));
      expect(new URL(page.url()).pathname).toBe("/signin");
    });
  },
);
