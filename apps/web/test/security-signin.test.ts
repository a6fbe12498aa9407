// Sign-in and API keys under attack, through the real production server: every limit is counted
// before the slow hash, atomically, so parallel and batched guesses get no more tries than
// sequential ones; a flood of sign-ins without any key cannot stall partner calls; the address
// that counts is the socket's, not a header the caller makes up; bad API keys are throttled per
// address; the sign-in page never sends an operator to another site.
import { connect } from "node:net";
import { createOperator } from "@leadcore/core";
import { testDatabaseKinds, warnIfPostgresUntested } from "@leadcore/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchOf, call, makeKeys, openServerDatabase } from "./faults-support.ts";
import { createServerDatabase, type ServerDatabase } from "./server-databases.ts";
import { type RunningServer, startServer } from "./server-harness.ts";

warnIfPostgresUntested();

const PASSWORD = "Верный-пароль-1";

type Setup = {
  database: ServerDatabase;
  server: RunningServer;
  keys: Awaited<ReturnType<typeof makeKeys>>;
};

async function setUp(
  kind: "embedded" | "postgresql",
  env: Record<string, string>,
  operators: string[] = [],
): Promise<Setup> {
  const database = await createServerDatabase(kind);
  const keys = await makeKeys(database.env, ["Партнёр"]);
  if (operators.length > 0) {
    const db = await openServerDatabase(database.env);
    for (const login of operators)
      await createOperator(db.prisma, { login, password: PASSWORD, role: "operator" });
    await db.close();
  }
  const server = await startServer({
    env: { ...database.env, LEADCORE_RATE_LIMIT: "off", ...env },
  });
  return { database, server, keys };
}

async function tearDown(setup: Setup | undefined) {
  await setup?.server.stop();
  await setup?.database.dispose();
}

const signInBody = (login: string, password: string) => ({ login, password });

function signInOnce(
  url: string,
  login: string,
  password: string,
  headers: Record<string, string> = {},
) {
  return call(url, "POST", "/api/trpc/auth.signIn", { body: signInBody(login, password), headers });
}

/** One HTTP request carrying a tRPC batch of sign-ins, as httpBatchLink sends them. */
async function signInBatch(url: string, attempts: { login: string; password: string }[]) {
  const paths = attempts.map(() => "auth.signIn").join(",");
  const body = Object.fromEntries(attempts.map((attempt, i) => [i, attempt]));
  return call(url, "POST", `/api/trpc/${paths}?batch=1`, { body });
}

