// Shared by the fault, scale-out, hostile-input and security suites: HTTP calls that never hang,
// keys made in the server's database before it starts, and made-up people whose passports differ.
import { createPartnerWithKey, createServiceKey } from "@leadcore/core";
import { type Database, openDatabase } from "@leadcore/db";
import pg from "pg";

/** No single call may take longer than this: a hang is a failure, not a slow pass. */
export const CALL_TIMEOUT_MS = 30_000;

/** One issue of an error, as REST's envelope and tRPC's `error.data` carry it. */
export type WireIssue = { path: string; code: string; params?: unknown; message: string };

/**
 * The fields LeadCore's JSON answers carry, by name and shape: REST's error envelope and list
 * page, tRPC's `result` and `error`, the health check's. An answer has only some of them, and
 * which ones is what a test asserts; reading one that is absent gives undefined, and the
 * assertion on it fails. Bare ids (a create's or a conversion's answer) are read with idOf, a
 * tRPC batch's answers with batchOf.
 */
export type WireBody = {
  code: string;
  reason?: string;
  message: string;
  issues: WireIssue[];
  items: { id: number; [field: string]: unknown }[];
  nextCursor: number | null;
  result: { data: { items: unknown[] } };
  error: {
    message: string;
    data: {
      code: string;
      httpStatus: number;
      retryAfterSeconds?: number;
      [field: string]: unknown;
    };
  };
  ok: boolean;
  database: string;
  [field: string]: unknown;
};

export type Answer = {
  status: number;
  headers: Headers;
  /** The parsed JSON body; undefined when it was not JSON (see text), and reading it then throws. */
  body: WireBody;
  text: string;
};

/** The id a create or a conversion answered; anything else fails the test, with the answer. */
export function idOf(answer: Answer): number {
  const body: unknown = answer.body;
  if (typeof body !== "number")
    throw new Error(`expected an id, got ${answer.status} ${answer.text}`);
  return body;
}

/** The answers of a tRPC batch, one per call; anything else fails the test, with the answer. */
export function batchOf(answer: Answer): Partial<WireBody>[] {
  const body: unknown = answer.body;
  if (!Array.isArray(body))
    throw new Error(`expected a batch, got ${answer.status} ${answer.text}`);
  return body;
}

/** A failed connection (server down, reset mid-request): the outcome of the call is unknown. */
export type NoAnswer = { status: 0; error: string };

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: {
    key?: string;
    body?: unknown;
    rawBody?: BodyInit;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? CALL_TIMEOUT_MS),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as WireBody, text };
}

/** Like call(), but a connection failure is an answer of status 0 instead of a throw. */
export async function tryCall(...args: Parameters<typeof call>): Promise<Answer | NoAnswer> {
  try {
    return await call(...args);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if ((error as Error).name === "TimeoutError")
      throw new Error(`${args[1]} ${args[2]} hung for ${CALL_TIMEOUT_MS} ms`);
    return { status: 0, error: cause?.code ?? (error as Error).message };
  }
}

/** A tRPC call over HTTP (queries sent as POST with method override, as the operator UI does). */
export function trpc(
  baseUrl: string,
  key: string,
  procedure: string,
  input: unknown,
  kind: "query" | "mutation" = "query",
) {
  return call(baseUrl, "POST", `/api/trpc/${procedure}`, {
    key,
    body: input,
    headers: kind === "query" ? { "x-trpc-method-override": "query" } : {},
  });
}

/** Opens the server's database from the test process; the embedded one only while no server runs. */
export function openServerDatabase(env: Record<string, string>): Promise<Database> {
  return env.DATABASE_URL
    ? openDatabase({ url: env.DATABASE_URL })
    : openDatabase({ url: "", dataDir: env.LEADCORE_DATA_DIR! });
}

/** Partner keys (named) and one service key, made in the server's database. */
export async function makeKeys(
  env: Record<string, string>,
  partners: string[],
): Promise<{ partner: Record<string, string>; service: string }> {
  const db = await openServerDatabase(env);
  try {
    const partner: Record<string, string> = {};
    for (const name of partners) partner[name] = (await createPartnerWithKey(db.prisma, name)).key;
    const service = (await createServiceKey(db.prisma, "faults-service")).key;
    return { partner, service };
  } finally {
    await db.close();
  }
}

const LAST = [
  "Иванов",
  "Петров",
  "Смирнов",
  "Кузнецов",
  "Соколов",
  "Попов",
  "Лебедев",
  "Козлов",
  "Новиков",
  "Морозов",
];
const FIRST = [
  "Иван",
  "Пётр",
  "Алексей",
  "Сергей",
  "Дмитрий",
  "Андрей",
  "Михаил",
  "Николай",
  "Фёдор",
  "Артём",
];

export type Person = {
  lastName: string;
  firstName: string;
  patronymic: string;
  passport: { seria: string; no: string };
};

/** The n-th made-up person: names repeat, passports never do. */
export function person(n: number): Person {
  return {
    lastName: LAST[n % LAST.length]!,
    firstName: FIRST[Math.floor(n / LAST.length) % FIRST.length]!,
    patronymic: "Семёнович",
    passport: {
      seria: String(4500 + (n % 100)).padStart(4, "0"),
      no: String(100000 + n).padStart(6, "0"),
    },
  };
}

/**
 * The same person as another channel would type them: other case, extra spaces, ё as е, the
 * passport series with a space. All of these must match the same client.
 */
export function spelledDifferently(p: Person, variant: number): Person {
  switch (variant % 4) {
    case 0:
      return p;
    case 1:
      return { ...p, lastName: p.lastName.toUpperCase(), firstName: ` ${p.firstName} ` };
    case 2:
      return {
        ...p,
        patronymic: p.patronymic.replace(/ё/g, "е"),
        passport: {
          ...p.passport,
          seria: `${p.passport.seria.slice(0, 2)} ${p.passport.seria.slice(2)}`,
        },
      };
    default:
      return {
        ...p,
        lastName: `  ${p.lastName.toLowerCase()}`,
        firstName: p.firstName.replace(/ё/g, "е"),
      };
  }
}

let phone = 0;
/** A convertible lead of that person. */
export function leadOf(
  p: Person,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  phone += 1;
  return {
    ...p,
    mobilePhone: `+7926${String(1_000_000 + (phone % 8_000_000)).padStart(7, "0")}`,
    amount: 10_000 + (phone % 90) * 1000,
    period: 12,
    periodUnit: "MONTHS",
    channel: "SITE",
    ...overrides,
  };
}

/** Runs `tasks` with at most `concurrency` at a time; resolves when all are done. */
export async function pool<T>(
  items: T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** Rows of one SQL statement on its own connection: what PostgreSQL itself holds, behind the server's back. */
export async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
