// `pnpm --silent cli <command>`: administration on the configured database (DATABASE_URL, or
// the embedded one). On the embedded database it refuses to run while the server holds it:
// two processes in one PGlite folder would corrupt it.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  type Actor,
  createOperator,
  createPartnerWithKey,
  createServiceKey,
  createWebhookEndpoint,
  DomainError,
  disableOperator,
  importStopList,
  listPartners,
  listStopListEntries,
  listWebhookEndpoints,
  type OperatorRoleName,
  removeStopListEntry,
  revokePartnerKeys,
  rotateWebhookSecret,
  STOP_LIST_CSV_COLUMNS,
  STOP_LIST_KINDS,
  type StopListImportReport,
  type StopListKind,
  updateWebhookEndpoint,
  webhookSettings,
} from "@leadcore/core";
import { type Database, EmbeddedDatabaseBusyError, openDatabase, SettingError } from "@leadcore/db";
import { WEBHOOK_EVENT_TYPES, type WebhookEndpoint, type WebhookEventType } from "@leadcore/schema";

const USAGE = `usage:
  pnpm --silent cli partner create --name <NAME>       creates a partner; prints its API key last
  pnpm --silent cli partner revoke --name <NAME>       revokes every key of the partner, at once
  pnpm --silent cli service-key create --name <NAME>   creates a key for an internal service; prints it last
  pnpm --silent cli operator create --login <LOGIN> --role <operator|admin>
                                                        creates a web UI operator; the password is read from stdin
  pnpm --silent cli operator disable --login <LOGIN>   stops the operator signing in, and ends its sessions
  pnpm --silent cli stoplist import <FILE.csv>         imports stop-list entries (format: README "Stop-list");
                                                        exits 1 when any line was bad
  pnpm --silent cli stoplist list [--kind <KIND>] [--search <TEXT>] [--removed]
                                                        the newest 100 entries (KIND: ${STOP_LIST_KINDS.join("|")})
  pnpm --silent cli stoplist remove <ID> [--comment <TEXT>]
                                                        takes an entry off the stop-list (its history stays)
  pnpm --silent cli webhook add --partner <NAME> --url <URL> --events <EVENT,...>
                                                        subscribes a partner's endpoint; prints its signing secret last
                                                        (EVENT: ${WEBHOOK_EVENT_TYPES.join("|")})
  pnpm --silent cli webhook list [--partner <NAME>]    the endpoints, with their state
  pnpm --silent cli webhook rotate <ID> [--overlap-hours <N>]
                                                        a new signing secret; the old one signs too for N hours (default 24)
  pnpm --silent cli webhook disable <ID>               stops deliveries to the endpoint
  pnpm --silent cli webhook enable <ID>                starts them again`;

type Options = {
  name: string;
  login: string;
  role: string;
  password: string;
  kind: string;
  search: string;
  comment: string;
  removed: boolean;
  partner: string;
  url: string;
  events: string;
  overlapHours: string;
  /** What follows the command's two words: a file, an id. */
  args: string[];
  /** The file named by args[0], read before the database opens. */
  file: string;
};
/** What a command printed, when it can end with a failure of its own (a file with bad lines). */
type Outcome = { stdout: string[]; exitCode: number };
type Command = {
  needs: (keyof Options)[];
  /** How many words follow the command's two (a file, an id). */
  args?: number;
  run: (db: Database, options: Options) => Promise<string[] | Outcome>;
};

// Who the stop-list records as the author of what the command line does.
const CLI_AUTHOR = "cli";

// The shell is the lender's own administration: the command line acts as an administrator.
const CLI_ADMIN: Actor = { kind: "operator", operatorId: 0n, login: CLI_AUTHOR, role: "admin" };

async function partnerIdByName(db: Database, name: string): Promise<number> {
  const partner = (await listPartners(db.prisma)).find((p) => p.name === name);
  if (!partner) {
    throw new DomainError("NOT_FOUND", "PARTNER_NOT_FOUND", `Partner "${name}" not found`);
  }
  return partner.id;
}

/** `webhook disable|enable <ID>`: turns the endpoint off or on, and says so. */
function switchWebhook(enabled: boolean, said: (endpoint: WebhookEndpoint) => string): Command {
  return {
    needs: [],
    args: 1,
    run: async (db, { args }) => {
      const endpoint = await updateWebhookEndpoint(
        db.prisma,
        CLI_ADMIN,
        Number(args[0]),
        { enabled },
        webhookSettings(),
      );
      return [said(endpoint)];
    },
  };
}

