// One measured run: autocannon keeps `connections` keep-alive connections busy for `duration`
// seconds; every request is built by `next()` (its own lead id, its own body).
import autocannon from "autocannon";

export type RequestSpec = { method: "PUT" | "POST"; path: string; body: string };

export type RunOptions = {
  /** http://127.0.0.1:port, no trailing slash. */
  origin: string;
  token: string;
  connections: number;
  /** Seconds. */
  duration: number;
  /** The next request, or null when the run has used up its leads (the run then stops early). */
  next: () => RequestSpec | null;
  /** Served while a run that ran out of leads winds down; its answers are not counted. */
  idlePath: string;
};

export type RunResult = {
  /** Completed requests per second (all statuses; non2xx says how many failed). */
  rps: number;
  /** Latency percentiles of completed requests, ms. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Seconds actually measured. */
  duration: number;
  statusCodes: Record<string, number>;
  /** True when the run ran out of prepared leads before its time was up (it is then rerun). */
  exhausted: boolean;
};

export async function runLoad(options: RunOptions): Promise<RunResult> {
  let exhausted = false;
  let instance: autocannon.Instance | undefined;
  const headers = { "content-type": "application/json", authorization: `Bearer ${options.token}` };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: options.duration,
        timeout: 60,
        requests: [
          {
            setupRequest: (request) => {
              const spec = exhausted ? null : options.next();
              if (!spec) {
                if (!exhausted) {
                  exhausted = true;
                  instance?.stop();
                }
                return {
                  ...request,
                  method: "GET",
                  path: options.idlePath,
                  headers,
                  body: undefined,
                };
              }
              return { ...request, method: spec.method, path: spec.path, body: spec.body, headers };
            },
          },
        ],
      },
      (error, value) => (error ? reject(error) : resolve(value)),
    );
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [
      code,
      (stat as { count: number }).count,
    ]),
  );
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    duration: result.duration,
    statusCodes,
    exhausted,
  };
}
