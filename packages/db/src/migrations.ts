// Migrations without the Prisma CLI's native schema engine (it cannot be downloaded on our
// machines): Prisma's own schema engine compiled to WebAssembly, talking to the database
// through the same driver adapter the app uses. `applyMigrations` is `prisma migrate deploy`
// (history in `_prisma_migrations`, compatible with the normal CLI); `diffSchemaAgainstMigrations`
// is `prisma migrate dev --create-only`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { dbPackageDir, migrationsDir, schemaPath } from "./paths.ts";
import { PGLITE_EXTENSIONS } from "./pglite-extensions.ts";

const NO_FILTERS = { externalTables: [], externalEnums: [] };
const LOCKFILE_NAME = "migration_lock.toml";

type SchemaEngineClass = typeof SchemaEngine;
let engineClass: Promise<SchemaEngineClass> | undefined;

async function loadSchemaEngine(): Promise<SchemaEngineClass> {
  // Resolved from the db package's own package.json: a bundler rewrites `import.meta.url`.
  const require = createRequire(join(dbPackageDir(), "package.json"));
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue = await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ gluePath);
  const bytes = readFileSync(
    /* turbopackIgnore: true */ join(dirname(gluePath), "schema_engine_bg.wasm"),
  );
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    "./schema_engine_bg.js": unrefTimers(glue),
  });
  // The engine reports Rust panics through this global before it throws.
  const registry = globalThis as {
    PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void };
  };
  registry.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: () => undefined };
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return glue.SchemaEngine as SchemaEngineClass;
}

// The engine arms ~10 s timers (connection idle timeouts) that outlive `free()` and would keep a
// finished CLI command alive; unref'd, they no longer hold the process open.
function unrefTimers(glue: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const imports: WebAssembly.ModuleImports = { ...glue };
  for (const [name, fn] of Object.entries(glue)) {
    if (name.startsWith("__wbg_setTimeout_") && typeof fn === "function") {
      imports[name] = (...args: unknown[]) => {
        const timer = (fn as (...a: unknown[]) => { unref?: () => void })(...args);
        timer.unref?.();
        return timer;
      };
    }
  }
  return imports;
}

async function withEngine<T>(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  engineClass ??= loadSchemaEngine();
  const Engine = await engineClass;
  const schema = readFileSync(/* turbopackIgnore: true */ schemaPath(), "utf8");
  const connections = trackConnections(adapterFactory);
  const engine = await Engine.new(
    { datamodels: [[schemaPath(), schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(connections.factory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await connections.disposeAll();
  }
}

// `free()` does not close the connections the engine opened. On PostgreSQL one of them holds
// Prisma's migration advisory lock until the pool's 10 s idle timeout, so the next migration
// run (another app instance, `pnpm db:migrate`) would wait; close them ourselves.
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const remember = async (connection: Promise<SqlDriverAdapter>) => {
    const adapter = await connection;
    opened.push(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => remember(factory.connect()),
    connectToShadowDb: () => remember(factory.connectToShadowDb()),
  };
  return {
    factory: tracked,
    disposeAll: async () => {
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}

/** The committed migrations, read from prisma/migrations. */
export function readMigrations(dir: string = migrationsDir()): MigrationList {
  const lockPath = join(dir, LOCKFILE_NAME);
  const names = existsSync(dir)
    ? readdirSync(/* turbopackIgnore: true */ dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir: dir,
    lockfile: {
      path: LOCKFILE_NAME,
      content: existsSync(lockPath)
        ? readFileSync(/* turbopackIgnore: true */ lockPath, "utf8")
        : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: {
          tag: "ok",
          value: readFileSync(/* turbopackIgnore: true */ join(dir, name, "migration.sql"), "utf8"),
        },
      },
    })),
  };
}

/** Applies every committed migration the database has not seen yet; returns their names. */
export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  return withEngine(adapterFactory, async (engine) => {
    const result = await engine.applyMigrations({
      migrationsList: readMigrations(),
      filters: NO_FILTERS,
    });
    return result.appliedMigrationNames;
  });
}

/**
 * The SQL that takes a database built from the committed migrations to prisma/schema.prisma,
 * or null when they already agree. The migrations are replayed into a throwaway in-memory
 * PGlite (the shadow database), so no real database is touched.
 */
export async function diffSchemaAgainstMigrations(): Promise<string | null> {
  const shadowHost = new PGlite({ extensions: PGLITE_EXTENSIONS });
  try {
    return await withEngine(
      withExtensionsInShadow(new PrismaPGlite(shadowHost)),
      async (engine) => {
        const migrations = readMigrations();
        const schema = readFileSync(schemaPath(), "utf8");
        const result = await engine.diff({
          from:
            migrations.migrationDirectories.length > 0
              ? { tag: "migrations", ...migrations }
              : { tag: "empty" },
          to: { tag: "schemaDatamodel", files: [{ path: schemaPath(), content: schema }] },
          script: true,
          exitCode: true,
          filters: NO_FILTERS,
        });
        return result.exitCode === 2 && result.stdout ? result.stdout : null;
      },
    );
  } finally {
    await shadowHost.close();
  }
}

/**
 * The PGlite adapter's own shadow database is a bare PGlite, in which the migrations'
 * CREATE EXTENSION fails: the engine gets one with LeadCore's extensions loaded instead.
 */
function withExtensionsInShadow(factory: PrismaPGlite): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => factory.connect(),
    connectToShadowDb: () =>
      new PrismaPGlite(new PGlite({ extensions: PGLITE_EXTENSIONS })).connect(),
  };
}
