// A lead's life in the operator UI, in a real browser (Debian's chromium through playwright-core)
// against the production build: an operator takes a lead from the unassigned queue and denies it
// with a reason, an admin reopens it; a bulk deny where one lead cannot be denied names it; an
// admin assigns leads in bulk into an operator's queue; the denial-reason dictionary is kept by
// an admin. What each page shows is checked at each step, and the lead's state through the API
// (the partner's REST view and the staff's tRPC view). Run as one journey per database, in order;
// screenshots at 1366 and 390 px go to test-output/screenshots/.

import { createOperator, createPartnerWithKey } from "@leadcore/core";
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
  stopUi,
  WIDE,
} from "./browser-harness.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

const IVANOVA_PASSWORD = "пароль-ивановой-1";

const NOT_REACHABLE = "Не удалось связаться с клиентом";
const REPEAT = "Повторная заявка";

let passportNo = 200_000;
/** A lead a partner sends: its own person each time (a passport of its own). */
const person = (lastName: string, firstName: string) => ({
  lastName,
  firstName,
  patronymic: "Петрович",
  mobilePhone: "+79161234567",
  passport: { seria: "4507", no: String(++passportNo) },
  amount: 40_000,
  period: 6,
  periodUnit: "MONTHS",
  channel: "ECOMM",
});

type RestLead = {
  status: string;
  managerId?: number;
  denialReasonId?: number;
  clientId?: number;
  denial: { reason: { code: string; title: string }; comment?: string } | null;
};