function endpointLine(endpoint: WebhookEndpoint): string {
  const state = endpoint.enabled
    ? endpoint.failingSince
      ? `enabled, failing since ${endpoint.failingSince}`
      : "enabled"
    : `disabled (${endpoint.disabledReason === "FAILING" ? "failed for days" : "by an admin"})`;
  return [
    endpoint.id,
    endpoint.partnerName,
    endpoint.url,
    endpoint.events.join(","),
    state,
    endpoint.secretPrefix,
  ].join("\t");
}

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
  "stoplist import": {
    needs: ["file"],
    args: 1,
    run: async (db, { file }) => {
      try {
        return importReport(await importStopList(db.prisma, file, CLI_AUTHOR));
      } catch (error) {
        if (!(error instanceof DomainError) || error.reason !== "STOP_LIST_CSV_INVALID")
          throw error;
        return {
          stdout: [
            "Nothing imported: the header line (line 1) cannot be read.",
            ...error.issues.map((issue) => `  ${issue.path}: ${issue.code} (${issue.message})`),
            `Columns: ${STOP_LIST_CSV_COLUMNS.map((column) => column.name).join(", ")} (or in Russian: ${STOP_LIST_CSV_COLUMNS.map((column) => column.ru).join(", ")}).`,
          ],
          exitCode: 1,
        };
      }
    },
  },
  "stoplist list": {
    needs: [],
    run: async (db, { kind, search, removed }) => {
      const page = await listStopListEntries(db.prisma, {
        kind: kind ? (kind as StopListKind) : undefined,
        search: search || undefined,
        status: removed ? "REMOVED" : "ACTIVE",
        limit: 100,
      });
      if (page.items.length === 0) return ["No entries."];
      return page.items.map((entry) =>
        [
          entry.id,
          entry.kind,
          entry.display,
          entry.reason,
          `${entry.addedBy} ${entry.addedAt}`,
          ...(entry.removedAt ? [`removed by ${entry.removedBy} ${entry.removedAt}`] : []),
        ].join("\t"),
      );
    },
  },
  "stoplist remove": {
    needs: [],
    args: 1,
    run: async (db, { args, comment }) => {
      const removed = await removeStopListEntry(db.prisma, Number(args[0]), CLI_AUTHOR, comment);
      return [
        `Entry ${removed.id} (${removed.kind}) removed from the stop-list; its history stays.`,
      ];
    },
  },
  "webhook add": {
    needs: ["partner", "url", "events"],
    run: async (db, { partner, url, events }) => {
      const { endpoint, secret } = await createWebhookEndpoint(
        db.prisma,
        CLI_ADMIN,
        {
          partnerId: await partnerIdByName(db, partner),
          url,
          events: events.split(",").map((e) => e.trim()) as WebhookEventType[],
        },
        webhookSettings(),
      );
      return [
        `Webhook ${endpoint.id} of partner "${endpoint.partnerName}" created: ${endpoint.url} (${endpoint.events.join(", ")}).`,
        "Its signing secret, shown only this once (give it to the partner):",
        secret,
      ];
    },
  },
  "webhook list": {
    needs: [],
    run: async (db, { partner }) => {
      const endpoints = await listWebhookEndpoints(
        db.prisma,
        CLI_ADMIN,
        partner ? { partnerId: await partnerIdByName(db, partner) } : {},
      );
      return endpoints.length === 0 ? ["No webhooks."] : endpoints.map(endpointLine);
    },
  },
  "webhook rotate": {
    needs: [],
    args: 1,
    run: async (db, { args, overlapHours }) => {
      const hours = overlapHours === "" ? undefined : Number(overlapHours);
      const { endpoint, secret } = await rotateWebhookSecret(
        db.prisma,
        CLI_ADMIN,
        Number(args[0]),
        hours,
      );
      return [
        endpoint.previousSecretExpiresAt
          ? `Webhook ${endpoint.id}: new signing secret; the previous one also signs until ${endpoint.previousSecretExpiresAt}.`
          : `Webhook ${endpoint.id}: new signing secret; the previous one no longer signs.`,
        secret,
      ];
    },
  },
  "webhook disable": switchWebhook(
    false,
    (e) => `Webhook ${e.id} disabled: nothing more is sent to ${e.url}.`,
  ),
  "webhook enable": switchWebhook(true, (e) => `Webhook ${e.id} enabled.`),
};

