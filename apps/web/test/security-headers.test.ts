// Security headers on every kind of answer of the production server (next.config.ts headers()),
// and proof in a real browser that every UI page still renders and runs under its policy: no
// Content-Security-Policy violation, no script error, the framework's scripts executed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createOperator, createServiceKey, signIn } from "@leadcore/core";
import { warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "./browser-harness.ts";
import { call, idOf, leadOf, openServerDatabase, person } from "./faults-support.ts";
import { webDir } from "./paths.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

warnIfPostgresUntested();

const kind = process.env.TEST_DATABASE_URL ? "postgresql" : "embedded";

/** Parses a CSP header into directive -> sources. */
function policy(header: string | null): Map<string, string[]> {
  expect(header, "Content-Security-Policy header").toBeTruthy();
  return new Map(
    header!
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/** Every UI page of the build (route groups dropped, dynamic segments filled with id 1). */
function uiPages(): string[] {
  const manifest = JSON.parse(
    readFileSync(join(webDir, ".next", "server", "app-paths-manifest.json"), "utf8"),
  ) as Record<string, string>;
  return Object.keys(manifest)
    .filter((route) => route.endsWith("/page") && !route.startsWith("/_"))
    .map(
      (route) =>
        route
          .slice(0, -"/page".length)
          .replace(/\/\([^)]*\)/g, "")
          .replace(/\[[^\]]+\]/g, "1") || "/",
    );
}

describe(`security headers on ${kind}`, () => {
  let database: ServerDatabase;
  let server: RunningServer | undefined;
  let session = "";

  beforeAll(async () => {
    database = await createServerDatabase(kind);
    // An operator signed in, and a lead converted to client 1, so the pages render with data.
    const db = await openServerDatabase(database.env);
    let service: string;
    try {
      await createOperator(db.prisma, {
        login: "csp.check",
        password: "Csp-check-password-1",
        role: "admin",
      });
      session = (await signIn(db.prisma, "csp.check", "Csp-check-password-1"))!.token;
      service = (await createServiceKey(db.prisma, "csp")).key;
    } finally {
      await db.close();
    }
    server = await startServer({ env: database.env });
    const lead = leadOf(person(3));
    const id = idOf(await call(server.url, "POST", "/api/v1/leads", { key: service, body: lead }));
    expect(
      (await call(server.url, "POST", `/api/v1/leads/${id}/convert`, { key: service, body: lead }))
        .status,
    ).toBe(200);
    expect(
      (await call(server.url, "POST", "/api/v1/leads", { key: service, body: leadOf(person(4)) }))
        .status,
    ).toBe(200);
  });

  afterAll(async () => {
    await server?.stop();
    await database?.dispose();
  });

  const expectCommonHeaders = (headers: Headers, what: string) => {
    expect(headers.get("x-content-type-options"), what).toBe("nosniff");
    expect(headers.get("referrer-policy"), what).toBe("no-referrer");
    expect(headers.get("x-frame-options"), what).toBe("DENY");
    expect(headers.get("x-powered-by"), what).toBeNull();
  };

  it("UI pages (and the 404 page): a same-origin CSP with frame-ancestors 'none', no eval, no plugins, no <base>", async () => {
    for (const path of [...uiPages(), "/no-such-page"]) {
      const answer = await call(server!.url, "GET", path);
      expect(answer.headers.get("content-type"), path).toMatch(/text\/html/);
      expectCommonHeaders(answer.headers, path);
      const csp = policy(answer.headers.get("content-security-policy"));
      expect(csp.get("default-src"), path).toEqual(["'self'"]);
      expect(csp.get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(csp.get("object-src"), path).toEqual(["'none'"]);
      expect(csp.get("base-uri"), path).toEqual(["'none'"]);
      expect(csp.get("form-action"), path).toEqual(["'self'"]);
      expect(csp.get("connect-src"), path).toEqual(["'self'"]);
      // Only this origin: no host, scheme or wildcard source anywhere, and never eval.
      for (const [directive, sources] of csp) {
        for (const source of sources)
          expect(source, `${path} ${directive}`).toMatch(
            /^'(self|none|unsafe-inline)'$|^(data|blob):$/,
          );
      }
    }
  });

  it("JSON answers of the API get a policy that allows nothing, plus nosniff", async () => {
    for (const path of [
      "/api/health",
      "/api/v1/leads",
      "/api/trpc/health",
      "/api/openapi.json",
      "/api/exports/1",
    ]) {
      const answer = await call(server!.url, "GET", path);
      expectCommonHeaders(answer.headers, path);
      expect(
        policy(answer.headers.get("content-security-policy")).get("default-src"),
        path,
      ).toEqual(["'none'"]);
      expect(
        policy(answer.headers.get("content-security-policy")).get("frame-ancestors"),
        path,
      ).toEqual(["'none'"]);
    }
  });

  it("the API reference page runs with no inline script allowed at all", async () => {
    const answer = await call(server!.url, "GET", "/api/docs");
    expectCommonHeaders(answer.headers, "/api/docs");
    const csp = policy(answer.headers.get("content-security-policy"));
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("every UI page (signed out, then signed in) and the API reference render in Chromium with no CSP violation and no script error", async () => {
    const browser = await launchBrowser();
    const context = await browser.newContext();
    try {
      const visits = [...uiPages(), "/no-such-page", "/api/docs"];
      for (const [index, path] of [...visits, ...visits].entries()) {
        if (index === visits.length) {
          await context.addCookies([
            {
              name: "leadcore_session",
              value: session,
              url: server!.url,
              httpOnly: true,
              sameSite: "Lax",
            },
          ]);
        }
        const page = await context.newPage();
        const problems: string[] = [];
        page.on("pageerror", (error) => problems.push(`script error: ${error.message}`));
        page.on("console", (message) => {
          if (/Content Security Policy|Refused to/i.test(message.text()))
            problems.push(`console: ${message.text()}`);
        });
        await page.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (event) => {
            (window as unknown as { __cspViolations: string[] }).__cspViolations ??= [];
            (window as unknown as { __cspViolations: string[] }).__cspViolations.push(
              `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
            );
          });
        });
        await page.goto(`${server!.url}${path}`, { waitUntil: "networkidle" });
        const violations = await page.evaluate(
          () => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? [],
        );
        // zod 4 probes whether eval works (`Function("")` in a try/catch) and, refused, validates
        // without it: that refusal is the policy doing its job, not a page that breaks. Every other
        // violation (an inline script, a style, a foreign origin) is a failure.
        const unexpected = violations.filter((violation) => !/^script-src eval /.test(violation));
        expect(
          [...problems.filter((problem) => !/unsafe-eval|'eval'/.test(problem)), ...unexpected],
          page.url(),
        ).toEqual([]);
        // Something is on screen (client-rendered pages such as Swagger UI may take a moment).
        // biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point; textContent would count the inline scripts' source as something on screen
        await page.waitForFunction(() => document.body.innerText.trim().length > 0, undefined, {
          timeout: 20_000,
        });
        if (!path.startsWith("/api/")) {
          // The App Router's inline bootstrap ran (it is what hydrates the page).
          expect(
            await page.evaluate(() =>
              Array.isArray((window as unknown as { __next_f?: unknown }).__next_f),
            ),
            page.url(),
          ).toBe(true);
        }
        if (index >= visits.length && /^\/(leads|clients)/.test(path)) {
          // Signed in, an operator page renders itself, not the sign-in form.
          expect(new URL(page.url()).pathname, page.url()).toBe(path);
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }, 180_000); // every page twice: its time grows with the number of pages
});
