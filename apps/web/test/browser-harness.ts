// A real browser for the UI tests: Debian's chromium (`apt-get install -y chromium`; .ci/run
// installs it) driven by playwright-core, never a downloaded browser. Playwright gives every
// launch a fresh temporary profile (its own --user-data-dir), removed on close.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { webDir } from "./paths.ts";
import type { ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Screenshots of the browser tests; git-ignored (`test-output/`). */
export const SCREENSHOTS = join(webDir, "test-output", "screenshots");

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does).`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Date inputs follow the system locale, not the page's: show them as a Russian operator sees them.
    env: { ...process.env, LANG: "ru_RU.UTF-8", LANGUAGE: "ru" },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--lang=ru-RU",
    ],
  });
}

/** The first administrator's password on the UI tests' servers (startUiServer). */
export const ADMIN_PASSWORD = "пароль-администратора-1";
/** The two windows the UI is checked in: a laptop's and a phone's. */
export const WIDE = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };

/**
 * The production server a UI test drives, on `database`: `admin` signs in with ADMIN_PASSWORD, and
 * there is no rate limit (a test clicks faster than any operator); `env` adds what a test needs.
 */
export function startUiServer(
  database: ServerDatabase,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  return startServer({
    env: {
      ...database.env,
      LEADCORE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LEADCORE_RATE_LIMIT: "off",
      ...env,
    },
  });
}

/** After a UI test: closes the browser, stops the server and drops its database (what was started). */
export async function stopUi(
  browser: Browser | undefined,
  server: RunningServer | undefined,
  database: ServerDatabase | undefined,
): Promise<void> {
  await browser?.close();
  await server?.stop();
  await database?.dispose();
}

/**
 * Follows the top bar's link to a section, as an operator does, and waits for its page: the
 * address `path` and the heading `name`.
 */
export async function openSection(page: Page, name: string, path: string): Promise<void> {
  await page.getByRole("navigation", { name: "Разделы" }).getByRole("link", { name }).click();
  await page.waitForURL((address) => address.pathname === path);
  await page.getByRole("heading", { name, level: 1 }).waitFor();
}

/** A page in a browser context of its own (its own cookies), in Russian, `viewport` wide. */
export async function newRussianPage(browser: Browser, viewport = WIDE): Promise<Page> {
  return (await browser.newContext({ viewport, locale: "ru-RU" })).newPage();
}

/**
 * Signs `page` in through the sign-in form of the server at `serverUrl`, as an operator does,
 * waits for the landing page (the dashboard for an admin, the leads for an operator), and then
 * opens the lead list, where most tests start.
 */
export async function signInAs(
  page: Page,
  serverUrl: string,
  login: string,
  password: string,
): Promise<void> {
  await page.goto(`${serverUrl}/signin`);
  await page.fill("#login", login);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForURL((to) => to.pathname === "/leads" || to.pathname === "/dashboard");
  if (new URL(page.url()).pathname !== "/leads") await page.goto(`${serverUrl}/leads`);
}

/**
 * Reloads `page` as the browser's reload button does, once the page's leave guard has let go of
 * its history copy (leave-guard.ts takes it off with a history.back() a moment after a form is
 * clean again): a reload that races that step is aborted by the browser (net::ERR_ABORTED).
 */
export async function reloadPage(page: Page): Promise<void> {
  await page.waitForFunction(() => window.history.state?.leadcoreLeaveGuard !== true);
  await page.reload();
}

let taken = 0;

/** Saves what the page shows now as test-output/screenshots/<NN>-<name>.png (NN: the order taken). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const slug = name
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 80);
  const path = join(SCREENSHOTS, `${String(++taken).padStart(2, "0")}-${slug}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/**
 * What must hold at any width: the page does not scroll sideways, and no control (button, field,
 * link, heading, badge) sticks out of the window or lies over another one.
 */
export async function expectFitsTheWindow(page: Page): Promise<void> {
  const layout = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    // An open modal dialog lies over the page by design: then only its own controls count.
    const scope = document.querySelector("dialog[open]") ?? document;
    // What a closed <details> holds is not drawn, though the browser still gives it boxes.
    const folded = (element: Element) => {
      const details = element.closest("details:not([open])");
      return details !== null && !details.querySelector(":scope > summary")?.contains(element);
    };
    const boxes = Array.from(
      scope.querySelectorAll<HTMLElement>("button, input, select, a, h1, h2, .badge"),
    )
      .filter(
        (element) =>
          element.offsetParent !== null && !element.closest(".skip-link") && !folded(element),
      )
      .map((element) => ({
        element,
        label: element.textContent?.trim() || element.id || element.tagName,
        box: element.getBoundingClientRect(),
      }));
    const outside = boxes
      .filter(({ box }) => box.left < -0.5 || box.right > width + 0.5)
      .map(({ label }) => label);
    const overlapping: string[] = [];
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) {
        // A control inside another (a badge in a heading) lies in it by design.
        if (a.element.contains(b.element) || b.element.contains(a.element)) continue;
        const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (x > 1 && y > 1) overlapping.push(`${a.label} / ${b.label}`);
      }
    });
    return { scrollWidth: document.documentElement.scrollWidth, width, outside, overlapping };
  });
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
  expect(layout.outside).toEqual([]);
  expect(layout.overlapping).toEqual([]);
}