describe.each(testDatabaseKinds())(
  "a lead's life in a browser, on %s",
  { timeout: 120_000 },
  (kind) => {
    let database: ServerDatabase;
    let server: RunningServer;
    let browser: Browser;
    let operator: Page;
    let admin: Page;
    let partnerKey: string;
    const leads: Record<string, number> = {};
    const url = (path: string) => `${server.url}${path}`;
    const shot = (page: Page, name: string) => screenshot(page, `lifecycle-${kind}-${name}`);

    async function rest(method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
      const response = await fetch(url(`/api/v1${path}`), {
        method,
        headers: { authorization: `Bearer ${partnerKey}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expect(response.status).toBe(200);
      return response.json();
    }
    const restLead = (id: number) => rest("GET", `/leads/${id}`) as Promise<RestLead>;

    /** A tRPC call with the page's own session, as the page's code makes it. */
    const trpc = (page: Page, procedure: string, input: unknown) =>
      page.evaluate(
        async ([name, body]) => {
          const response = await fetch(`/api/trpc/${name}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
          });
          return { status: response.status, body: await response.json() };
        },
        [procedure, input] as const,
      );

    const signIn = (page: Page, login: string, password: string) =>
      signInAs(page, server.url, login, password);

    const queueButton = (page: Page, name: string) =>
      page.getByRole("group", { name: "Очередь" }).getByRole("button", { name, exact: true });
    const rowOf = (page: Page, id: number) =>
      page.locator("tbody tr", {
        has: page.getByRole("checkbox", { name: `Выбрать лид № ${id}`, exact: true }),
      });
    const dialog = (page: Page) => page.locator("dialog[open]");

    beforeAll(async () => {
      database = await createServerDatabase(kind);
      const db = await database.open();
      try {
        partnerKey = (await createPartnerWithKey(db.prisma, "Магазин «Техника»")).key;
        // With an operator there before the first start, the server seeds no admin: make one.
        await createOperator(db.prisma, {
          login: "admin",
          password: ADMIN_PASSWORD,
          role: "admin",
        });
        await createOperator(db.prisma, {
          login: "ivanova",
          password: IVANOVA_PASSWORD,
          role: "operator",
        });
      } finally {
        await db.close();
      }
      server = await startServer({
        env: {
          ...database.env,
          LEADCORE_RATE_LIMIT: "off",
        },
      });
      for (const [name, body] of Object.entries({
        taken: person("Смирнов", "Олег"),
        bulk1: person("Кузнецов", "Павел"),
        bulk2: person("Попов", "Игорь"),
        converted: person("Васильев", "Антон"),
        assign1: person("Зайцев", "Роман"),
        assign2: person("Морозов", "Денис"),
        withdrawn: person("Соколов", "Илья"),
        closedMeanwhile: person("Лебедев", "Глеб"),
      })) {
        leads[name] = (await rest("POST", "/leads", body)) as number;
      }
      await rest("POST", `/leads/${leads.converted}/convert`, person("Васильев", "Антон"));
      browser = await launchBrowser();
      operator = await newRussianPage(browser);
      admin = await newRussianPage(browser);
    });

    afterAll(() => stopUi(browser, server, database));

    it("an operator lands on «Мои лиды», empty, and finds the new leads under «Без исполнителя»", async () => {
      await signIn(operator, "ivanova", IVANOVA_PASSWORD);
      expect(await queueButton(operator, "Мои лиды").getAttribute("aria-pressed")).toBe("true");
      await operator.getByText("В вашей очереди нет лидов").waitFor();

      await queueButton(operator, "Без исполнителя").click();
      await operator.waitForURL(url("/leads?assignee=none"));
      await rowOf(operator, leads.taken!).waitFor();
      expect(await rowOf(operator, leads.converted!).count()).toBe(1);
    });

    it("takes a lead: the page says who works it, and the API agrees", async () => {
      await rowOf(operator, leads.taken!)
        .getByRole("link", { name: "Смирнов Олег Петрович" })
        .click();
      await operator.waitForURL(url(`/leads/${leads.taken}`));
      const state = operator.locator("#lead-state");
      await state.getByText("Исполнитель: не назначен").waitFor();
      // LeadCore's own fields are text, never inputs: the form can neither change nor send them.
      for (const field of ["clientId", "denialReasonId", "managerId"])
        expect(await operator.locator(`[name="${field}"]`).count()).toBe(0);
      expect(await operator.locator("#f-managerId").textContent()).toBe("не назначен");
      expect(await operator.locator("#f-clientId").textContent()).toBe("нет: лид не конвертирован");

      await state.getByRole("button", { name: "Взять в работу" }).click();
      await operator.getByRole("status").getByText("Лид взят в работу").waitFor();
      await state.getByText("Исполнитель: ivanova (вы)").waitFor();
      expect(await state.getByRole("button", { name: "Взять в работу" }).count()).toBe(0);
      expect(await operator.locator("#f-managerId").textContent()).toMatch(/^ivanova \(№ \d+\)$/);

      const staff = await trpc(operator, "lead.get", { id: leads.taken });
      expect(staff.body.result.data.manager).toMatchObject({ login: "ivanova" });
      const read = await restLead(leads.taken!);
      expect(read).toMatchObject({ status: "NEW", managerId: staff.body.result.data.manager.id });
      expect(read).not.toHaveProperty("manager");
    });

    it("an edit in progress holds the lead's moves back, and saving keeps the server's fields as they are", async () => {
      await operator.fill('[name="employerTitle"]', "ООО «Ромашка»");
      const state = operator.locator("#lead-state");
      await state.getByText("Сначала сохраните или отмените изменения").waitFor();
      expect(await state.getByRole("button", { name: "Отказать…" }).isDisabled()).toBe(true);
      await operator.getByRole("button", { name: "Сохранить" }).click();
      await operator.getByText("Изменения сохранены").waitFor();
      // The saved lead is read again and the form starts afresh from it, with nothing unsaved.
      await state.locator("button:enabled", { hasText: "Отказать…" }).waitFor();
      expect(await restLead(leads.taken!)).toMatchObject({
        status: "NEW",
        managerId: expect.any(Number),
      });
    });

    it("leaving a form with unsaved edits asks first: «← Лиды», the top menu and the back button stay on a «no»", async () => {
      const leadUrl = url(`/leads/${leads.taken}`);
      const asked: string[] = [];
      let answer: "accept" | "dismiss" = "dismiss";
      const onDialog = (prompt: import("playwright-core").Dialog) => {
        asked.push(prompt.message());
        void (answer === "accept" ? prompt.accept() : prompt.dismiss());
      };
      operator.on("dialog", onDialog);
      try {
        await operator.fill('[name="employerTitle"]', "ООО «Лютик»");
        const keptEdit = async (prompts: number) => {
          await expect.poll(() => asked.length).toBe(prompts);
          expect(asked.at(-1)).toBe(
            "Есть несохранённые изменения. Уйти со страницы и потерять их?",
          );
          expect(operator.url()).toBe(leadUrl);
          expect(await operator.inputValue('[name="employerTitle"]')).toBe("ООО «Лютик»");
        };
        await operator.getByRole("link", { name: "← Лиды" }).click();
        await keptEdit(1);
        await operator
          .getByRole("navigation", { name: "Разделы" })
          .getByRole("link", { name: "Клиенты" })
          .click();
        await keptEdit(2);
        await operator
          .locator("#lead-state")
          .getByText("Сначала сохраните или отмените изменения")
          .waitFor();

        // The browser's back button asks too: «no» keeps the page and the edit, and asks again.
        await operator.goBack();
        await keptEdit(3);
        await operator.goBack();
        await keptEdit(4);

        // «Yes» on the back button goes where the operator was going: back to the list.
        answer = "accept";
        await operator.goBack();
        await operator.waitForURL((to) => to.pathname === "/leads");
        expect(asked).toHaveLength(5);
      } finally {
        operator.off("dialog", onDialog);
      }
      await operator.goto(leadUrl);
      expect(await operator.inputValue('[name="employerTitle"]')).toBe("ООО «Ромашка»");
    });

    it("denies it with a reason and a comment: the page shows why, by whom and when, read-only", async () => {
      const state = operator.locator("#lead-state");
      await state.getByRole("button", { name: "Отказать…" }).click();
      await dialog(operator).getByRole("button", { name: "Отказать", exact: true }).click();
      await dialog(operator).getByText("Выберите причину отказа").waitFor();
      await operator.selectOption("#deny-reason", { label: NOT_REACHABLE });
      await operator.fill("#deny-comment", "Три звонка без ответа");
      await dialog(operator).getByRole("button", { name: "Отказать", exact: true }).click();
      await dialog(operator).waitFor({ state: "detached" });

      await operator.getByRole("status").getByText(`По лиду № ${leads.taken} отказано`).waitFor();
      await operator.getByRole("heading", { name: `Отказ: ${NOT_REACHABLE}` }).waitFor();
      await operator.locator("h1 .badge", { hasText: "Отказ" }).waitFor();
      const facts = operator.locator("#lead-state dl");
      await facts.getByText("Три звонка без ответа").waitFor();
      await facts.getByText("оператор «ivanova»").waitFor();
      await facts.getByText("NOT_REACHABLE").waitFor();
      expect(await operator.getByRole("button", { name: "Сохранить" }).count()).toBe(0);
      expect(await operator.getByRole("button", { name: "Конвертировать…" }).count()).toBe(0);
      expect(await operator.getByRole("button", { name: "Открыть заново…" }).count()).toBe(0);
      expect(await operator.locator('[name="lastName"]').isDisabled()).toBe(true);
      expect(await operator.locator("#f-denialReasonId").textContent()).toContain(NOT_REACHABLE);

      const history = operator.locator("#s-history tbody");
      await history
        .locator("tr", { hasText: `Отказ: ${NOT_REACHABLE}` })
        .getByText("Комментарий: Три звонка без ответа")
        .waitFor();
      await history.locator("tr", { hasText: "Назначен оператор ivanova" }).waitFor();

      // The partner sees the state and the reason, never the operator's comment.
      const read = await restLead(leads.taken!);
      expect(read).toMatchObject({
        status: "DENIED",
        denialReasonId: expect.any(Number),
        denial: { reason: { code: "NOT_REACHABLE", title: NOT_REACHABLE } },
      });
      expect(read.denial).not.toHaveProperty("comment");
      // Read-only behind the page's back too: an edit is refused with the state's reason.
      const edit = await trpc(operator, "lead.update", {
        id: leads.taken,
        firstName: "Олег",
        mobilePhone: "+79161234567",
      });
      expect(edit.status).toBe(409);
      expect(edit.body.error.data.reason).toBe("LEAD_DENIED");
    });

    it("a denied lead's page fits the window at 1366 and 390 px", async () => {
      await operator.evaluate(() => window.scrollTo(0, 0));
      await expectFitsTheWindow(operator);
      await shot(operator, "denied-lead-1366");
      await operator.setViewportSize(PHONE);
      await expectFitsTheWindow(operator);
      await shot(operator, "denied-lead-390");
      await operator.locator("#s-history").scrollIntoViewIfNeeded();
      await shot(operator, "denied-lead-390-history");
      await operator.setViewportSize(WIDE);
    });

    it("an admin reopens it with a comment (required): the lead is NEW and editable again", async () => {
      await signIn(admin, "admin", ADMIN_PASSWORD);
      await admin.goto(url(`/leads/${leads.taken}`));
      await admin.getByRole("button", { name: "Открыть заново…" }).click();
      await dialog(admin).getByRole("button", { name: "Открыть заново", exact: true }).click();
      await dialog(admin).getByText("Напишите, почему лид открывается заново").waitFor();
      await admin.fill("#reopen-comment", "Клиент перезвонил сам");
      await dialog(admin).getByRole("button", { name: "Открыть заново", exact: true }).click();
      await dialog(admin).waitFor({ state: "detached" });

      await admin.getByRole("status").getByText(`Лид № ${leads.taken} открыт заново`).waitFor();
      await admin.locator("h1 .badge", { hasText: "Новый" }).waitFor();
      await admin.getByRole("button", { name: "Сохранить" }).waitFor();
      expect(await admin.locator('[name="lastName"]').isDisabled()).toBe(false);
      await admin.locator("#lead-state").getByText("Исполнитель: ivanova").waitFor();
      await admin
        .locator("#s-history tbody tr", { hasText: "Открыт заново (был: отказ)" })
        .getByText("Комментарий: Клиент перезвонил сам")
        .waitFor();

      const read = await restLead(leads.taken!);
      expect(read).toMatchObject({ status: "NEW", denial: null });
      expect(read).not.toHaveProperty("denialReasonId");
    });

    it("a bulk deny of three leads, one already converted: two are denied, the report names the third and why", async () => {
      await operator.goto(url("/leads"));
      await queueButton(operator, "Все").click();
      await operator.waitForURL(url("/leads?assignee=all"));
      for (const name of ["bulk1", "bulk2", "converted"])
        await rowOf(operator, leads[name]!).getByRole("checkbox").check();
      const bar = operator.getByRole("region", { name: "Действия с выбранными лидами" });
      await bar.getByText("Выбрано: 3").waitFor();
      await bar.getByRole("button", { name: "Отказать…" }).click();
      await operator.selectOption("#deny-reason", { label: REPEAT });
      await dialog(operator).getByRole("button", { name: "Отказать", exact: true }).click();
      await dialog(operator).waitFor({ state: "detached" });

      const report = operator.getByRole("status").filter({ hasText: "Отказано: 2 из 3." });
      await report.waitFor();
      expect(await report.locator("li").allTextContents()).toEqual([
        `Лид № ${leads.converted} (Васильев Антон Петрович): Лид конвертирован, его больше нельзя изменить`,
      ]);
      expect(await bar.count()).toBe(0);
      // The list is read again: the denied leads show it, with the reason.
      for (const name of ["bulk1", "bulk2"]) {
        const row = rowOf(operator, leads[name]!);
        await row.locator(".badge", { hasText: "Отказ" }).waitFor();
        await row.getByText(REPEAT).waitFor();
      }
      for (const name of ["bulk1", "bulk2"])
        expect(await restLead(leads[name]!)).toMatchObject({
          status: "DENIED",
          denial: { reason: { code: "REPEAT_APPLICATION" } },
        });
      expect((await restLead(leads.converted!)).status).toBe("CONVERTED");

      // The status filter knows every state.
      await operator.getByLabel("Статус").selectOption({ label: "Отказ" });
      await operator.waitForURL(url("/leads?assignee=all&status=DENIED"));
      await expect.poll(() => rowOf(operator, leads.assign1!).count()).toBe(0);
      await rowOf(operator, leads.bulk1!).waitFor();
      await operator.getByRole("button", { name: "Сбросить фильтры" }).click();
    });

    it("the leads list fits the window at 1366 and 390 px, with a selection", async () => {
      await rowOf(operator, leads.assign1!).waitFor();
      await expectFitsTheWindow(operator);
      await shot(operator, "leads-1366");
      await rowOf(operator, leads.assign1!).getByRole("checkbox").check();
      await shot(operator, "leads-1366-selected");
      await operator.setViewportSize(PHONE);
      await operator.evaluate(() => window.scrollTo(0, 0));
      await expectFitsTheWindow(operator);
      await shot(operator, "leads-390-selected");
      await operator.getByRole("button", { name: "Снять выбор" }).click();
      await operator.setViewportSize(WIDE);
    });

    it("withdraws a lead on the partner's word: the page says so, with the reason, and the partner reads it", async () => {
      await operator.goto(url(`/leads/${leads.withdrawn}`));
      await operator.locator("#lead-state").getByRole("button", { name: "Отозвать…" }).click();
      await dialog(operator)
        .getByText("только если об этом попросил партнёр «Магазин «Техника»»")
        .waitFor();
      await operator.fill("#withdraw-reason", "Покупатель отменил заказ");
      await dialog(operator).getByRole("button", { name: "Отозвать", exact: true }).click();
      await dialog(operator).waitFor({ state: "detached" });

      await operator.getByRole("heading", { name: "Лид отозван" }).waitFor();
      const facts = operator.locator("#lead-state dl");
      await facts.getByText("Покупатель отменил заказ").waitFor();
      await facts.getByText("оператор «ivanova»").waitFor();
      await operator
        .locator("#s-history tbody tr", { hasText: "Отозван" })
        .getByText("Причина: Покупатель отменил заказ")
        .waitFor();
      expect(await restLead(leads.withdrawn!)).toMatchObject({
        status: "WITHDRAWN",
        withdrawal: { reason: "Покупатель отменил заказ" },
      });
    });

    it("a lead denied by someone else while its page is open: the convert dialog says so and the page shows the denial", async () => {
      await operator.goto(url(`/leads/${leads.closedMeanwhile}`));
      await operator.locator("#lead-state").getByText("Исполнитель: не назначен").waitFor();
      const reasons = await trpc(admin, "denialReason.list", {});
      const other = reasons.body.result.data.find(
        (reason: { code: string }) => reason.code === "OTHER",
      );
      expect(
        (await trpc(admin, "lead.deny", { id: leads.closedMeanwhile, reasonId: other.id })).status,
      ).toBe(200);

      await operator.getByRole("button", { name: "Конвертировать…" }).click();
      await dialog(operator)
        .getByText("конвертировать его нельзя, пока администратор не откроет его заново")
        .waitFor();
      await dialog(operator).getByRole("button", { name: "Закрыть" }).click();
      await operator.getByRole("heading", { name: "Отказ: Другое" }).waitFor();
      expect(await operator.getByRole("button", { name: "Конвертировать…" }).count()).toBe(0);
    });

    it("an admin assigns two leads in bulk; they land in the operator's «Мои лиды»", async () => {
      await admin.goto(url("/leads"));
      expect(await queueButton(admin, "Все").getAttribute("aria-pressed")).toBe("true");
      for (const name of ["assign1", "assign2"])
        await rowOf(admin, leads[name]!).getByRole("checkbox").check();
      await admin
        .getByRole("region", { name: "Действия с выбранными лидами" })
        .getByRole("button", { name: "Назначить…" })
        .click();
      await admin.selectOption("#assign-login", "ivanova");
      await dialog(admin).getByRole("button", { name: "Назначить", exact: true }).click();
      await admin.getByRole("status").getByText("Назначено оператору «ivanova»: 2 из 2.").waitFor();
      await rowOf(admin, leads.assign1!)
        .locator('td[data-label="Исполнитель"]', { hasText: "ivanova" })
        .waitFor();

      await operator.goto(url("/leads"));
      for (const name of ["taken", "assign1", "assign2"])
        await rowOf(operator, leads[name]!).waitFor();
      expect(await rowOf(operator, leads.bulk1!).count()).toBe(0);
    });

    it("the denial-reason page: an admin adds, renames and deactivates a reason; one in use is not deleted", async () => {
      await openSection(admin, "Причины отказа", "/denial-reasons");
      const reasonRow = (code: string) =>
        admin.locator("tbody tr", {
          has: admin.locator(".mono", { hasText: new RegExp(`^${code}$`) }),
        });
      await reasonRow("STOP_LIST").waitFor();

      // Checked before sending, then sent: the code is written in capitals as typed.
      await admin.getByRole("button", { name: "Добавить причину" }).click();
      expect(await admin.locator("#new-code-error").textContent()).toBe("Обязательное поле");
      await admin.fill("#new-code", "no_income");
      expect(await admin.inputValue("#new-code")).toBe("NO_INCOME");
      await admin.fill("#new-title", "Нет подтверждённого дохода");
      await admin.getByRole("button", { name: "Добавить причину" }).click();
      await admin
        .getByRole("status")
        .getByText("Причина «Нет подтверждённого дохода» добавлена.")
        .waitFor();
      await reasonRow("NO_INCOME").getByText("Активна").waitFor();
      // The same code again: the server's refusal, in Russian.
      await admin.fill("#new-code", "NO_INCOME");
      await admin.fill("#new-title", "Ещё раз");
      await admin.getByRole("button", { name: "Добавить причину" }).click();
      await admin.getByRole("alert").getByText("Причина с таким кодом уже есть").waitFor();

      await reasonRow("NO_INCOME").getByRole("button", { name: "Переименовать…" }).click();
      await admin.fill("#rename-title", "Доход не подтверждён");
      await dialog(admin).getByRole("button", { name: "Сохранить название" }).click();
      await dialog(admin).waitFor({ state: "detached" });
      await reasonRow("NO_INCOME").getByText("Доход не подтверждён").waitFor();

      await reasonRow("NO_INCOME").getByRole("button", { name: "Отключить" }).click();
      await reasonRow("NO_INCOME").getByText("Отключена").waitFor();
      await admin
        .getByRole("status")
        .getByText("Причина «Доход не подтверждён» отключена")
        .waitFor();

      await reasonRow("REPEAT_APPLICATION").getByRole("button", { name: "Удалить…" }).click();
      await dialog(admin).getByRole("button", { name: "Удалить", exact: true }).click();
      await dialog(admin)
        .getByText("По этой причине уже отказывали: её можно только отключить")
        .waitFor();
      await dialog(admin).getByRole("button", { name: "Отмена" }).click();
      await reasonRow("REPEAT_APPLICATION").waitFor();

      const listed = await trpc(admin, "denialReason.list", {});
      expect(listed.body.result.data).toContainEqual(
        expect.objectContaining({
          code: "NO_INCOME",
          title: "Доход не подтверждён",
          active: false,
        }),
      );
    });

    it("the denial-reason page fits the window at 1366 and 390 px", async () => {
      await admin.evaluate(() => window.scrollTo(0, 0));
      await expectFitsTheWindow(admin);
      await shot(admin, "denial-reasons-1366");
      await admin.setViewportSize(PHONE);
      await expectFitsTheWindow(admin);
      await shot(admin, "denial-reasons-390");
      await admin.locator("tbody tr").first().scrollIntoViewIfNeeded();
      await shot(admin, "denial-reasons-390-list");
      await admin.setViewportSize(WIDE);
    });

    it("a deactivated reason is no longer offered when denying; an unused one is deleted; operators have no such page", async () => {
      await operator.goto(url(`/leads/${leads.assign1}`));
      await operator.locator("#lead-state").getByRole("button", { name: "Отказать…" }).click();
      const offered = await operator.locator("#deny-reason option").allTextContents();
      expect(offered).toContain(REPEAT);
      expect(offered).not.toContain("Доход не подтверждён");
      await dialog(operator).getByRole("button", { name: "Отмена" }).click();

      const row = admin.locator("tbody tr", {
        has: admin.locator(".mono", { hasText: /^NO_INCOME$/ }),
      });
      await row.getByRole("button", { name: "Удалить…" }).click();
      await dialog(admin).getByRole("button", { name: "Удалить", exact: true }).click();
      await admin
        .getByRole("status")
        .getByText("Причина «Доход не подтверждён» удалена.")
        .waitFor();
      expect(await row.count()).toBe(0);

      const nav = operator.getByRole("navigation", { name: "Разделы" });
      expect(await nav.getByRole("link", { name: "Причины отказа" }).count()).toBe(0);
      await operator.goto(url("/denial-reasons"));
      await operator.getByRole("heading", { name: "Нет доступа" }).waitFor();
    });
  },
);
