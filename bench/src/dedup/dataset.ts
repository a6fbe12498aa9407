// The benchmark's data set: the base population (clients 0..N-1, see people.ts) and the cases,
// each a lead derived from one base client by one labelled kind. Every case has its own client, so
// a suspect is right exactly when it is the client of the case's person (see measure.ts).
import { ALL_KINDS, type CaseKind, canCorrupt, corrupt, type LeadPerson } from "./corruptions.ts";
import { personAt } from "./people.ts";
import { Random } from "./random.ts";

export type DedupCase = {
  kind: CaseKind;
  /** The base client the lead was derived from. */
  basePersonId: number;
  /** Who the lead really is: the base person for a duplicate, a new person for a hard negative. */
  personId: number;
  lead: LeadPerson;
};

export type DatasetOptions = { seed: number; clients: number; perKind: number };

/** The cases of a data set, in a shuffled order (kinds interleaved, as leads arrive). */
export function generateCases({ seed, clients, perKind }: DatasetOptions): DedupCase[] {
  const total = perKind * ALL_KINDS.length;
  if (total > clients)
    throw new Error(`${total} cases need at least as many clients, not ${clients}`);
  const random = new Random(seed ^ 0x5bd1e995);
  const used = new Set<number>();
  const cases: DedupCase[] = [];
  for (const kind of ALL_KINDS) {
    for (let n = 0; n < perKind; n++) {
      let base = random.int(clients);
      while (used.has(base) || !canCorrupt(kind, personAt(seed, base))) base = random.int(clients);
      used.add(base);
      const person = personAt(seed, base);
      const negative = kind === "namesake" || kind === "twin";
      cases.push({
        kind,
        basePersonId: base,
        personId: negative ? clients + cases.length : base,
        lead: corrupt(kind, person, random),
      });
    }
  }
  for (let i = cases.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [cases[i], cases[j]] = [cases[j]!, cases[i]!];
  }
  return cases;
}
