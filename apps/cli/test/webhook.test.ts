// `webhook add|list|rotate|disable|enable` as an administrator runs them: a separate process, on the
// embedded database and on PostgreSQL. The secret is printed once, last; a refused URL or event
// says which and why, exit 1, and writes nothing; a bad id or option is the usage, exit 2.
import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, lastLine, type Target, target } from "./support/cli.ts";

warnIfPostgresUntested();

describe.each(testDatabaseKinds())("webhook commands on %s", (kind) => {
  let t: Target;
  beforeAll(async () => {
    t = await target(kind);
    const made = await cli(t.env, "partner", "create", "--name", "Shop");
    expect(made.code).toBe(0);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("adds an endpoint and prints its signing secret last, once; list shows it without the secret", async () => {
    const added = await cli(
      t.env,
      "webhook",
      "add",
      "--partner",
      "Shop",
      "--url",
      "https://shop.example/leadcore",
      "--events",
      "lead.converted, lead.denied",
    );
    expect(added.code).toBe(0);
    const secret = lastLine(added.stdout);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(added.stdout).toContain(
      'Webhook 1 of partner "Shop" created: https://shop.example/leadcore (lead.converted, lead.denied).',
    );
    const listed = await cli(t.env, "webhook", "list", "--partner", "Shop");
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim()).toBe(
      [
        "1",
        "Shop",
        "https://shop.example/leadcore",
        "lead.converted,lead.denied",
        "enabled",
        secret.slice(0, 12),
      ].join("\t"),
    );
    expect(listed.stdout).not.toContain(secret);
  });

  it("refuses a private or non-https URL, an unknown event and an unknown partner, writing nothing", async () => {
    for (const [url, events, expected] of [
      ["http://shop.example/hooks", "lead.converted", "url: TARGET_NOT_ALLOWED"],
      ["https://10.0.0.5/hooks", "lead.converted", "url: TARGET_NOT_ALLOWED"],
      ["https://shop.example/hooks", "lead.exploded", "events.0: INVALID_ENUM"],
    ] as const) {
      const refused = await cli(
        t.env,
        "webhook",
        "add",
        "--partner",
        "Shop",
        "--url",
        url,
        "--events",
        events,
      );
      expect(refused.code, url).toBe(1);
      expect(refused.stderr).toContain(expected);
      expect(refused.stdout).toBe("");
    }
    const nobody = await cli(
      t.env,
      "webhook",
      "add",
      "--partner",
      "Nobody",
      "--url",
      "https://a.example/",
      "--events",
      "lead.denied",
    );
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('Partner "Nobody" not found');
    const listed = await cli(t.env, "webhook", "list");
    expect(listed.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("rotates with an overlap, disables and enables; a bad id or option is the usage", async () => {
    const rotated = await cli(t.env, "webhook", "rotate", "1", "--overlap-hours", "2");
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/the previous one also signs until \d{4}-\d\d-\d\dT/);
    const secret = lastLine(rotated.stdout);
    expect(secret).toMatch(/^whsec_/);
    const now = await cli(t.env, "webhook", "rotate", "1", "--overlap-hours", "0");
    expect(now.stdout).toContain("the previous one no longer signs");
    expect(lastLine(now.stdout)).not.toBe(secret);

    const disabled = await cli(t.env, "webhook", "disable", "1");
    expect(disabled.code).toBe(0);
    expect((await cli(t.env, "webhook", "list")).stdout).toContain("disabled (by an admin)");
    expect((await cli(t.env, "webhook", "enable", "1")).code).toBe(0);
    expect((await cli(t.env, "webhook", "list")).stdout).toContain("\tenabled\t");

    const missing = await cli(t.env, "webhook", "disable", "99");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Webhook endpoint not found");
    for (const args of [
      ["webhook", "disable", "x"],
      ["webhook", "rotate", "1", "--overlap-hours", "soon"],
      ["webhook", "add", "--partner", "Shop"],
    ]) {
      const usage = await cli(t.env, ...args);
      expect(usage.code, args.join(" ")).toBe(2);
      expect(usage.stderr).toContain("usage:");
    }
  });
});
