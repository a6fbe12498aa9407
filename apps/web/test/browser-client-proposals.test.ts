// A partner's proposed contact change on the client page, in a real browser (Debian's chromium
// through playwright-core) against the production build: partner B converts partner A's customer
// with another phone; the operator sees the proposal in Russian beside the client's current phone
// (both written `+7 916 111-22-33`), the client's contacts unchanged, and accepts it.
// Screenshots at 1366 and 390 px go to test-output/screenshots/.

import { createPartnerWithKey } from "@leadcore/core";
import { testDatabaseKinds } from "@leadcore/db/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_PASSWORD,
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

const person = {
  lastName: "Кузнецова",
  firstName: "Мария",
  patronymic: "Петровна",
  passport: { seria: "4507", no: "765432" },
  amount: 30_000,
  period: 6,
  periodUnit: "MONTHS",
  channel: "ECOMM",
};

describe.each(testDatabaseKinds())(
  "a partner's proposed contact change on the client page, on %s",
  { timeout: 120_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let page: Page;
    const keys: Record<"a" | "b", string> = { a: "", b: "" };
    let clientId: number;
    const url = (path: string) => `${server.url}${path}`;
    const shot = (name: string) => screenshot(page, `proposals-${kind}-${name}`);

    async function rest(key: string, path: string, body: unknown): Promise<number> {
      const response = await fetch(url(`/api/v1${path}`), {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as number;
    }
    const createAndConvert = async (key: string, body: unknown) =>
      rest(key, `/leads/${await rest(key, "/leads", body)}/convert`, body);

    /** The page does not scroll sideways, and no button sticks out of the window. */
    async function expectFitsTheWindow(): Promise<void> {
      const layout = await page.evaluate(() => ({
        width: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
        outside: Array.from(document.querySelectorAll("button"))
          .filter(
            (button) =>
              button.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5,
          )
          .map((button) => button.textContent),
      }));
      expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
      expect(layout.outside).toEqual([]);
    }

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      const db = await database.open();
      try {
        keys.a = (await createPartnerWithKey(db.prisma, "Техника")).key;
        keys.b = (await createPartnerWithKey(db.prisma, "Электроника")).key;
      } finally {
        await db.close();
      }
      server = await startUiServer(database);
      browser = await launchBrowser();
      page = await newRussianPage(browser);
    });

    afterAll(() => stopUi(browser, server, database));

    it("the operator sees B's phone as a proposal beside the client's current phone, which B's conversion left unchanged", async () => {
      clientId = await createAndConvert(keys.a, { ...person, mobilePhone: "+79161112233" });
      expect(await createAndConvert(keys.b, { ...person, mobilePhone: "+79164445566" })).toBe(
        clientId,
      );

      await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
      await page.goto(url(`/clients/${clientId}`));

      const contacts = page.locator("section", { has: page.locator("#contacts-title") });
      await contacts.getByText("+7 916 111-22-33").waitFor();
      const proposals = page.locator("section", { has: page.locator("#proposals-title") });
      await proposals
        .getByRole("heading", { name: "Предложенные изменения контактов (1)" })
        .waitFor();
      const row = proposals.locator("tbody tr", { hasText: "Мобильный телефон" });
      expect(await row.locator("td").nth(1).textContent()).toBe("+7 916 111-22-33");
      expect(await row.locator("td").nth(2).textContent()).toBe("+7 916 444-55-66");
      await proposals.getByText("от партнёра «Электроника»").waitFor();
      await proposals.locator("#proposals-title").scrollIntoViewIfNeeded();
      await shot("proposal-1366");
      await expectFitsTheWindow();

      await page.setViewportSize(PHONE);
      await proposals.locator("h3").scrollIntoViewIfNeeded();
      await shot("proposal-390");
      await expectFitsTheWindow();
      // On a phone the proposed value is on screen, not scrolled away inside the table.
      const proposed = row.locator("td").nth(2);
      const box = await proposed.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
      await page.setViewportSize(WIDE);
    });

    it("accepting applies the phone, the proposal leaves the page and the history says who accepted it", async () => {
      const proposals = page.locator("section", { has: page.locator("#proposals-title") });
      await proposals.getByRole("button", { name: "Принять и применить" }).click();
      await proposals.waitFor({ state: "detached" });

      const contacts = page.locator("section", { has: page.locator("#contacts-title") });
      await contacts.getByText("+7 916 444-55-66").waitFor();
      const history = page.locator("section", { has: page.locator("#history-title") });
      const accepted = history.locator("tbody tr", { hasText: "Принято оператором" });
      await accepted.waitFor();
      expect(await accepted.textContent()).toContain("admin");
      expect(await accepted.textContent()).toContain("+7 916 111-22-33");

      await reloadPage(page);
      await page
        .locator("section", { has: page.locator("#contacts-title") })
        .getByText("+7 916 444-55-66")
        .waitFor();
      expect(await page.locator("#proposals-title").count()).toBe(0);
      await page.locator("#history-title").scrollIntoViewIfNeeded();
      await shot("accepted-1366");
    });
  },
);
