// The error of every settings module (this package's settings.ts, @leadcore/api's settings.ts, the
// web app's lib/settings.ts): its message names the environment variable and says what is wrong,
// and never repeats a value that could be a secret (a URL with a password, a password). The start
// paths print it and stop; anything else that throws at start is a bug, not a setting.
export class SettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingError";
  }
}

/** A bad database setting (settings.ts, timeouts.ts). */
export class DatabaseSettingError extends SettingError {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseSettingError";
  }
}
