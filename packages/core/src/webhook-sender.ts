// One webhook attempt on the wire: a POST of the payload, signed per the Standard Webhooks
// specification with the reference library (webhook-id, webhook-timestamp, webhook-signature:
// "v1,<base64 HMAC-SHA256 of id.timestamp.body>", one signature per secret that signs), through
// the SSRF guard, within a timeout. Redirects are not followed: a 3xx is a failed attempt.
import http from "node:http";
import https from "node:https";
import type { WebhookAttemptError } from "@leadcore/schema";
import { Webhook } from "standardwebhooks";
import {
  BlockedTargetError,
  checkWebhookUrl,
  guardedLookup,
  type TargetPolicy,
} from "./webhook-target.ts";

export type AttemptResult = {
  ok: boolean;
  statusCode: number | null;
  /** Why there was no HTTP answer, in a few plain words (never the receiver's body). */
  error: WebhookAttemptError | null;
  durationMs: number;
};

export type SignedMessage = {
  messageId: string;
  body: string;
  /** The secrets that sign: the current one and, during a rotation's overlap, the previous one. */
  secrets: string[];
};

/** The three Standard Webhooks headers for a message at a moment. */
export function signatureHeaders(message: SignedMessage, at: Date): Record<string, string> {
  const signatures = message.secrets.map((secret) =>
    new Webhook(secret).sign(message.messageId, at, message.body),
  );
  return {
    "webhook-id": message.messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": signatures.join(" "),
  };
}

/** Sends one attempt; never throws (every failure is an AttemptResult). */
export async function sendWebhook(
  target: string,
  message: SignedMessage,
  options: TargetPolicy & { timeoutMs: number },
): Promise<AttemptResult> {
  const started = performance.now();
  const finish = (statusCode: number | null, error: WebhookAttemptError | null): AttemptResult => ({
    ok: statusCode !== null && statusCode >= 200 && statusCode < 300,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = checkWebhookUrl(target, options);
  } catch {
    return finish(null, "blocked address");
  }
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<AttemptResult>((resolve) => {
    const request = transport.request(
      url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "LeadCore-Webhooks/1",
          ...signatureHeaders(message, new Date()),
        },
        lookup: guardedLookup(options),
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        // The body is read and dropped: only the status counts, and a receiver's words are not kept.
        response.resume();
        response.on("end", () => resolve(finish(response.statusCode ?? null, null)));
        response.on("error", () => resolve(finish(response.statusCode ?? null, null)));
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => resolve(finish(null, describe(error))));
    request.end(message.body);
  });
}

function describe(error: NodeJS.ErrnoException): WebhookAttemptError {
  if (error instanceof BlockedTargetError) return "blocked address";
  if (error.name === "AbortError" || error.name === "TimeoutError") return "timeout";
  switch (error.code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found";
    case "ETIMEDOUT":
      return "timeout";
    default:
      return error.code?.startsWith("ERR_TLS") || error.code?.includes("CERT")
        ? "TLS error"
        : "connection error";
  }
}
