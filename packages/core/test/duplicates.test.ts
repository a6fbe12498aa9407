import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { LeadBody, MatchPreview } from "@leadcore/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Actor, createLead, findSuspects, previewMatch } from "../src/index.ts";
import { createAndConvert, ivanov, partnerActor, service } from "./people.ts";

warnIfPostgresUntested();

const operator: Actor = { kind: "operator", operatorId: 1n, login: "olga", role: "operator" };

// Ivan Ivanovich Ivanov, born 1990-04-12, passport 45 06 123456, INN and SNILS that pass checks.
const person = (overrides: Partial<LeadBody> = {}) =>
  ivanov({
    birthDate: "1990-04-12",
    mobilePhone: "+79161234567",
    inn: "123456789047",
    snils: "112-233-445 95",
    ...overrides,
  });

type Suspects = NonNullable<Extract<MatchPreview, { status: "WILL_CREATE" }>["suspects"]>;

describe.each(testDatabaseKinds())("duplicate suspicion on %s", (kind) => {
  let db: Database;
  let original: { clientId: number };
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await db?.close();
  });
  beforeEach(async () => {
    await db.prisma.$executeRawUnsafe(
      `TRUNCATE "ClientHistory", "Application", "LeadEvent", "Lead", "Client", "DuplicatePair" RESTART IDENTITY CASCADE`,
    );
    original = await createAndConvert(db.prisma, service, person());
  });

  /** What the operator's preview of a new lead with `body` suspects. */
  async function suspectsOf(body: LeadBody, actor: Actor = operator): Promise<Suspects> {
    const id = await createLead(db.prisma, service, body);
    const preview = await previewMatch(db.prisma, actor, id);
    if (preview.status !== "WILL_CREATE" && preview.status !== "WILL_MATCH")
      throw new Error(`unexpected preview ${preview.status}`);
    return preview.suspects ?? [];
  }

  it.each([
    [
      "a replaced passport (same name and birth date)",
      {
        passport: { seria: "4519", no: "654321" },
        mobilePhone: "+79990000001",
        inn: undefined,
        snils: undefined,
      },
      ["REPLACED_PASSPORT"],
    ],
    [
      "the same passport under another name",
      {
        lastName: "Сидоров",
        firstName: "Пётр",
        birthDate: "1985-01-01",
        mobilePhone: "+79990000002",
        inn: undefined,
        snils: undefined,
      },
      ["SAME_PASSPORT"],
    ],
    [
      "a one-letter typo in the patronymic",
      {
        patronymic: "Иваноич",
        passport: { seria: "4519", no: "654321" },
        mobilePhone: "+79990000003",
        inn: undefined,
        snils: undefined,
      },
      ["NAME_TYPO"],
    ],
    [
      "the name in Latin letters",
      {
        lastName: "Ivanov",
        firstName: "Ivan",
        patronymic: "Ivanovich",
        passport: { seria: "4519", no: "654321" },
        mobilePhone: "+79990000004",
        inn: undefined,
        snils: undefined,
      },
      ["TRANSLITERATION"],
    ],
    [
      "first and last name swapped",
      {
        lastName: "Иван",
        firstName: "Иванов",
        mobilePhone: "+79990000005",
        inn: undefined,
        snils: undefined,
      },
      ["SAME_PASSPORT", "SWAPPED_NAMES"],
    ],
    [
      "a changed last name with the same first name, patronymic, birth date and phone",
      {
        lastName: "Петров",
        passport: { seria: "4519", no: "654321" },
        inn: undefined,
        snils: undefined,
      },
      ["CHANGED_LAST_NAME", "SAME_PHONE"],
    ],
    [
      "the same INN",
      {
        lastName: "Сидоров",
        firstName: "Пётр",
        patronymic: "Ильич",
        birthDate: "1970-02-02",
        passport: { seria: "4519", no: "654321" },
        mobilePhone: "+79990000006",
        snils: undefined,
      },
      ["SAME_INN"],
    ],
    [
      "the same SNILS",
      {
        lastName: "Сидоров",
        firstName: "Пётр",
        patronymic: "Ильич",
        birthDate: "1970-02-02",
        passport: { seria: "4519", no: "654321" },
        mobilePhone: "+79990000007",
        inn: undefined,
      },
      ["SAME_SNILS"],
    ],
  ] as const)(
    "suspects %s, with its reasons and a score above the threshold",
    async (_kind, overrides, reasons) => {
      const suspects = await suspectsOf(person(overrides as Partial<LeadBody>));
      expect(suspects).toHaveLength(1);
      expect(suspects[0]?.client.id).toBe(original.clientId);
      expect(suspects[0]?.reasons).toEqual(reasons);
      expect(suspects[0]?.score).toBeGreaterThanOrEqual(0.6);
      expect(suspects[0]?.score).toBeLessThanOrEqual(1);
    },
  );

  it("does not suspect a namesake with another passport and birth date, nor a twin", async () => {
    const namesake = person({
      passport: { seria: "4519", no: "111111" },
      birthDate: "1975-09-09",
      mobilePhone: "+79990000010",
      inn: undefined,
      snils: undefined,
    });
    expect(await suspectsOf(namesake)).toEqual([]);
    // A twin: same last name, patronymic and birth date, another first name and passport.
    const twin = person({
      firstName: "Алексей",
      passport: { seria: "4519", no: "222222" },
      mobilePhone: "+79990000011",
      inn: undefined,
      snils: undefined,
    });
    expect(await suspectsOf(twin)).toEqual([]);
  });

  it("a shared phone alone stays below the threshold (families share one)", async () => {
    const relative = person({
      firstName: "Мария",
      patronymic: "Петровна",
      lastName: "Смирнова",
      birthDate: "1960-03-03",
      passport: { seria: "4519", no: "333333" },
      inn: undefined,
      snils: undefined,
    });
    expect(await suspectsOf(relative)).toEqual([]);
    const all = await findSuspects(
      db.prisma,
      { ...relative, passportSeries: "4519", passportNumber: "333333" },
      { threshold: 0 },
    );
    expect(all.map((s) => s.reasons)).toEqual([["SAME_PHONE"]]);
  });

  it("the exact match is the match, not a suspect of itself", async () => {
    const id = await createLead(db.prisma, service, person({ mobilePhone: "+79990000012" }));
    const preview = await previewMatch(db.prisma, operator, id);
    expect(preview).toMatchObject({ status: "WILL_MATCH", client: { id: original.clientId } });
    expect(preview.status === "WILL_MATCH" && preview.suspects).toEqual([]);
  });

  it("a partner key's preview holds no suspects, not even for its own lead", async () => {
    const partner = await partnerActor(db.prisma, "Партнёр", 7n);
    const id = await createLead(
      db.prisma,
      partner,
      person({ passport: { seria: "4519", no: "654321" } }),
    );
    const preview = await previewMatch(db.prisma, partner, id);
    expect(preview).toEqual({ status: "WILL_CREATE" });
    expect(JSON.stringify(preview)).not.toContain("Иванов");
  });

  it("an overlong hostile name is compared without an error", async () => {
    const suspects = await findSuspects(
      db.prisma,
      { lastName: "Я".repeat(400), firstName: "Иван", birthDate: "1990-04-12" },
      { threshold: 0 },
    );
    expect(suspects).toEqual([]);
  });
});
