import type { NextConfig } from "next";
import { API_CSP, COMMON_HEADERS, DOCS_CSP, PAGE_CSP } from "./lib/security-headers.ts";

// Security headers (lib/security-headers.ts, shared with the API host in front of Next).
const config: NextConfig = {
  poweredByHeader: false,
  // The workspace packages are TypeScript source (exports point at src/*.ts, imports end in .ts).
  transpilePackages: ["@leadcore/api", "@leadcore/core", "@leadcore/db", "@leadcore/schema"],
  // Loaded by Node at runtime instead of bundled: PGlite and the schema engine read their .wasm
  // and data files from their own package folders, and Prisma's runtime and pg expect to run as
  // plain Node modules. Each must be a direct dependency of this app so Node resolves it from here.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/client",
    "@prisma/adapter-pg",
    "@prisma/schema-engine-wasm",
    "pg",
    "pg-boss",
  ],
  // The three path sets below do not overlap, so each response gets exactly one policy.
  async headers() {
    return [
      { source: "/:path*", headers: COMMON_HEADERS },
      { source: "/((?!api/).*)", headers: [{ key: "Content-Security-Policy", value: PAGE_CSP }] },
      {
        source: "/api/docs/:path*",
        headers: [{ key: "Content-Security-Policy", value: DOCS_CSP }],
      },
      {
        source: "/api/((?!docs$|docs/).*)",
        headers: [{ key: "Content-Security-Policy", value: API_CSP }],
      },
    ];
  },
};

export default config;
