// What the benchmark sends and what it seeds: the seed-shaped lead (partnerLead() of the contract
// fixtures), the identities of the seeded client base, and request bodies built from string
// templates (the load generator shares the machine with the server: building a 5.7 KB body per
// request must cost next to nothing).
import { compactLead, identityKey, type LeadBody, normalizeRuMobilePhone } from "@leadcore/schema";
import { partnerLead } from "@leadcore/schema/fixtures";

// The client base: person i has these names (display spelling, "ё" included, as partners send
// them) and passport series 4500 + floor(i / 1e6), number i mod 1e6. New people converted during
// a run get series 7700 + ..., which no seeded client has.
export const LAST_NAMES = [
  "Семёнов",
  "Иванов",
  "Смирнов",
  "Кузнецов",
  "Попов",
  "Васильев",
  "Петров",
  "Соколов",
  "Михайлов",
  "Новиков",
  "Фёдоров",
  "Морозов",
  "Волков",
  "Алексеев",
  "Лебедев",
  "Козлов",
  "Степанов",
  "Николаев",
  "Орлов",
  "Андреев",
];
export const FIRST_NAMES = [
  "Алексей",
  "Иван",
  "Сергей",
  "Андрей",
  "Дмитрий",
  "Михаил",
  "Артём",
  "Николай",
  "Павел",
  "Егор",
  "Максим",
  "Олег",
  "Роман",
  "Фёдор",
  "Юрий",
  "Глеб",
  "Кирилл",
  "Тимофей",
  "Пётр",
  "Василий",
];
export const PATRONYMICS = [
  "Игоревич",
  "Иванович",
  "Сергеевич",
  "Андреевич",
  "Дмитриевич",
  "Михайлович",
  "Петрович",
  "Олегович",
  "Павлович",
  "Юрьевич",
];
const BASE_SERIES = 4500;
const NEW_SERIES = 7700;

export type Identity = {
  lastName: string;
  firstName: string;
  patronymic: string;
  seria: string;
  no: string;
};

const pad = (n: number, width: number) => String(n).padStart(width, "0");

function identityOf(i: number, seriesBase: number): Identity {
  return {
    lastName: LAST_NAMES[i % 20]!,
    firstName: FIRST_NAMES[Math.floor(i / 20) % 20]!,
    patronymic: PATRONYMICS[Math.floor(i / 400) % 10]!,
    seria: pad(seriesBase + Math.floor(i / 1_000_000), 4),
    no: pad(i % 1_000_000, 6),
  };
}

/** The i-th client of the seeded base (0 <= i < base size). */
export const baseIdentity = (i: number) => identityOf(i, BASE_SERIES);
/** The n-th person who is not in the base (a conversion that creates a client). */
export const newIdentity = (n: number) => identityOf(n, NEW_SERIES);

/** The normalized key columns, exactly as @leadcore/schema identityKey computes them. */
export function keyOf(names: string[]): string[] {
  return names.map((name) => {
    const key = identityKey({
      lastName: name,
      firstName: name,
      patronymic: name,
      passport: { seria: "1", no: "1" },
    });
    if (!key.ok) throw new Error(`no key for ${name}`);
    return key.key.lastName;
  });
}

/** The seed-shaped lead as sent by a partner (card number and CVC in clear), without an id. */
export function leadBody(): LeadBody {
  const body = partnerLead();
  return body as LeadBody;
}

/** The lead as LeadCore stores it (no nulls, no CVC, card masked): what the seeded leads hold. */
export function storedLeadDocument(): Record<string, unknown> {
  const { cardCvc: _cvc, ...document } = compactLead(leadBody()) as Record<string, unknown>;
  const card = String(document.cardNumber).replace(/\D/g, "");
  document.cardNumber = card.slice(0, 6) + "*".repeat(card.length - 10) + card.slice(-4);
  return document;
}

/**
 * The contact values LeadCore copies from a converted lead to its client. The seeded clients hold
 * exactly these, so a matching conversion finds nothing to refresh (no Client UPDATE, no
 * ClientHistory row) in LeadCore, and the baseline, which never refreshes, does the same work.
 */
export function clientContacts() {
  const lead = compactLead(leadBody());
  return {
    mobilePhone: normalizeRuMobilePhone(lead.mobilePhone!) ?? lead.mobilePhone!,
    email: lead.email!.trim(),
    addressData: lead.addressData!,
    registrationAddressData: lead.registrationAddressData!,
    employerTitle: lead.employerTitle!.trim(),
    employerInn: lead.employerInn!.trim(),
    meanIncome: lead.meanIncome!,
    birthDate: lead.birthDate!,
  };
}

/**
 * A JSON text with holes: `render(values)` fills them. Holes are marked by unique strings in the
 * object passed to JSON.stringify; a string hole keeps its quotes, a number hole ("#id") drops them.
 */
export class JsonTemplate {
  private readonly parts: string[];
  private readonly holes: string[];

  constructor(value: unknown) {
    const text = JSON.stringify(value);
    this.parts = [];
    this.holes = [];
    let last = 0;
    // A number hole takes its quotes with it; a string hole leaves them in the text around it.
    for (const match of text.matchAll(/"@@(num[A-Za-z]*)@@"|@@([A-Za-z]+)@@/g)) {
      this.parts.push(text.slice(last, match.index));
      this.holes.push((match[1] ?? match[2])!);
      last = match.index! + match[0].length;
    }
    this.parts.push(text.slice(last));
  }

  render(values: Record<string, string | number>): string {
    let out = this.parts[0]!;
    for (let i = 0; i < this.holes.length; i++) {
      const value = values[this.holes[i]!];
      if (value === undefined) throw new Error(`no value for @@${this.holes[i]}@@`);
      out += String(value) + this.parts[i + 1]!;
    }
    return out;
  }
}

/** The lead body with its identity as holes (strings needing no JSON escaping: letters, digits). */
function identityHoles(): LeadBody {
  const body = leadBody();
  return {
    ...body,
    lastName: "@@lastName@@",
    firstName: "@@firstName@@",
    patronymic: "@@patronymic@@",
    passport: { ...body.passport, seria: "@@seria@@", no: "@@no@@" },
  } as LeadBody;
}

export type Wire = "rest" | "trpc" | "baseline";

/**
 * Bodies for each wire. REST and the baseline send the lead itself (the id is in the path); tRPC
 * sends the typed client's batch envelope `{"0": {...lead, id}}` (httpBatchLink, no transformer);
 * a create has no id at all.
 */
export function bodyTemplates() {
  const withNumberId = (lead: LeadBody) => ({ ...lead, id: "@@numId@@" });
  return {
    update: {
      rest: new JsonTemplate(leadBody()),
      trpc: new JsonTemplate({ 0: withNumberId(leadBody()) }),
    },
    convert: {
      rest: new JsonTemplate(identityHoles()),
      trpc: new JsonTemplate({ 0: withNumberId(identityHoles()) }),
    },
    // A new lead: the update's body without an id (POST /api/v1/leads, lead.create).
    create: {
      rest: new JsonTemplate(leadBody()),
      trpc: new JsonTemplate({ 0: leadBody() }),
    },
  };
}

export function identityValues(identity: Identity, id?: number): Record<string, string | number> {
  return { ...identity, ...(id === undefined ? {} : { numId: id }) };
}
