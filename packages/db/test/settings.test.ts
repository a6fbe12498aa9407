// The database's settings (src/settings.ts): DATABASE_URL and LEADCORE_DATA_DIR beside the timeouts
// (timeouts.test.ts); a bad DATABASE_URL is refused without its value, which may hold a password.
import { describe, expect, it } from "vitest";
import { DatabaseSettingError, SettingError } from "../src/setting-error.ts";
import { readDatabaseSettings } from "../src/settings.ts";
import { DEFAULT_TIMEOUTS } from "../src/timeouts.ts";

describe("the database settings", () => {
  it("choose the embedded database in `.data/` when unset or empty", () => {
    const embedded = { url: undefined, dataDir: undefined, timeouts: DEFAULT_TIMEOUTS };
    expect(readDatabaseSettings({})).toEqual(embedded);
    expect(readDatabaseSettings({ DATABASE_URL: "", LEADCORE_DATA_DIR: "" })).toEqual(embedded);
  });

  it("take PostgreSQL's URL, the data folder and the timeouts from the environment", () => {
    expect(
      readDatabaseSettings({
        DATABASE_URL: "postgresql://app:pw@db.internal:5432/leadcore",
        LEADCORE_DATA_DIR: "data",
        DATABASE_CONNECT_TIMEOUT_MS: "750",
      }),
    ).toEqual({
      url: "postgresql://app:pw@db.internal:5432/leadcore",
      dataDir: "data",
      timeouts: { ...DEFAULT_TIMEOUTS, connectMs: 750 },
    });
    expect(readDatabaseSettings({ DATABASE_URL: "postgres://h/db" }).url).toBe("postgres://h/db");
  });

  it("refuse a DATABASE_URL that is not a PostgreSQL URL, naming it and not repeating it", () => {
    for (const raw of ["mysql://root:s3cret@h/db", "host=h password=s3cret", "s3cret"]) {
      let error: unknown;
      try {
        readDatabaseSettings({ DATABASE_URL: raw });
      } catch (caught) {
        error = caught;
      }
      expect(error, raw).toBeInstanceOf(DatabaseSettingError);
      expect(error).toBeInstanceOf(SettingError);
      expect((error as Error).message).toMatch(/^DATABASE_URL must be a postgresql:\/\/ URL/);
      expect((error as Error).message).not.toContain("s3cret");
    }
  });

  it("refuse a bad timeout as timeouts.ts does", () => {
    expect(() => readDatabaseSettings({ DATABASE_QUERY_TIMEOUT_MS: "soon" })).toThrow(
      /^DATABASE_QUERY_TIMEOUT_MS must be a whole number of milliseconds/,
    );
  });
});
