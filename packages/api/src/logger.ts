// Structured logs (JSON lines on stdout). What is logged is chosen so personal data never gets
// in: procedure paths, status codes, durations, the caller's kind and key id; never inputs,
// outputs, URLs with queries or raw database messages. Redaction is the second line of defence,
// for any object that reaches a log call with a personal field in it: every field the contract
// marks personal (@leadcore/schema PERSONAL_FIELD_NAMES), by name, and what carries a request's
// content or credentials.
import { PERSONAL_FIELD_NAMES } from "@leadcore/schema";
import pino from "pino";
import { apiSettings } from "./settings.ts";

const REQUEST_KEYS = ["input", "body", "authorization", "cookie"];

/** The keys redacted at the top of a logged object and two levels down. */
export const REDACTED_KEYS: readonly string[] = [...PERSONAL_FIELD_NAMES, ...REQUEST_KEYS];

/** A logger with LeadCore's level, base fields and redaction, writing to `destination` (stdout by default). */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: apiSettings().logLevel,
    base: { service: "leadcore" },
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]),
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export const logger = createLogger();

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
