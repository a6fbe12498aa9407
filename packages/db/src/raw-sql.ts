// The hot path's statements straight to the driver: the pg pool under @prisma/adapter-pg on
// PostgreSQL, PGlite's own query method on the embedded database. `pnpm bench --profile` showed
// Prisma's handling of a raw statement (its query plan, argument and result mapping, tracing
// hooks) at about a tenth of a lead update's CPU, for the four statements that are plain SQL
// already (the key, the lead's version, the stop-list gate, the write with its audit event). The
// same statements keep running through Prisma wherever they are part of a Prisma transaction.
//
// One interface, RawSql: the `$queryRaw` (and `$queryRawUnsafe`, for the job engine's own
// statements) of a PrismaClient or of one of its transactions, so a domain function takes either.
// SqlDatabase adds `$transaction(fn)`, PrismaClient's interactive transaction, so the conversion's
// statements (BEGIN, the locks, the inserts, the write, the outbox, COMMIT) can run on the driver
// too: a PrismaClient is a SqlDatabase as it is. What the driver's version adds over Prisma:
// - each statement is prepared once per connection on PostgreSQL (a named statement, by its
//   text), so the server does not parse and plan the same UPDATE on every request;
// - values come back as Prisma returns them: int8 as bigint, timestamps as UTC Dates, json parsed;
// - a transaction is BEGIN and COMMIT on one pool connection (PGlite's own transaction() on the
//   embedded database, the one Prisma's PGlite adapter uses too, so the two never interleave),
//   without Prisma's transaction manager in between.
import { createHash } from "node:crypto";
import type { PGlite, Transaction } from "@electric-sql/pglite";
import pg from "pg";
import { Prisma } from "./generated/prisma/client.ts";

/** A `$queryRaw` tagged template (or a Prisma.sql fragment), as PrismaClient has it. */
export type RawSql = {
  $queryRaw<T = unknown>(
    query: TemplateStringsArray | Prisma.Sql,
    ...values: unknown[]
  ): PromiseLike<T>;
  /** A statement whose text is not ours (pg-boss's job inserts): not prepared, never cached. */
  $queryRawUnsafe<T = unknown>(text: string, ...values: unknown[]): Promise<T>;
};

/**
 * RawSql with transactions. `fn`'s statements run in one transaction, committed when it returns
 * and rolled back when it throws. The options are Prisma's (how long to wait for a connection,
 * how long the whole may take); on the driver the pool's connect timeout and PostgreSQL's
 * statement_timeout bound the same waits, statement by statement.
 */
export type SqlDatabase = RawSql & {
  $transaction<T>(
    fn: (tx: RawSql) => Promise<T>,
    options?: { maxWait?: number; timeout?: number },
  ): Promise<T>;
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
export function rawSqlOnPool(pool: pg.Pool): SqlDatabase {
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
  const on = (queryable: pg.Pool | pg.PoolClient): RawSql => ({
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const statement = statementOf(query, values);
      const result = await queryable.query({
        name: nameOf(statement.text),
        text: statement.text,
        values: statement.values,
        types,
      });
      return result.rows as T;
    },
    async $queryRawUnsafe<T>(text: string, ...values: unknown[]) {
      const result = await queryable.query({ text, values, types });
      return result.rows as T;
    },
  });
  return {
    ...on(pool),
    async $transaction<T>(fn: (tx: RawSql) => Promise<T>) {
      const client = await pool.connect();
      // A connection whose ROLLBACK failed is in an unknown state: released with the error, the
      // pool closes it instead of handing it to the next request.
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await fn(on(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
  };
}

/** RawSql on PGlite: its own query method, Prisma's value types. */
export function rawSqlOnPglite(pglite: PGlite): SqlDatabase {
  return {
    ...onPglite(pglite),
    $transaction: (fn) => pglite.transaction((tx) => fn(onPglite(tx))),
  };
}

const parsers = { [INT8]: (text: string) => BigInt(text), [TIMESTAMP]: utc };

function onPglite(queryable: PGlite | Transaction): RawSql {
  const run = async <T>(text: string, values: unknown[]) => {
    const params = values.map((value) => (typeof value === "bigint" ? value.toString() : value));
    const result = await queryable.query(text, params, { parsers });
    return result.rows as T;
  };
  return {
    $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const statement = statementOf(query, values);
      return run<T>(statement.text, statement.values);
    },
    $queryRawUnsafe: <T>(text: string, ...values: unknown[]) => run<T>(text, values),
  };
}
