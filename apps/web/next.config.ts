import type { NextConfig } from "next";

// Security headers. Pages get a Content Security Policy that allows only this origin: no CDN, no
// eval, no plugins, no <base> tricks, no framing (clickjacking), forms post only to us.
//
// Scripts: Next.js's App Router puts each page's React Server Component payload in inline
// <script> tags (self.__next_f.push(...)) that hydration needs; their content differs per page
// and per request, so `script-src 'self'` alone blocks hydration and a list of hashes cannot be
// known in advance. The only way around 'unsafe-inline' is a per-request nonce set by a proxy
// (proxy.ts), on dynamically rendered pages only. Until the UI goes that way, inline scripts are
// allowed; everything else stays strict (test/security-headers.test.ts checks every page in
// Chromium). Styles: Next emits <link> stylesheets only, so no inline style is allowed; a page that
// needs `style="..."` attributes can add "style-src-attr 'unsafe-inline'".
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

// The API reference (/api/docs, Swagger UI from our own files): no inline script at all, inline
// styles for Swagger UI's layout.
const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

// JSON answers never render: nothing may load or run in them, and nothing may frame them.
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const COMMON_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Lead and client ids travel in operator URLs: never tell another site where the operator was.
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "X-Frame-Options", value: "DENY" }, // frame-ancestors for browsers that predate CSP 2
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
  },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

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
