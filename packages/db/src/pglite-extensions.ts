// The PostgreSQL extensions LeadCore's migrations create (pg_trgm, fuzzystrmatch: duplicate
// suspicion's name comparisons). PostgreSQL has them on disk; PGlite ships them as modules that
// must be handed to every instance before a migration can CREATE EXTENSION them.
import type { PGliteOptions } from "@electric-sql/pglite";
import { fuzzystrmatch } from "@electric-sql/pglite/contrib/fuzzystrmatch";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

export const PGLITE_EXTENSIONS = { pg_trgm, fuzzystrmatch } satisfies PGliteOptions["extensions"];
