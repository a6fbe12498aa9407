// The HTTP edge every API surface shares: what a request body may be before any adapter parses it.
// REST (rest.ts) and tRPC (trpc-http.ts) both call readJsonBody, and only differ in how they
// answer a refusal: REST in its envelope, tRPC in its own error shape. A route added later calls
// it too, so the limits hold everywhere:
// - JSON only (`Content-Type: application/json`): 415 otherwise;
// - at most MAX_BODY_BYTES, counted while reading, so a 200 MB body is never held in memory: 413;
// - valid UTF-8, valid JSON, nested at most MAX_JSON_DEPTH deep (checked before parsing: a
//   hostile, deeply nested body would exhaust the stack of the validators after it): 400.
// Refusals name the rule that was broken, never a byte of the body (a JSON parser's message
// quotes the text it choked on, e.g. a password).
import type { ErrorReason, FieldIssue } from "@leadcore/schema";

export const MAX_BODY_BYTES = 256 * 1024;
// The deepest legitimate lead (an address's FIAS chain of 10 levels) nests about 25 levels.
export const MAX_JSON_DEPTH = 64;

/** The header LeadCore's server (apps/web/scripts/server.mjs) writes the caller's address into. */
export const CLIENT_ADDRESS_HEADER = "x-leadcore-client-address";

export type EdgeCode =
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "BAD_REQUEST"
  | "METHOD_NOT_SUPPORTED";

/** Why the edge refused a request: its stable reason, and fixed text, safe to show and to log. */
export class EdgeRefusal extends Error {
  constructor(
    readonly status: 400 | 405 | 413 | 415,
    readonly code: EdgeCode,
    readonly reason: ErrorReason,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "EdgeRefusal";
  }
}

export type JsonBody = { text: string; value: unknown };

/**
 * The request's JSON body, read within the limits, or why it was refused. `allowEmpty`: no body at
 * all is no input (tRPC's calls without input), not broken JSON; its value is undefined.
 */
export async function readJsonBody(
  req: Request,
  options: { allowEmpty?: boolean } = {},
): Promise<JsonBody | EdgeRefusal> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return new EdgeRefusal(
      415,
      "UNSUPPORTED_MEDIA_TYPE",
      "NOT_JSON",
      "The body must be JSON (Content-Type: application/json)",
    );
  }
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return tooLarge();
  let text: string | null;
  try {
    text = await readLimited(req);
  } catch {
    return new EdgeRefusal(400, "BAD_REQUEST", "NOT_UTF8", "The body is not valid UTF-8");
  }
  if (text === null) return tooLarge();
  if (text === "" && options.allowEmpty) return { text, value: undefined };
  return parseJsonText(text, "body");
}

/** A JSON text from elsewhere in the request (tRPC's `input` query parameter), by the same rules. */
export function parseJsonText(text: string, what: "body" | "input"): JsonBody | EdgeRefusal {
  const subject = what === "body" ? "The body" : "The input";
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    return new EdgeRefusal(
      400,
      "BAD_REQUEST",
      "TOO_DEEP",
      `${subject} nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    return new EdgeRefusal(400, "BAD_REQUEST", "INVALID_JSON", `${subject} is not valid JSON`);
  }
}

/** The caller's network address as the server saw it (see CLIENT_ADDRESS_HEADER), or "unknown". */
export function clientAddressOf(req: { headers: Headers }): string {
  return req.headers.get(CLIENT_ADDRESS_HEADER)?.trim() || "unknown";
}

const tooLarge = () =>
  new EdgeRefusal(
    413,
    "PAYLOAD_TOO_LARGE",
    "BODY_TOO_LARGE",
    `The body is larger than ${MAX_BODY_BYTES / 1024} KiB`,
  );

/** The body as text, or null once it exceeds the limit (without reading the rest). */
async function readLimited(req: Request): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  // fatal: invalid UTF-8 is the caller's error, not something to replace with U+FFFD silently.
  return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
}

/** How deeply objects and arrays nest in a JSON text, counted outside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91 /* { [ */) deepest = Math.max(deepest, ++depth);
    else if (c === 125 || c === 93 /* } ] */) depth--;
  }
  return deepest;
}
