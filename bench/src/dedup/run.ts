// One dedup run on an open database: the base loaded, then every case of the data set created,
// previewed as an operator and converted through @leadcore/core, one at a time, as a lead would
// go. What happened to each case is returned for measure.ts; main.ts owns the database and the
// report, the smoke test (test/dedup-smoke.test.ts) runs this on a few hundred clients.
import {
  type Actor,
  convertLead,
  createLead,
  createOperator,
  findSuspects,
  previewMatch,
} from "@leadcore/core";
import type { PrismaClient } from "@leadcore/db";
import type { LeadBody } from "@leadcore/schema";
import { type LeadPerson, leadPersonOf } from "./corruptions.ts";
import { type DatasetOptions, generateCases } from "./dataset.ts";
import { loadClients } from "./load.ts";
import type { CaseOutcome } from "./measure.ts";
import { personAt } from "./people.ts";

export type DedupRun = { outcomes: CaseOutcome[]; loadSeconds: number; skipped: number };

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/** The lead a partner would send for the case: the person's fields, a wanted loan. */
function leadBody(lead: LeadPerson): LeadBody {
  return {
    lastName: lead.lastName,
    firstName: lead.firstName,
    patronymic: lead.patronymic,
    birthDate: lead.birthDate,
    mobilePhone: lead.mobilePhone,
    passport: { seria: lead.passportSeries, no: lead.passportNumber },
    addressData: { fullAddressText: lead.address },
    amount: 50_000,
    period: 12,
    periodUnit: "MONTHS",
    channel: "SITE",
  };
}

export async function runDedup(
  prisma: PrismaClient,
  config: DatasetOptions,
  log: (message: string) => void = () => {},
): Promise<DedupRun> {
  const cases = generateCases(config);
  let since = performance.now();
  const skipped = await loadClients(prisma, config.seed, config.clients, (loaded) => {
    if (loaded % 100_000 === 0) log(`loaded ${loaded} clients (${seconds(since)} s)`);
  });
  const loadSeconds = seconds(since);
  log(
    `loaded ${config.clients - skipped} clients in ${loadSeconds} s (${skipped} skipped: key taken)`,
  );

  const operator = await createOperator(prisma, {
    login: "bench.dedup",
    password: "bench-dedup-password",
    role: "operator",
  });
  const actor: Actor = {
    kind: "operator",
    operatorId: operator.id,
    login: operator.login,
    role: "operator",
  };

  // Person of each client: the base's by id (load.ts), the conversions' as they are created.
  const createdFor = new Map<bigint, number>();
  const personOf = (clientId: bigint) =>
    clientId <= BigInt(config.clients) ? Number(clientId) - 1 : (createdFor.get(clientId) ?? -1);

  // Prisma prepares its statements on first use: a few previews before the measured ones, of
  // people outside the population (their leads stay NEW and never become clients).
  for (let n = 0; n < 10; n++) {
    const stranger = leadPersonOf(personAt(config.seed, config.clients + 1_000_000 + n));
    await previewMatch(prisma, actor, await createLead(prisma, actor, leadBody(stranger)));
  }

  since = performance.now();
  const outcomes: CaseOutcome[] = [];
  for (const [n, c] of cases.entries()) {
    const body = leadBody(c.lead);
    const id = await createLead(prisma, actor, body);
    const t0 = performance.now();
    const preview = await previewMatch(prisma, actor, id);
    const previewMs = performance.now() - t0;
    const matched =
      preview.status === "WILL_MATCH" && preview.client ? [BigInt(preview.client.id)] : [];
    // Every candidate with a reason, whatever its score, for the curve over thresholds.
    const suspects = await findSuspects(
      prisma,
      {
        lastName: body.lastName,
        firstName: body.firstName,
        patronymic: body.patronymic,
        passportSeries: body.passport?.seria,
        passportNumber: body.passport?.no,
        birthDate: body.birthDate,
        mobilePhone: body.mobilePhone,
      },
      { threshold: 0, excludeClientIds: matched, limit: 1_000 },
    );
    const result = await convertLead(prisma, actor, id, body);
    const clientId = BigInt(result.clientId);
    if (result.outcome === "CREATED_NEW_CLIENT") createdFor.set(clientId, c.personId);
    outcomes.push({
      kind: c.kind,
      personId: c.personId,
      outcome: result.outcome,
      clientPersonId: personOf(clientId),
      suspects: suspects.map((s) => ({
        personId: personOf(s.clientId),
        score: s.score,
        reasons: s.reasons,
      })),
      previewMs,
    });
    if ((n + 1) % 200 === 0) log(`${n + 1} / ${cases.length} cases (${seconds(since)} s)`);
  }
  log(`${cases.length} cases previewed and converted in ${seconds(since)} s`);
  return { outcomes, loadSeconds, skipped };
}
