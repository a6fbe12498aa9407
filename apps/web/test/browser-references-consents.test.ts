// Reference lists in a real browser (issue 17, item 14), against the production build: an admin
// keeps the lender's list of credit products on «Справочники» (add, a taken number refused in
// Russian, rename, archive); the lead editor offers names instead of bare ids, keeps an id no list
// holds as «№ 57 (нет в справочнике)», takes any other number, and types one in for a list that is
// still empty; the history and the client's applications name the entries. And a lead's
// consents (issue 18): the page lists those in force; withdrawing one says first what follows,
// and withdrawing the personal-data consent of a NEW lead erases it at once, which the destruction
// act («Уничтожение данных», linked from «Сводка», and its CSV file) then lists. And a person's
// request to erase their data («Обращения субъектов»): found by passport, what is held is shown
// with what will become of it; recording it erases the repeat lead that never became a loan and
// keeps the client with the loan, whose page then says so. 1366 and 390 px.
// (One file for both: each browser file starts a production server per database.)

import { readFileSync } from "node:fs";
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

describe.each(testDatabaseKinds())("reference lists, on %s", { timeout: 120_000 }, (kind) => {
  let database: ServerDatabase;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let leadId = 0;
  let clientId = 0;
  let consentingId = 0;
  let convertedId = 0;
  let repeatId = 0;
  const shot = (name: string) => screenshot(page, `reference-${kind}-${name}`);
  const entries = () => page.getByRole("table", { name: "Кредитный продукт" }).locator("tbody tr");
  const storedLead = (id: number) =>
    page.evaluate(async (leadId) => {
      const answer = await fetch("/api/trpc/lead.get", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id: leadId }),
      });
      return ((await answer.json()) as { result: { data: Record<string, unknown> } }).result.data;
    }, id);
  const save = async () => {
    await page.getByRole("button", { name: "Сохранить" }).click();
    await page.getByText("Изменения сохранены").waitFor();
  };

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    const db = await database.open();
    try {
      const { partnerId } = await createPartnerWithKey(db.prisma, "Техника");
      const shop = { kind: "partner" as const, partnerId, apiKeyId: 1n, name: "Техника" };
      // The partner sends ids the lender has not entered yet: 57 and 12 are in no list now.
      leadId = await createLead(db.prisma, shop, {
        lastName: "Лебедева",
        firstName: "Мария",
        mobilePhone: "+79161110022",
        sexId: 2,
        birthCountryId: 643,
        creditProductId: 57,
        amount: 30_000,
      });
      consentingId = await createLead(db.prisma, shop, {
        lastName: "Согласова",
        firstName: "Ирина",
        mobilePhone: "+79161110044",
        passport: { seria: "4511", no: "556677" },
        consents: [
          {
            kind: "PERSONAL_DATA",
            textVersion: "pd-2026-01",
            givenAt: "2026-11-30T10:15:00+03:00",
            channel: "SMS",
            confirmationId: "sms-1001",
          },
          {
            kind: "MARKETING",
            textVersion: "ads-2",
            givenAt: "2026-11-30T10:16:00+03:00",
            channel: "WEB",
          },
        ],
      });
      const client: LeadBody = {
        lastName: "Орлов",
        firstName: "Пётр",
        patronymic: "Ильич",
        mobilePhone: "+79161110033",
        passport: { seria: "4510", no: "223344" },
        creditProductId: 12,
        amount: 15_000,
      };
      convertedId = await createLead(db.prisma, shop, client);
      ({ clientId } = await convertLead(db.prisma, shop, convertedId, client));
      // The same man again, a month later: a lead that never became a loan.
      repeatId = await createLead(db.prisma, shop, { ...client, email: "povtor@example.invalid" });
    } finally {
      await db.close();
    }
    server = await startUiServer(database);
    browser = await launchBrowser();
    page = await newRussianPage(browser);
    await signInAs(page, server.url, "admin", ADMIN_PASSWORD);
  });
  afterAll(() => stopUi(browser, server, database));

  it("an admin adds credit products, is told in Russian that a number is taken, renames and archives one", async () => {
    await openSection(page, "Справочники", "/reference-lists");
    await page.getByRole("button", { name: /^Кредитный продукт/ }).click();
    expect(
      await page.getByRole("button", { name: /^Кредитный продукт/ }).getAttribute("aria-pressed"),
    ).toBe("true");
    await page.getByText("В справочнике пока нет записей").waitFor();

    const add = async (id: string, name: string) => {
      await page.fill("#new-entry-id", id);
      await page.fill("#new-entry-name", name);
      await page.getByRole("button", { name: "Добавить запись" }).click();
    };
    await add("12", "Потребительский");
    await page.getByText("«Потребительский» (№ 12) добавлена в «Кредитный продукт».").waitFor();
    await add("13", "Рассрочка");
    await expect.poll(() => entries().count()).toBe(2);

    await add("12", "Ещё один");
    await page.getByText("В этом справочнике уже есть запись с таким номером").waitFor();
    await add("двенадцать", "Ещё один");
    await page.getByText("Целое число от 0: номер записи в системе кредитора").waitFor();
    expect(await entries().count()).toBe(2);

    await entries()
      .filter({ hasText: "Потребительский" })
      .getByRole("button", { name: "Переименовать…" })
      .click();
    await page.fill("#rename-entry-name", "Потребительский кредит");
    await page.getByRole("button", { name: "Сохранить название" }).click();
    await page.getByText("Запись № 12 теперь называется «Потребительский кредит».").waitFor();

    await entries()
      .filter({ hasText: "Рассрочка" })
      .getByRole("button", { name: "В архив" })
      .click();
    await entries().filter({ hasText: "Рассрочка" }).getByText("В архиве").waitFor();
    await shot("list-1366");
    await expectFitsTheWindow(page);
    await page.setViewportSize(PHONE);
    await shot("list-390");
    await expectFitsTheWindow(page);
    await page.setViewportSize(WIDE);
  });

  it("the editor offers names, keeps an id no list holds, and takes another number", async () => {
    await page.goto(`${server.url}/leads/${leadId}`);
    const product = page.locator("#f-creditProductId");
    await product.waitFor();
    // Shipped lists are named whatever the lender entered.
    expect(await page.locator("#f-sexId option:checked").textContent()).toBe("Женский");
    expect(await page.locator("#f-birthCountryId option:checked").textContent()).toBe("Россия");
    // The partner's 57 is kept and marked; the archived entry is not offered.
    await expect
      .poll(() => page.locator("#f-creditProductId option:checked").textContent())
      .toBe("№ 57 (нет в справочнике)");
    const offered = await product.locator("option").allTextContents();
    expect(offered).toContain("Потребительский кредит");
    expect(offered).not.toContain("Рассрочка");

    await product.selectOption({ label: "Потребительский кредит" });
    await save();
    expect((await storedLead(leadId)).creditProductId).toBe(12);
    await page
      .locator(".changes li", { hasText: "creditProductId" })
      .filter({ hasText: "№ 57 (нет в справочнике) → Потребительский кредит" })
      .waitFor();

    // Any other number the lender's system knows: «Другой номер…» turns the picker into an input.
    await product.selectOption({ label: "Другой номер…" });
    await page.locator("input#f-creditProductId").fill("99");
    await save();
    expect((await storedLead(leadId)).creditProductId).toBe(99);
    await page
      .locator(".changes li", { hasText: "creditProductId" })
      .filter({ hasText: "Потребительский кредит → № 99 (нет в справочнике)" })
      .waitFor();

    // The list of shops is empty: its number is typed in, and the field says why.
    const shopField = page.locator(".field", { has: page.locator("#f-shopId") });
    await shopField.getByText("Справочник пуст: введите номер").waitFor();
    await page.locator("input#f-shopId").fill("7");
    await save();
    expect((await storedLead(leadId)).shopId).toBe(7);
    await product.scrollIntoViewIfNeeded();
    await shot("editor-1366");
    await page.setViewportSize(PHONE);
    await product.scrollIntoViewIfNeeded();
    await shot("editor-390");
    await expectFitsTheWindow(page);
    await page.setViewportSize(WIDE);
  });

  it("the client's applications name their credit product", async () => {
    await page.goto(`${server.url}/clients/${clientId}`);
    await page
      .getByRole("row", { name: /Потребительский кредит/ })
      .first()
      .waitFor();
  });

  it("a lead's consents in force can be withdrawn; the personal-data one erases the NEW lead at once", async () => {
    await page.goto(`${server.url}/leads/${consentingId}`);
    const panel = page.getByRole("region", { name: "Действующие согласия" });
    await panel.getByText("Обработка персональных данных").waitFor();
    await panel.getByText("Реклама и рассылки").waitFor();

    const withdraw = async (kind: string) => {
      await panel
        .locator(".consent-item", { hasText: kind })
        .getByRole("button", { name: "Отозвать…" })
        .click();
      return page.getByRole("dialog");
    };
    const marketing = await withdraw("Реклама и рассылки");
    await marketing.getByText("данные лида не изменятся").waitFor();
    await marketing.getByRole("button", { name: "Отозвать согласие" }).click();
    await page.getByText("Согласие отозвано.", { exact: true }).waitFor();
    await expect.poll(() => panel.locator(".consent-item").count()).toBe(1);
    expect((await storedLead(consentingId)).lastName).toBe("Согласова");

    const personal = await withdraw("Обработка персональных данных");
    await personal.getByText("будут уничтожены сразу").waitFor();
    await shot("consent-dialog-1366");
    await personal.getByRole("button", { name: "Отозвать согласие" }).click();
    await page.getByText("Согласие отозвано. Персональные данные лида уничтожены.").waitFor();
    const stored = await storedLead(consentingId);
    expect(stored).toMatchObject({ status: "WITHDRAWN" });
    expect(stored.lastName).toBeUndefined();
    expect(stored.passport).toBeUndefined();
    // The consent records stay, with their withdrawal, read-only in the form.
    const consents = stored.consents as { kind: string; withdrawnAt?: string }[];
    expect(consents.map((consent) => [consent.kind, typeof consent.withdrawnAt])).toEqual([
      ["PERSONAL_DATA", "string"],
      ["MARKETING", "string"],
    ]);
    expect(await page.getByRole("region", { name: "Действующие согласия" }).count()).toBe(0);
    const withdrawnAt = page.locator('[id="f-consents.0.withdrawnAt"]');
    await withdrawnAt.scrollIntoViewIfNeeded();
    expect(await withdrawnAt.inputValue()).toBe(consents[0]?.withdrawnAt);
    await shot("consents-erased-1366");
    await page.setViewportSize(PHONE);
    await withdrawnAt.scrollIntoViewIfNeeded();
    await shot("consents-erased-390");
    await expectFitsTheWindow(page);
    await page.setViewportSize(WIDE);
  });

  it("the erasure is in the destruction act, on the page and in its CSV file; an admin's menu fits one line at 1366 px", async () => {
    // Linked from «Сводка», the admins' landing page.
    await openSection(page, "Сводка", "/dashboard");
    await page.getByRole("link", { name: "акте об уничтожении" }).click();
    await page.waitForURL((address) => address.pathname === "/data-destruction");
    await page.getByRole("heading", { name: "Уничтожение данных", level: 1 }).waitFor();
    const row = page.getByRole("row", { name: new RegExp(`Лид № ${consentingId}\\b`) });
    await row.getByText("Отзыв согласия").waitFor();
    const topBar = await page.locator(".topbar").boundingBox();
    expect(topBar?.height).toBe(52); // one line: its minimum height

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Скачать акт (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^destruction-act-\d{4}-\d{2}-\d{2}\.csv$/);
    const act = readFileSync((await download.path()) ?? "", "utf8");
    expect(act.startsWith("\ufeff№ записи;№ лида;Основание;Код основания;Когда (UTC)")).toBe(true);
    expect(act).toMatch(
      new RegExp(`^\\d+;${consentingId};Отзыв согласия;CONSENT_WITHDRAWN;\\d{4}-`, "m"),
    );
    // Ids, fixed words and times only: nothing of the person.
    expect(act).not.toContain("Согласова");
    await shot("destruction-act-1366");
    await expectFitsTheWindow(page);
    await page.setViewportSize(PHONE);
    await shot("destruction-act-390");
    await expectFitsTheWindow(page);
    await page.setViewportSize(WIDE);
  });

  it("a person's request to erase: found by passport, the repeat lead is erased at once and the client with a loan is kept, saying why", async () => {
    await openSection(page, "Сводка", "/dashboard");
    await page.getByRole("link", { name: "обращениях субъектов" }).click();
    await page.waitForURL((address) => address.pathname === "/data-requests");
    await page.getByRole("heading", { name: "Обращения субъектов", level: 1 }).waitFor();
    await page.getByText("Обращений ещё не было.").waitFor();

    await page.getByRole("button", { name: "Найти данные" }).click();
    expect(await page.locator("#subject-seria-error").textContent()).toBe("Обязательное поле");
    await page.fill("#subject-seria", "45 1O");
    await page.fill("#subject-no", "223344");
    await page.getByRole("button", { name: "Найти данные" }).click();
    const seriaError = page.locator("#subject-seria-error");
    await seriaError.waitFor();
    expect(await seriaError.textContent()).toMatch(/^[^a-z]*[а-я][^a-z]*$/i);

    await page.fill("#subject-seria", "45 10");
    await page.getByRole("button", { name: "Найти данные" }).click();
    const found = page.getByRole("region", { name: "Что хранится" });
    const leads = found.getByRole("table", { name: "Лиды" });
    await leads.waitFor();
    const repeatRow = leads.getByRole("row", { name: new RegExp(`Лид № ${repeatId}\\b`) });
    await repeatRow.getByText("Будут удалены сразу").waitFor();
    await leads
      .getByRole("row", { name: new RegExp(`Лид № ${convertedId}\\b`) })
      .getByText(`Сохраняется: лид стал заявкой клиента № ${clientId}`)
      .waitFor();
    await found.getByText("у клиента 1 заявка на заём").waitFor();
    expect(await found.getByRole("link", { name: `Клиент № ${clientId}` }).count()).toBe(1);
    await shot("data-request-preview-1366");
    await expectFitsTheWindow(page);
    await page.setViewportSize(PHONE);
    await shot("data-request-preview-390");
    await expectFitsTheWindow(page);
    await page.setViewportSize(WIDE);

    await page.fill("#request-reference", "вх. 42");
    await page.getByRole("button", { name: "Записать обращение и удалить данные" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByText("Персональные данные 1 лида будут удалены сейчас.").waitFor();
    await dialog.getByRole("button", { name: "Записать и удалить" }).click();
    await page.waitForURL((address) => /^\/data-requests\/\d+$/.test(address.pathname));
    const requestId = Number(new URL(page.url()).pathname.split("/").pop());
    await page.getByRole("heading", { name: `Обращение № ${requestId}`, level: 1 }).waitFor();
    await page.getByText("вх. 42").waitFor();
    await page.getByText("Персональные данные удалены").waitFor();
    await page.getByText(/в срок$/).waitFor();
    await shot("data-request-done-1366");
    await page.setViewportSize(PHONE);
    await shot("data-request-done-390");
    await expectFitsTheWindow(page);
    await page.setViewportSize(WIDE);

    const repeat = await storedLead(repeatId);
    expect(repeat).toMatchObject({ status: "WITHDRAWN" });
    expect(repeat.lastName).toBeUndefined();
    expect(repeat.email).toBeUndefined();
    expect((await storedLead(convertedId)).lastName).toBe("Орлов");

    // The client's page says the person asked, and why the client stays.
    await page.goto(`${server.url}/clients/${clientId}`);
    const note = page.getByRole("note");
    await note.getByText("Человек просил удалить его персональные данные").waitFor();
    await note.getByRole("link", { name: `обращение № ${requestId}` }).waitFor();
    await note.getByText("записи о займах кредитор обязан хранить").waitFor();

    await page.goto(`${server.url}/data-requests`);
    const row = page
      .getByRole("table", { name: "Записанные обращения" })
      .getByRole("row", { name: new RegExp(`№ ${requestId} \\(вх\\. 42\\)`) });
    await row.getByText("удалено: 1, сохранено: 2").waitFor();
    // The identifier it was found by is nowhere on the page.
    expect(await page.content()).not.toContain("223344");
  });
});
