// The hot path's statements straight to the driver: the pg pool under @prisma/adapter-pg on
// PostgreSQL, PGlite's own query method on the embedded database. `pnpm bench --profile` showed
// Prisma's handling of a raw statement (its query plan, argument and result mapping, tracing
// hooks) at about a tenth of a lead update's CPU, for the four statements that are plain SQL
// already (the key, the lead's version, the stop-list gate, the write with its audit event). The
// same statements keep running through Prisma wherever they are part of a Prisma transaction.
//
// One interface, RawSql: the `$queryRaw` of a PrismaClient (or a transaction's), so a domain
// function takes either. What this adds over Prisma:
// - each statement is prepared once per connection on PostgreSQL (a named statement, by its
//   text), so the server does not parse and plan the same UPDATE on every request;
// - values come back as Prisma returns them: int8 as bigint, timestamps as UTC Dates, json parsed.
import { createHash } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { Prisma } from "./generated/prisma/client.ts";

/** A `$queryRaw` tagged template (or a Prisma.sql fragment), as PrismaClient has it. */
export type RawSql = {
  $queryRaw<T = unknown>(
    query: TemplateStringsArray | Prisma.Sql,
    ...values: unknown[]
  ): PromiseLike<T>;
};

// The types whose parsing differs from the drivers' defaults (int8 would be a string, a timestamp
// local time); every other type (json, bool, float8, text, timestamptz) is parsed as they do.
const INT8 = 20;
const TIMESTAMP = 1114;
// Prisma's DateTime columns are `timestamp(3)` without a time zone, holding UTC.
const utc = (text: string) => new Date(`${text.replace(" ", "T")}Z`);

function statementOf(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql {
  return query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
}

/** RawSql on a pg pool: named statements, Prisma's value types. */
export function rawSqlOnPool(pool: pg.Pool): RawSql {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (name === undefined) {
      name = `leadcore_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
      // The texts are the code's own (values are parameters), so the map stays small.
      names.set(text, name);
    }
    return name;
  };
  const types = {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === INT8) return (text: string) => BigInt(text);
      if (oid === TIMESTAMP) return utc;
      return pg.types.getTypeParser(oid, format as "text");
    },
  };
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const statement = statementOf(query, values);
      const result = await pool.query({
        name: nameOf(statement.text),
        text: statement.text,
        values: statement.values,
        types,
      });
      return result.rows as T;
    },
  };
}

/** RawSql on PGlite: its own query method, Prisma's value types. */
export function rawSqlOnPglite(pglite: PGlite): RawSql {
  const parsers = { [INT8]: (text: string) => BigInt(text), [TIMESTAMP]: utc };
  return {
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const statement = statementOf(query, values);
      const params = statement.values.map((value) =>
        typeof value === "bigint" ? value.toString() : value,
      );
      const result = await pglite.query(statement.text, params, { parsers });
      return result.rows as T;
    },
  };
}
