// Lints the partner API's OpenAPI document as it is generated now (openApiDocument(), the same one
// /api/openapi.json serves) with Stoplight Spectral and the ruleset beside this package
// (.spectral.yaml: spectral:oas and the OWASP API Security ruleset). Any error fails.
// `pnpm lint:openapi` runs it; test/openapi-lint.test.ts runs it in `pnpm test`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openApiDocument } from "../src/openapi.ts";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const RULESET = join(packageRoot, ".spectral.yaml");

export type SpectralFinding = { code: string; message: string; path: string[]; severity: number };
export type LintResult = { exitCode: number; findings: SpectralFinding[]; stderr: string };

/** Severity as Spectral numbers it (0 error, 1 warning, 2 info, 3 hint). */
export const SEVERITY_NAMES = ["error", "warning", "info", "hint"] as const;

/** Lints `document` (the generated one unless told otherwise) with the package's ruleset. */
export function lintOpenApi(document: object = openApiDocument()): LintResult {
  const folder = mkdtempSync(join(tmpdir(), "leadcore-openapi-"));
  try {
    const documentFile = join(folder, "openapi.json");
    const reportFile = join(folder, "spectral.json");
    writeFileSync(documentFile, JSON.stringify(document, null, 2));
    // The CLI, run by the project's Node.js; the ruleset's `extends` resolve from this package's
    // node_modules, so nothing is fetched.
    const cli = createRequire(join(packageRoot, "package.json")).resolve(
      "@stoplight/spectral-cli/dist/index.js",
    );
    const run = spawnSync(
      process.execPath,
      [
        cli,
        "lint",
        documentFile,
        "--ruleset",
        RULESET,
        "--fail-severity",
        "error",
        "--format",
        "json",
        "--output",
        reportFile,
        "--quiet",
      ],
      { cwd: packageRoot, encoding: "utf8" },
    );
    if (run.error) throw run.error;
    let findings: SpectralFinding[];
    try {
      findings = JSON.parse(readFileSync(reportFile, "utf8")) as SpectralFinding[];
    } catch {
      // No report: Spectral itself failed (a broken ruleset, a document it cannot read).
      throw new Error(
        `Spectral did not lint the document (exit ${run.status}): ${run.stderr || run.stdout}`,
      );
    }
    return { exitCode: run.status ?? 1, findings, stderr: run.stderr };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export function describeFinding(finding: SpectralFinding): string {
  return `${SEVERITY_NAMES[finding.severity] ?? finding.severity} ${finding.code} at ${finding.path.join(".") || "(document)"}: ${finding.message}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { exitCode, findings } = lintOpenApi();
  for (const finding of findings) console.log(describeFinding(finding));
  const errors = findings.filter((finding) => finding.severity === 0).length;
  console.log(
    `Spectral: ${errors} errors, ${findings.length - errors} other findings (${RULESET})`,
  );
  process.exit(errors > 0 ? 1 : exitCode);
}
