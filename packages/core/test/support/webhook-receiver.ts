// A real webhook receiver for the tests: a node:http server on 127.0.0.1 that records every
// request (headers and body) and answers by a script the test sets: a status per request, or a
// hang (the request stays open until the test releases it or the server closes).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: IncomingHttpHeaders; body: string; at: number };
export type Answer = number | "hang";

export type Receiver = {
  url: string;
  received: Received[];
  /** Answers for the next requests, in order; after them every request gets `then`. */
  script(answers: Answer[], then?: Answer): void;
  /** Resolves when `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  /** Answers every hanging request with this status. */
  release(status?: number): void;
  close(): Promise<void>;
};

export async function startReceiver(path = "/hooks"): Promise<Receiver> {
  const received: Received[] = [];
  let answers: Answer[] = [];
  let fallback: Answer = 200;
  const hanging: ServerResponse[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      });
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
      const answer = answers.shift() ?? fallback;
      if (answer === "hang") {
        hanging.push(response);
        return;
      }
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const release = (status = 200) => {
    for (const response of hanging.splice(0)) response.writeHead(status).end();
  };
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    script(next, then = 200) {
      answers = [...next];
      fallback = then;
    },
    waitFor(count, timeoutMs = 20_000) {
      if (received.length >= count) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`receiver got ${received.length} of ${count} requests`)),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received);
          },
        });
      });
    },
    release,
    async close() {
      release(503);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