/** The summary of an import: counts, then each bad line by number, column and why. */
function importReport(report: StopListImportReport): Outcome {
  const bad = report.badRows.length;
  const stdout = [
    `${report.rows} line(s) read: ${report.imported} imported` +
      (report.reactivated > 0 ? ` (${report.reactivated} of them put back after a removal)` : "") +
      `, ${report.alreadyListed} already on the list, ${bad} bad.`,
    ...report.badRows.flatMap(({ line, issues }) =>
      issues.map(
        (issue) =>
          `line ${line}: ${issue.path === "" ? "the line" : issue.path}: ${issue.code} (${issue.message})`,
      ),
    ),
  ];
  if (bad > 0)
    stdout.push(
      "Fix the bad lines and import the file again: lines already imported count as already on the list.",
    );
  return { stdout, exitCode: bad > 0 ? 1 : 0 };
}

/** The file's text, or why it cannot be read (missing, or not UTF-8: old Excel saves CP1251). */
function readCsvFile(path: string): string | Error {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return new Error(`Cannot read the file ${path}.`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new Error(
      `The file ${path} is not UTF-8. In Excel, save it as "CSV UTF-8 (comma delimited)".`,
    );
  }
}

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
    options: {
      name: { type: "string" },
      login: { type: "string" },
      role: { type: "string" },
      kind: { type: "string" },
      search: { type: "string" },
      comment: { type: "string" },
      removed: { type: "boolean" },
      partner: { type: "string" },
      url: { type: "string" },
      events: { type: "string" },
      "overlap-hours": { type: "string" },
    },
    allowPositionals: true,
  });
  const name = positionals.slice(0, 2).join(" ");
  const command = commands[name];
  const options: Options = {
    name: values.name?.trim() ?? "",
    login: values.login?.trim() ?? "",
    role: values.role?.trim().toLowerCase() ?? "",
    password: "",
    kind: values.kind?.trim().toUpperCase() ?? "",
    search: values.search?.trim() ?? "",
    comment: values.comment?.trim() ?? "",
    removed: values.removed ?? false,
    partner: values.partner?.trim() ?? "",
    url: values.url?.trim() ?? "",
    events: values.events?.trim() ?? "",
    overlapHours: values["overlap-hours"]?.trim() ?? "",
    args: positionals.slice(2),
    file: "",
  };
  const given = (option: keyof Options) =>
    option === "password" || option === "file" || options[option] !== "";
  if (
    !command ||
    positionals.length !== 2 + (command.args ?? 0) ||
    !command.needs.every(given) ||
    (command.needs.includes("role") && !ROLES.includes(options.role)) ||
    (options.kind !== "" && !(STOP_LIST_KINDS as readonly string[]).includes(options.kind)) ||
    (["stoplist remove", "webhook rotate", "webhook disable", "webhook enable"].includes(name) &&
      !/^[1-9]\d{0,15}$/.test(options.args[0] ?? "")) ||
    (options.overlapHours !== "" && !/^\d{1,3}$/.test(options.overlapHours))
  ) {
    console.error(USAGE);
    return 2;
  }
  // Read before the database opens: a prompt should not wait for it, nor hold it open while typing.
  if (command.needs.includes("password")) options.password = await readPassword();
  if (command.needs.includes("file")) {
    const text = readCsvFile(options.args[0] ?? "");
    if (text instanceof Error) {
      console.error(text.message);
      return 1;
    }
    options.file = text;
  }
  let db: Database;
  try {
    // Reads and checks the database's settings (packages/db/src/settings.ts) first.
    db = await openDatabase();
  } catch (error) {
    if (error instanceof SettingError) {
      console.error(`LeadCore: ${error.message}`);
      return 2;
    }
    if (error instanceof EmbeddedDatabaseBusyError) {
      console.error(
        `${error.message}\nStop the server first (Ctrl-C), then run this command again.`,
      );
      return 1;
    }
    throw error;
  }
  try {
    const result = await command.run(db, options);
    const outcome = Array.isArray(result) ? { stdout: result, exitCode: 0 } : result;
    for (const line of outcome.stdout) console.log(line);
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof DomainError) {
      // The issues say which value is wrong (never echoing it): "url: TARGET_NOT_ALLOWED (...)".
      console.error(
        [error.message, ...error.issues.map((i) => `  ${i.path}: ${i.code} (${i.message})`)].join(
          "\n",
        ),
      );
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
