// `pnpm --silent cli <command>`: administration on the configured database (DATABASE_URL, or
// the embedded one). On the embedded database it refuses to run while the server holds it:
// two processes in one PGlite folder would corrupt it.
import { parseArgs } from "node:util";
import {
  createOperator,
  createPartnerWithKey,
  createServiceKey,
  DomainError,
  disableOperator,
  type OperatorRoleName,
  revokePartnerKeys,
} from "@leadcore/core";
import { type Database, EmbeddedDatabaseBusyError, openDatabase } from "@leadcore/db";

const USAGE = `usage:
  pnpm --silent cli partner create --name <NAME>       creates a partner; prints its API key last
  pnpm --silent cli partner revoke --name <NAME>       revokes every key of the partner, at once
  pnpm --silent cli service-key create --name <NAME>   creates a key for an internal service; prints it last
  pnpm --silent cli operator create --login <LOGIN> --role <operator|admin>
                                                        creates a web UI operator; the password is read from stdin
  pnpm --silent cli operator disable --login <LOGIN>   stops the operator signing in, and ends its sessions`;

type Options = { name: string; login: string; role: string; password: string };
type Command = {
  needs: (keyof Options)[];
  run: (db: Database, options: Options) => Promise<string[]>;
};

const ROLES: readonly string[] = ["operator", "admin"] satisfies OperatorRoleName[];

const commands: Record<string, Command> = {
  "partner create": {
    needs: ["name"],
    run: async (db, { name }) => {
      const { partnerId, key } = await createPartnerWithKey(db.prisma, name);
      return [
        `Partner "${name}" created (id ${partnerId}). Its API key, shown only this once:`,
        key,
      ];
    },
  },
  "partner revoke": {
    needs: ["name"],
    run: async (db, { name }) => {
      const count = await revokePartnerKeys(db.prisma, name);
      return [`Revoked ${count} key(s) of partner "${name}".`];
    },
  },
  "service-key create": {
    needs: ["name"],
    run: async (db, { name }) => {
      const { key } = await createServiceKey(db.prisma, name);
      return [`Service key "${name}" created. The key, shown only this once:`, key];
    },
  },
  "operator create": {
    needs: ["login", "role", "password"],
    run: async (db, { login, role, password }) => {
      const operator = await createOperator(db.prisma, {
        login,
        password,
        role: role as OperatorRoleName,
      });
      return [
        `Operator "${operator.login}" (${operator.role}) created; it signs in at /signin with this password.`,
      ];
    },
  },
  "operator disable": {
    needs: ["login"],
    run: async (db, { login }) => {
      await disableOperator(db.prisma, login);
      return [`Operator "${login.trim().toLowerCase()}" disabled; its sessions have ended.`];
    },
  },
};

/**
 * The password: the first line of stdin when piped (`printf '%s\n' "$PASSWORD" | pnpm --silent cli ...`),
 * or typed at a prompt without echo. Never an argument: arguments show in `ps` and shell history.
 */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = "";
    for await (const chunk of stdin) text += String(chunk);
    return text.split(/\r?\n/)[0] ?? "";
  }
  process.stderr.write("Password (not shown): ");
  stdin.setRawMode(true);
  let line = "";
  try {
    for await (const chunk of stdin) {
      for (const char of String(chunk)) {
        if (char === "\r" || char === "\n") return line;
        if (char === "\u0003") process.exit(130); // Ctrl-C
        line = char === "\u007f" ? line.slice(0, -1) : line + char;
      }
    }
    return line;
  } finally {
    stdin.setRawMode(false);
    process.stderr.write("\n");
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { name: { type: "string" }, login: { type: "string" }, role: { type: "string" } },
    allowPositionals: true,
  });
  const command = commands[positionals.slice(0, 2).join(" ")];
  const options: Options = {
    name: values.name?.trim() ?? "",
    login: values.login?.trim() ?? "",
    role: values.role?.trim().toLowerCase() ?? "",
    password: "",
  };
  const given = (option: keyof Options) => option === "password" || options[option] !== "";
  if (
    !command ||
    positionals.length !== 2 ||
    !command.needs.every(given) ||
    (command.needs.includes("role") && !ROLES.includes(options.role))
  ) {
    console.error(USAGE);
    return 2;
  }
  // Read before the database opens: a prompt should not wait for it, nor hold it open while typing.
  if (command.needs.includes("password")) options.password = await readPassword();
  let db: Database;
  try {
    db = await openDatabase();
  } catch (error) {
    if (error instanceof EmbeddedDatabaseBusyError) {
      console.error(
        `${error.message}\nStop the server first (Ctrl-C), then run this command again.`,
      );
      return 1;
    }
    throw error;
  }
  try {
    for (const line of await command.run(db, options)) console.log(line);
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
