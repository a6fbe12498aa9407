// Log redaction, on a real pino logger writing to a stream the test reads: every field the
// contract marks personal is redacted by name wherever a log call could carry it, and the rest
// of a line stays readable.

import { Writable } from "node:stream";
import { PERSONAL_FIELD_NAMES } from "@leadcore/schema";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";

/** A logger on a stream the test reads, and the lines it has written so far. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger(stream), lines };
}

const SECRET = "Секретов-4506-123456";

describe("log redaction", () => {
  it("redacts every field the contract marks personal, at the top and two levels down", () => {
    expect(PERSONAL_FIELD_NAMES.size).toBeGreaterThan(20);
    for (const name of PERSONAL_FIELD_NAMES) {
      const { log, lines } = capturedLogger();
      log.info({ [name]: SECRET });
      log.info({ lead: { [name]: SECRET } });
      log.info({ call: { lead: { [name]: { nested: SECRET } } } });
      expect(lines, name).toHaveLength(3);
      for (const line of lines) {
        expect(line, name).not.toContain("Секретов");
        expect(line, name).toContain("[redacted]");
      }
    }
  });

  it("redacts a request's content and credentials", () => {
    const { log, lines } = capturedLogger();
    log.info({
      input: { amount: 1 },
      body: SECRET,
      req: { authorization: `Bearer ${SECRET}`, cookie: SECRET },
    });
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      input: "[redacted]",
      body: "[redacted]",
      req: { authorization: "[redacted]", cookie: "[redacted]" },
    });
  });

  it("keeps what is not personal as it was", () => {
    const { log, lines } = capturedLogger();
    log.info({
      procedure: "lead.update",
      outcome: "ok",
      lead: { amount: 150000, channel: "SITE" },
    });
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({
      service: "leadcore",
      procedure: "lead.update",
      outcome: "ok",
      lead: { amount: 150000, channel: "SITE" },
    });
  });
});
