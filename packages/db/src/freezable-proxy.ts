// A TCP proxy the test controls, between a server under test and PostgreSQL. `freeze()` stops
// every byte in both directions while keeping every socket open, as a proxy under SIGSTOP does (the
// kernel still accepts new connections; nothing is read, nothing is answered, nothing is closed);
// `thaw()` lets everything through again, in order. Pausing a socket stops reading it, so
// what was sent meanwhile waits in the kernel's buffers exactly as it would for a stopped process.
import { connect, createServer, type Server, type Socket } from "node:net";

export type FreezableProxy = {
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  freeze(): void;
  thaw(): void;
  /**
   * Lets through the first client chunk holding `marker` (e.g. a COMMIT, which PostgreSQL then
   * executes), then freezes before any answer gets back. Resolves once that happened.
   */
  freezeAfterClientSends(marker: string): Promise<void>;
  /** Connections accepted so far (a frozen proxy accepts them too). */
  readonly accepted: number;
  close(): Promise<void>;
};

export async function startFreezableProxy(target: {
  host: string;
  port: number;
}): Promise<FreezableProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  let accepted = 0;
  let armed: { marker: Buffer; fired: () => void } | undefined;

  const freeze = () => {
    frozen = true;
    for (const socket of sockets) socket.pause();
  };
  const thaw = () => {
    frozen = false;
    for (const socket of sockets) socket.resume();
  };

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    // A reset on one side is passed on as a close of the other (below); it is not the test's failure.
    socket.on("error", () => undefined);
    if (frozen) socket.pause();
  };

  const server: Server = createServer((client) => {
    accepted += 1;
    track(client);
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      if (armed && chunk.includes(armed.marker)) {
        const { fired } = armed;
        armed = undefined;
        freeze();
        fired();
      }
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    // An end or close is only seen when a socket is read, so a frozen proxy passes none on either.
    client.once("end", () => upstream.end());
    upstream.once("end", () => client.end());
    client.once("close", () => upstream.destroy());
    upstream.once("close", () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    urlFor(url) {
      const parsed = new URL(url);
      parsed.hostname = "127.0.0.1";
      parsed.port = String(port);
      return parsed.toString();
    },
    freeze,
    thaw,
    freezeAfterClientSends(marker) {
      return new Promise<void>((fired) => {
        armed = { marker: Buffer.from(marker), fired };
      });
    },
    get accepted() {
      return accepted;
    },
    async close() {
      armed = undefined;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
