// Structured logs (JSON lines on stdout). What is logged is chosen so personal data never gets
// in: procedure paths, status codes, durations, the caller's kind and key id; never inputs,
// outputs, URLs with queries or raw database messages. The redaction list is the second line of
// defence, for any object that reaches a log call with a personal field in it.
import pino from "pino";

const PERSONAL_KEYS = [
  "lastName",
  "firstName",
  "patronymic",
  "birthDate",
  "birthPlace",
  "passport",
  "snils",
  "inn",
  "mobilePhone",
  "telephone",
  "email",
  "cardNumber",
  "cardCvc",
  "cardHolder",
  "input",
  "body",
  "authorization",
  "cookie",
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: "leadcore" },
  redact: {
    paths: PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
    censor: "[redacted]",
  },
});

/**
 * An error as it may be logged: its class and codes, and a message with anything that could be
 * a value (quoted text, digit runs, e-mail-like words) blanked. Database errors quote the
 * offending row ("Key (x)=(...) already exists"): that must not reach the log.
 */
export function loggableError(error: unknown): { name: string; code?: string; message: string } {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  const message = err.message
    .replace(/(["'`«]).*?(["'`»])/g, "$1***$2")
    .replace(/\(([^()]*)\)=\(([^()]*)\)/g, "(***)=(***)")
    .replace(/\S+@\S+/g, "***")
    .replace(/\d{3,}/g, "***")
    .slice(0, 300);
  return { name: err.name, ...(typeof code === "string" ? { code } : {}), message };
}
