// Where the sign-in page may send an operator afterwards: only a page of this site. The value
// comes from the URL (`/signin?next=...`), so anyone can craft it: it is resolved as a browser
// would resolve it and kept only when it stays on this origin. Browsers drop tabs and newlines
// inside URLs (`/\t/evil.example` becomes `//evil.example`, another host), so a control character
// anywhere refuses it, and so does a backslash (read as `/`), and so does a result that starts
// with `//`.
// The start page, which sends each operator to their own landing page (app/page.tsx).
const HOME = "/";
const BASE = "http://leadcore.invalid";

export function safeNextPath(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!value?.startsWith("/") || /[\u0000-\u001f\u007f\\]/.test(value)) return HOME;
  let resolved: URL;
  try {
    resolved = new URL(value, BASE);
  } catch {
    return HOME;
  }
  // `/..//evil.example` resolves on this origin to the path `//evil.example`, which a browser
  // would read again as another host.
  if (resolved.origin !== BASE || resolved.pathname.startsWith("//")) return HOME;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
