// The export of the leads list in a real browser (issue 17, item 17), against the production
// build: an admin filters the list and exports it as CSV and as XLSX; the file the browser
// downloads holds exactly the leads the filtered list shows, with the list's columns. An operator
// sees no export at all. Screenshots at 1366 and 390 px.

import { readFile } from "node:fs/promises";
import { createLead, createOperator, createPartnerWithKey } from "@leadcore/core";
import { testDatabaseKinds } from "@leadcore/db/testing";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
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
} from "./browser-harness.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import type { RunningServer } from "./server-harness.ts";

const CLERK_PASSWORD = "пароль-оператора-1";
const SITE_NAMES = ["Смирнова", "Кузнецов", "Попова", "Васильев", "Соколова"];
const ECOMM_NAMES = ["Михайлов", "Новикова", "Фёдоров"];

describe.each(testDatabaseKinds())("the leads export, on %s", { timeout: 120_000 }, (kind) => {
  let database: ServerDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const siteIds: number[] = [];
  const shot = (name: string, on = page) => screenshot(on, `export-${kind}-${name}`);
  const rows = () => page.locator(".leads-table tbody tr");

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    const db = await database.open();
    try {
      const { partnerId } = await createPartnerWithKey(db.prisma, "Техника");
      const shop = { kind: "partner" as const, partnerId, apiKeyId: 1n, name: "Техника" };
      let n = 0;
      for (const [names, channel] of [
        [SITE_NAMES, "SITE"],
        [ECOMM_NAMES, "ECOMM"],
      ] as const) {
        for (const lastName of names) {
          n += 1;
          const id = await createLead(db.prisma, shop, {
            lastName,
            firstName: "Анна",
            mobilePhone: `+7916300${String(n).padStart(4, "0")}`,
            passport: { seria: "4512", no: "135790" },
            amount: 10_000 * n,
            period: 12,
            periodUnit: "MONTHS",
            channel,
          });
          if (channel === "SITE") siteIds.unshift(id);
        }
      }
      // With an operator in the database the server creates no first admin: both are made here.
      await createOperator(db.prisma, { login: "admin", password: ADMIN_PASSWORD, role: "admin" });
      await createOperator(db.prisma, {
        login: "clerk",
        password: CLERK_PASSWORD,
        role: "operator",
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

  const filterBySite = async () => {
    await page.getByRole("group", { name: "Фильтры" }).getByLabel("Канал").selectOption("SITE");
    await page.getByText(`1–${SITE_NAMES.length} из ${SITE_NAMES.length}`).waitFor();
    await expect.poll(() => rows().count()).toBe(SITE_NAMES.length);
  };
  const shownIds = async () =>
    (await rows().locator('[data-label="№"]').allTextContents()).map((text) => Number(text));

  async function exportAs(format: "CSV" | "XLSX"): Promise<Buffer> {
    const exporter = page.getByRole("group", { name: "Выгрузить:" });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      exporter.getByRole("button", { name: format }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^leads-\\d{4}-\\d{2}-\\d{2}\\.${format.toLowerCase()}$`),
    );
    const path = await download.path();
    await page
      .getByRole("status")
      .getByText(`Готово: выгружено ${SITE_NAMES.length} строк`)
      .waitFor();
    return readFile(path);
  }

  it("an admin exports the filtered list as CSV: the file holds exactly the leads shown", async () => {
    await filterBySite();
    const shown = await shownIds();
    expect(shown).toEqual(siteIds);
    const file = await exportAs("CSV");
    const [header, ...records] = parse(file, { delimiter: ";", bom: true }) as string[][];
    expect(header?.slice(0, 3)).toEqual(["№ лида", "Создан (UTC)", "Статус"]);
    expect(records.map((record) => Number(record[0]))).toEqual(shown);
    expect(records.map((record) => record[5])).toEqual([...SITE_NAMES].reverse());
    expect(records[0]?.slice(2, 5)).toEqual(["Новый", "Сайт", "Техника"]);
    expect(records[0]?.[8]).toMatch(/^'\+7 916 \*\*\*-\*\*-\d{2}$/);
    expect(file.toString("utf8")).not.toContain("135790");
    await shot("csv-done");
  });

  it("and as XLSX: the sheet reads back to the same leads", async () => {
    const file = await exportAs("XLSX");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const ids: unknown[] = [];
    workbook.getWorksheet("Лиды")?.eachRow((row, number) => {
      if (number > 1) ids.push(row.getCell(1).value);
    });
    expect(ids).toEqual(await shownIds());
    await shot("xlsx-done");
  });

  it("fits a phone's window, the export with it", async () => {
    const phone = await newRussianPage(browser, PHONE);
    await signInAs(phone, server.url, "admin", ADMIN_PASSWORD);
    await phone.getByRole("group", { name: "Выгрузить:" }).waitFor();
    await expectFitsTheWindow(phone);
    await shot("phone", phone);
    await phone.context().close();
  });

  it("an operator sees no export control", async () => {
    const clerk = await newRussianPage(browser);
    await signInAs(clerk, server.url, "clerk", CLERK_PASSWORD);
    await clerk.getByRole("group", { name: "Фильтры" }).waitFor();
    await clerk.getByRole("button", { name: "Все", exact: true }).click();
    await clerk.locator(".leads-table tbody tr").first().waitFor();
    expect(await clerk.getByText("Выгрузить").count()).toBe(0);
    expect(await clerk.getByRole("button", { name: "XLSX" }).count()).toBe(0);
    await shot("operator", clerk);
    await clerk.context().close();
  });
});
