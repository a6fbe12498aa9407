// Leads of made-up people for the domain tests. Passport, INN and SNILS values pass their checks.
import type { LeadBody } from "@leadcore/schema";
import type { Actor } from "../src/index.ts";

export const service: Actor = { kind: "service", apiKeyId: 1n, name: "tests" };

let phoneCounter = 1_000_000;
/** A convertible lead of Ivan Ivanovich Ivanov, passport 45 06 123456, with overrides. */
export function ivanov(overrides: Partial<LeadBody> = {}): LeadBody {
  phoneCounter += 1;
  return {
    lastName: "Иванов",
    firstName: "Иван",
    patronymic: "Иванович",
    mobilePhone: `+7916${String(phoneCounter).padStart(7, "0")}`,
    passport: { seria: "4506", no: "123456", issueDate: "2010-05-14", subdivisionCode: "770-001" },
    amount: 50000,
    period: 12,
    periodUnit: "MONTHS",
    channel: "SITE",
    ...overrides,
  };
}
