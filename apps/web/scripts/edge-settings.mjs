// The HTTP edge's settings (scripts/server.mjs), read and validated with zod before Next.js starts;
// the app's and the packages' settings are checked next, by lib/settings.ts from instrumentation.ts.
// Plain JavaScript, as the scripts are: they run on Node without TypeScript.
//
//   PORT                  the port to listen on, 0-65535; default 3000 (0: any free port)
//   HOST                  the interface to listen on; unset: every interface
//   LEADCORE_TRUST_PROXY  1/true/yes: the caller's address is the last X-Forwarded-For entry;
//                         unset or 0/false/no/off: the socket's address
import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

const schema = z.object({
  PORT: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const port = Number(value || "3000");
      if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
      ctx.addIssue({
        code: "custom",
        message: `PORT must be a port number (0-65535); got "${value}".`,
      });
      return z.NEVER;
    }),
  HOST: optionalText,
  LEADCORE_TRUST_PROXY: optionalText.transform((value, ctx) => {
    if (value === undefined || /^(0|false|no|off)$/i.test(value)) return false;
    if (/^(1|true|yes)$/i.test(value)) return true;
    ctx.addIssue({
      code: "custom",
      message: `LEADCORE_TRUST_PROXY must be 1 (trust the proxy's X-Forwarded-For) or 0; got "${value}".`,
    });
    return z.NEVER;
  }),
});

/**
 * The edge's settings in `env`: `{ port, host, trustProxy }` (host undefined: every interface).
 * On a bad value, says which and stops the process (exit 2).
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ port: number, host: string | undefined, trustProxy: boolean }}
 */
export function edgeSettings(env = process.env) {
  const result = schema.safeParse(env);
  if (result.success) {
    const { PORT: port, HOST: host, LEADCORE_TRUST_PROXY: trustProxy } = result.data;
    return { port, host, trustProxy };
  }
  console.error(`LeadCore: ${result.error.issues[0]?.message ?? "bad setting"}`);
  process.exit(2);
}
