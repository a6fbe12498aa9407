import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { repoRoot } from "@leadcore/db";

const INIT = `window.ui = SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

// Only these files, by name: the route never turns a request into an arbitrary path.
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

// Resolved from the app's own package.json: Turbopack rewrites require.resolve of this module.
function swaggerUiDir(): string {
  const require = createRequire(join(repoRoot(), "apps", "web", "package.json"));
  return dirname(require.resolve("swagger-ui-dist/package.json"));
}

export async function GET(
  _req: Request,
  { params }: { params: Promise<{ asset: string }> },
): Promise<Response> {
  const { asset } = await params;
  if (asset === "init.js") {
    return new Response(INIT, { headers: { "content-type": "text/javascript; charset=utf-8" } });
  }
  // Own keys only: "constructor" or "__proto__" must not find Object.prototype's members.
  const type = Object.hasOwn(ASSETS, asset) ? ASSETS[asset] : undefined;
  if (!type)
    return Response.json({ code: "NOT_FOUND", message: "Not found", issues: [] }, { status: 404 });
  const body = await readFile(/* turbopackIgnore: true */ join(swaggerUiDir(), asset));
  return new Response(body, {
    headers: { "content-type": type, "cache-control": "public, max-age=86400" },
  });
}