describe.each(testDatabaseKinds())("sign-in limits through the server on %s", (kind) => {
  let setup: Setup | undefined;
  const url = () => setup!.server.url;

  beforeAll(async () => {
    // Hashing slots and the address budget out of the way: this block proves the per-login count.
    setup = await setUp(
      kind,
      {
        LEADCORE_SIGNIN_CONCURRENCY: "64",
        LEADCORE_SIGNIN_LIMIT_PER_ADDRESS: "1000/60",
        LEADCORE_SIGNIN_LIMIT: "1000/60",
      },
      ["parallel", "batched", "locked", "sequential", "bigbatch"],
    );
  });
  afterAll(() => tearDown(setup));

  it("40 parallel wrong guesses for one login get exactly 5 hashes (401) and 35 refusals (429), then the right password is refused too", async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => signInOnce(url(), "parallel", `guess-${i}`)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
    const refused = answers.find((answer) => answer.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.body.error.data).toMatchObject({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });

    const right = await signInOnce(url(), "parallel", PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
  });

  it("a batch of guesses with the right password last gets no more than 5 tries between them", async () => {
    const attempts = [
      ...Array.from({ length: 9 }, (_, i) => ({ login: "batched", password: `guess-${i}` })),
      { login: "batched", password: PASSWORD },
    ];
    const answer = await signInBatch(url(), attempts);
    const codes = batchOf(answer).map((item) => item.error?.data.code ?? "OK");
    expect(codes).toHaveLength(10);
    // The calls of a batch run at once, in no fixed order: every one that reached the hash
    // answered UNAUTHORIZED or signed in, and no more than 5 did. (The right password may be among
    // those 5: that is within the login's 5 tries, and it clears the count.)
    expect(codes.filter((code) => code !== "TOO_MANY_REQUESTS").length).toBeLessThanOrEqual(5);
    expect(codes.filter((code) => code === "TOO_MANY_REQUESTS").length).toBeGreaterThanOrEqual(5);
  });

  it("a batch of wrong guesses uses up the login's tries: the right password alone is refused after it", async () => {
    const attempts = Array.from({ length: 10 }, (_, i) => ({
      login: "locked",
      password: `guess-${i}`,
    }));
    const codes = batchOf(await signInBatch(url(), attempts)).map((item) => item.error?.data.code);
    expect(codes.filter((code) => code === "UNAUTHORIZED")).toHaveLength(5);
    expect(codes.filter((code) => code === "TOO_MANY_REQUESTS")).toHaveLength(5);
    const right = await signInOnce(url(), "locked", PASSWORD);
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
  });

  it("a batch larger than 10 calls is refused whole, before any call runs, and counts nothing", async () => {
    const attempts = Array.from({ length: 30 }, (_, i) => ({
      login: "bigbatch",
      password: i === 29 ? PASSWORD : `guess-${i}`,
    }));
    const answer = await signInBatch(url(), attempts);
    expect(answer.status).toBe(400);
    expect(answer.text).not.toContain("guess-");
    expect(answer.headers.get("set-cookie")).toBeNull();
    // Nothing was counted against the login: five wrong guesses later, the right one still signs in.
    for (let i = 0; i < 4; i++)
      expect((await signInOnce(url(), "bigbatch", `wrong-${i}`)).status).toBe(401);
    expect((await signInOnce(url(), "bigbatch", PASSWORD)).status).toBe(200);
  });

  it("a correct password clears the count: wrong, wrong, right, then five more tries before the lock", async () => {
    expect((await signInOnce(url(), "sequential", "wrong-1")).status).toBe(401);
    expect((await signInOnce(url(), "sequential", "wrong-2")).status).toBe(401);
    expect((await signInOnce(url(), "sequential", PASSWORD)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await signInOnce(url(), "sequential", `again-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("the count lives in the database: a second server on it sees the lock (PostgreSQL only: the embedded one is one process's)", async () => {
    if (kind !== "postgresql") return;
    const second = await startServer({
      env: { ...setup!.database.env, LEADCORE_RATE_LIMIT: "off" },
    });
    try {
      expect((await signInOnce(second.url, "parallel", PASSWORD)).status).toBe(429);
    } finally {
      await second.stop();
    }
  });
});

describe.each(testDatabaseKinds())(
  "budgets per address, globally, and for hashing on %s",
  (kind) => {
    let setup: Setup | undefined;
    const url = () => setup!.server.url;

    beforeAll(async () => {
      setup = await setUp(
        kind,
        {
          LEADCORE_SIGNIN_LIMIT_PER_ADDRESS: "6/3600",
          LEADCORE_SIGNIN_LIMIT: "1000/60",
          LEADCORE_FAILED_KEY_LIMIT: "5/3600",
        },
        ["budget"],
      );
    });
    afterAll(() => tearDown(setup));

    it("an address gets its budget of attempts across all logins, and a made-up forwarding header does not buy more", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const spoofed = {
          "x-forwarded-for": `203.0.113.${i}`,
          "x-leadcore-client-address": `198.51.100.${i}`,
          "x-real-ip": `192.0.2.${i}`,
        };
        statuses.push((await signInOnce(url(), `nobody-${i}`, "guess", spoofed)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
      // The budget is the address's: a real operator from it waits too (the log-in page says so in Russian).
      expect((await signInOnce(url(), "budget", PASSWORD)).status).toBe(429);
    });

    it("made-up API keys from one address are refused with 429 before any lookup once past the limit", async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++)
        statuses.push(
          (await call(url(), "GET", "/api/v1/leads", { key: `lck_made-up-${i}` })).status,
        );
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const refused = await call(url(), "GET", "/api/v1/leads", { key: "lck_made-up-again" });
      expect(refused.body).toEqual({
        code: "TOO_MANY_REQUESTS",
        reason: "INVALID_API_KEY_THROTTLED",
        message: expect.any(String),
        issues: [],
      });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      // tRPC is the same edge.
      const viaTrpc = await call(url(), "POST", "/api/trpc/lead.list", {
        key: "lck_made-up-trpc",
        body: {},
        headers: { "x-trpc-method-override": "query" },
      });
      expect(viaTrpc.status).toBe(429);
    });
  },
);

describe(`the global budget and the hashing bound, on ${process.env.TEST_DATABASE_URL ? "postgresql" : "embedded"}`, () => {
  let setup: Setup | undefined;
  const url = () => setup!.server.url;

  beforeAll(async () => {
    // Behind a proxy the address is the proxy's last X-Forwarded-For entry: many addresses, one budget.
    setup = await setUp(
      process.env.TEST_DATABASE_URL ? "postgresql" : "embedded",
      {
        LEADCORE_TRUST_PROXY: "1",
        LEADCORE_SIGNIN_LIMIT_PER_ADDRESS: "1000/60",
        LEADCORE_SIGNIN_LIMIT: "8/3600",
        LEADCORE_SIGNIN_CONCURRENCY: "1",
      },
      ["flooded"],
    );
  });
  afterAll(() => tearDown(setup));

  it("at most one hash runs at a time: parallel sign-ins past the slot are refused at once with 429", async () => {
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        signInOnce(url(), `parallel-${i}`, "guess", { "x-forwarded-for": `10.0.0.${i}` }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
  });

  it("during a flood of sign-ins from many addresses, a partner's call still answers, and the flood hashes no more than the global budget", async () => {
    const partner = setup!.keys.partner["Партнёр"]!;
    let stop = false;
    const outcomes: number[] = [];
    const flood = Array.from({ length: 6 }, async (_, worker) => {
      for (let i = 0; !stop && i < 60; i++) {
        const answer = await signInOnce(url(), `flood-${worker}-${i}`, "guess", {
          "x-forwarded-for": `10.1.${worker}.${i}`,
        });
        outcomes.push(answer.status);
      }
    });
    const partnerCalls: number[] = [];
    for (let i = 0; i < 10; i++) {
      // A stalled API would trip this bound (sign-ins took partner calls to 2-16 s before).
      const answer = await call(url(), "GET", "/api/v1/leads?limit=1", {
        key: partner,
        timeoutMs: 5_000,
      });
      partnerCalls.push(answer.status);
    }
    stop = true;
    await Promise.all(flood);
    expect(partnerCalls).toEqual(Array(10).fill(200));
    // Spend what is left of the global budget of 8 from fresh addresses, one at a time.
    for (let i = 0; i < 12; i++)
      outcomes.push(
        (await signInOnce(url(), `late-${i}`, "guess", { "x-forwarded-for": `10.2.0.${i}` }))
          .status,
      );
    // Nothing beyond the budget was hashed (the slot test above took some of it)...
    expect(outcomes.filter((status) => status === 401).length).toBeLessThanOrEqual(8);
    expect(outcomes.slice(-4)).toEqual([429, 429, 429, 429]);
    // ...and it is spent for everyone: even a right password waits for the window to pass.
    expect(
      (await signInOnce(url(), "flooded", PASSWORD, { "x-forwarded-for": "10.9.9.9" })).status,
    ).toBe(429);
  });
});

describe(`where the server listens and where sign-in leads, on ${process.env.TEST_DATABASE_URL ? "postgresql" : "embedded"}`, () => {
  let setup: Setup | undefined;

  beforeAll(async () => {
    setup = await setUp(process.env.TEST_DATABASE_URL ? "postgresql" : "embedded", {}, [
      "redirected",
    ]);
  });
  afterAll(() => tearDown(setup));

  it("HOST=127.0.0.1 binds the loopback address only: [::1] on the same port is refused", async () => {
    const port = Number(new URL(setup!.server.url).port);
    expect(setup!.server.logs()).toContain("listening on 127.0.0.1");
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: "::1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(["ECONNREFUSED", "EADDRNOTAVAIL", "ENETUNREACH"]).toContain(outcome);
  });

  it("a signed-in operator sent to /signin?next=<another site> lands on the start page, whatever the spelling", async () => {
    const signedIn = await signInOnce(setup!.server.url, "redirected", PASSWORD);
    const session = /leadcore_session=([^;]+)/.exec(signedIn.headers.get("set-cookie") ?? "")![1];
    const hostile = [
      "%2F%09%2Fevil.example%2Fphish",
      "%2F%2Fevil.example",
      "%2F%5Cevil.example",
      "https%3A%2F%2Fevil.example",
      "%2F..%2F%2Fevil.example",
    ];
    for (const next of hostile) {
      const response = await fetch(`${setup!.server.url}/signin?next=${next}`, {
        headers: { cookie: `leadcore_session=${session}` },
        redirect: "manual",
      });
      expect(response.status, next).toBe(307);
      expect(response.headers.get("location"), next).toBe("/");
    }
    const own = await fetch(`${setup!.server.url}/signin?next=%2Fclients%3Fpage%3D2`, {
      headers: { cookie: `leadcore_session=${session}` },
      redirect: "manual",
    });
    expect(own.headers.get("location")).toBe("/clients?page=2");
  });
});
