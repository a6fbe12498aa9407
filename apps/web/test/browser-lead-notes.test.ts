// Operators' notes on a lead, in a real browser (Debian's chromium through playwright-core)
// against the production build: a note is added under «История изменений» with its author and
// time; an empty one is refused in words; a typed note is not lost by leaving without a word; the
// partner's own history over REST never holds it. Screenshots at 1366 and 390 px.

import { createPartnerWithKey } from "@leadcore/core";
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

const NOTE = "Не дозвонились, перезвонить после 18:00";

describe.each(testDatabaseKinds())("notes on a lead, on %s", { timeout: 120_000 }, (kind) => {
  let database: ServerDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let partnerKey = "";
  let leadId = 0;
  const url = (path: string) => `${server.url}${path}`;
  const shot = (name: string) => screenshot(page, `notes-${kind}-${name}`);

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    const db = await database.open();
    try {
      partnerKey = (await createPartnerWithKey(db.prisma, "Техника")).key;
    } finally {
      await db.close();
    }
    server = await startUiServer(database);
    const created = await fetch(url("/api/v1/leads"), {
      method: "POST",
      headers: { authorization: `Bearer ${partnerKey}`, "content-type": "application/json" },
      body: JSON.stringify({ firstName: "Ольга", lastName: "Белова", mobilePhone: "+79161112244" }),
    });
    leadId = (await created.json()) as number;
    browser = await launchBrowser();
    page = await newRussianPage(browser);
    await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
  });
  afterAll(() => stopUi(browser, server, database));

  it("an empty note is refused in words; a typed one is not lost by leaving without a word", async () => {
    await page.goto(url(`/leads/${leadId}`));
    const history = page.locator("#s-history");
    await history.getByRole("button", { name: "Добавить заметку" }).click();
    await history.getByText("Напишите текст заметки").waitFor();

    await page.fill("#lead-note", NOTE);
    page.once("dialog", (dialog) => void dialog.dismiss());
    await page.getByRole("link", { name: "← Лиды" }).click();
    expect(new URL(page.url()).pathname).toBe(`/leads/${leadId}`);
    expect(await page.inputValue("#lead-note")).toBe(NOTE);
  });

  it("the note joins the history with its author; the partner's history never holds it", async () => {
    const history = page.locator("#s-history");
    await history.getByRole("button", { name: "Добавить заметку" }).click();
    const row = history.locator("tbody tr", { hasText: "Заметка оператора" });
    await row.waitFor();
    expect(await row.textContent()).toContain(NOTE);
    expect(await row.textContent()).toContain("Оператор «admin»");
    expect(await page.inputValue("#lead-note")).toBe("");
    await history.scrollIntoViewIfNeeded();
    await shot("note-1366");
    await page.setViewportSize(PHONE);
    await history.scrollIntoViewIfNeeded();
    await shot("note-390");
    await expectFitsTheWindow(page);
    await page.setViewportSize(WIDE);

    await reloadPage(page);
    await page.locator("#s-history tbody tr", { hasText: NOTE }).waitFor();
    const theirs = await fetch(url(`/api/v1/leads/${leadId}/history`), {
      headers: { authorization: `Bearer ${partnerKey}` },
    });
    expect(theirs.status).toBe(200);
    const text = await theirs.text();
    expect(text).not.toContain("перезвонить");
    expect(text).not.toContain("COMMENTED");
  });
});
