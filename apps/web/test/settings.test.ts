// The web app's own settings (lib/settings.ts); the start's refusal of a bad setting is tested on
// the real server in server.test.ts.
import { SettingError } from "@leadcore/db";
import { describe, expect, it } from "vitest";
import { readWebSettings } from "../lib/settings.ts";

describe("the web app's settings", () => {
  it("take the first administrator's password as given, or none", () => {
    expect(readWebSettings({})).toEqual({ adminPassword: undefined });
    expect(readWebSettings({ LEADCORE_ADMIN_PASSWORD: "" })).toEqual({ adminPassword: undefined });
    expect(readWebSettings({ LEADCORE_ADMIN_PASSWORD: " a long pass " })).toEqual({
      adminPassword: " a long pass ",
    });
  });

  it("refuse a password the first administrator could not have, without showing it", () => {
    let error: unknown;
    try {
      readWebSettings({ LEADCORE_ADMIN_PASSWORD: "short" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SettingError);
    expect((error as Error).message).toBe(
      "LEADCORE_ADMIN_PASSWORD must have 10 to 200 characters (unset it for a random one, printed once)",
    );
  });
});
