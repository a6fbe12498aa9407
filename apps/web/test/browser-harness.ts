// A real browser for the UI tests: Debian's chromium (`apt-get install -y chromium`; .ci/run
// installs it) driven by playwright-core, never a downloaded browser. Playwright gives every
// launch a fresh temporary profile (its own --user-data-dir), removed on close.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { webDir } from "./paths.ts";

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
