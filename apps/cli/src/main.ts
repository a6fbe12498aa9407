// `pnpm --silent cli <command>`: administration on the configured database (DATABASE_URL, or
// the embedded one). On the embedded database it refuses to run while the server holds it:
// two processes in one PGlite folder would corrupt it.
import { parseArgs } from "node:util";
import { createPartnerWithKey, createServiceKey, DomainError, revokePartnerKeys } from "@leadcore/core";
import { EmbeddedDatabaseBusyError, openDatabase, type Database } from "@leadcore/db";

const USAGE = `usage:
  pnpm --silent cli partner create --name <NAME>       creates a partner; prints its API key last
  pnpm --silent cli partner revoke --name <NAME>       revokes every key of the partner, at once
  pnpm --silent cli service-key create --name <NAME>   creates a key for an internal service; prints it last`;

type Command = (db: Database, name: string) => Promise<string[]>;

const commands: Record<string, Command> = {
  "partner create": async (db, name) => {
    const { partnerId, key } = await createPartnerWithKey(db.prisma, name);
    return [`Partner "${name}" created (id ${partnerId}). Its API key, shown only this once:`, key];
  },
  "partner revoke": async (db, name) => {
    const count = await revokePartnerKeys(db.prisma, name);
    return [`Revoked ${count} key(s) of partner "${name}".`];
  },
  "service-key create": async (db, name) => {
    const { key } = await createServiceKey(db.prisma, name);
    return [`Service key "${name}" created. The key, shown only this once:`, key];
  },
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { name: { type: "string" } }, allowPositionals: true });
  const command = commands[positionals.slice(0, 2).join(" ")];
  if (!command || positionals.length !== 2 || !values.name?.trim()) {
    console.error(USAGE);
    return 2;
  }
  let db: Database;
  try {
    db = await openDatabase();
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusyError) {
      console.error(`${error.message}\nStop the server first (Ctrl-C), then run this command again.`);
      return 1;
    }
    throw error;
  }
  try {
    for (const line of await command(db, values.name.trim())) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
