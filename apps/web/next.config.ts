import type { NextConfig } from "next";

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
  ],
};

export default config;
