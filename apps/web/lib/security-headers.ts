// The security headers of every answer, defined once: next.config.ts hands them to Next.js for the
// pages and whatever Next serves, and the API host (lib/api-host.ts) writes the same ones on the
// API's answers it serves in front of Next. test/security-headers.test.ts checks both.

// Pages get a Content Security Policy that allows only this origin: no CDN, no eval, no plugins,
// no <base> tricks, no framing (clickjacking), forms post only to us.
//
// Scripts: Next.js's App Router puts each page's React Server Component payload in inline
// <script> tags (self.__next_f.push(...)) that hydration needs; their content differs per page
// and per request, so `script-src 'self'` alone blocks hydration and a list of hashes cannot be
// known in advance. The only way around 'unsafe-inline' is a per-request nonce set by a proxy
// (proxy.ts), on dynamically rendered pages only. Until the UI goes that way, inline scripts are
// allowed; everything else stays strict (test/security-headers.test.ts checks every page in
// Chromium). Styles: Next emits <link> stylesheets only, so no inline style is allowed; a page that
// needs `style="..."` attributes can add "style-src-attr 'unsafe-inline'".
export const PAGE_CSP = [
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
export const DOCS_CSP = [
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
export const API_CSP =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const COMMON_HEADERS: { key: string; value: string }[] = [
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
