// The first start on an empty database: create `admin` with LEADCORE_ADMIN_PASSWORD, or with a
// random password printed once to the console. Never fatal: a server that cannot open its database
// still starts and says why on /api/health.
import { ensureFirstAdmin } from "@leadcore/core";
import { getDatabase } from "@leadcore/db";
import { webSettings } from "./settings.ts";

export async function ensureFirstAdminOnStart(): Promise<void> {
  try {
    const db = await getDatabase();
    const created = await ensureFirstAdmin(db.prisma, webSettings().adminPassword);
    if (!created) return;
    const lines = created.generated
      ? [
          `LeadCore: no operators yet, so an administrator was created. Sign in at /signin with`,
          `LeadCore:   login    ${created.login}`,
          `LeadCore:   password ${created.password}`,
          `LeadCore: This password is shown only now. More operators: pnpm --silent cli operator create --login <LOGIN> --role <operator|admin>`,
        ]
      : [
          `LeadCore: no operators yet, so "${created.login}" was created with the password from LEADCORE_ADMIN_PASSWORD.`,
        ];
    console.log(lines.join("\n"));
  } catch (error) {
    console.error(
      "LeadCore: could not check for the first administrator:",
      error instanceof Error ? error.message : error,
    );
  }
}
