import type { Database } from "@leadcore/db";
import {
  createTestDatabase,
  testDatabaseKinds,
  warnIfPostgresUntested,
} from "@leadcore/db/testing";
import type { LeadBody, MatchPreview } from "@leadcore/schema";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type Actor,
  clientSuspects,
  createLead,
  DomainError,
  denyLead,
  findSuspects,
  leadRepeats,
  listDuplicatePairs,
  markNotSamePerson,
  previewMatch,
  scanNewClients,
  startDuplicateScanner,
} from "../src/index.ts";
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
  let original: { id: number; clientId: number };
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

  const replacedPassport = () =>
    person({
      passport: { seria: "4519", no: "654321" },
      mobilePhone: "+79990000020",
      inn: undefined,
      snils: undefined,
    });

  it("the background scan queues a new client's suspects once, the most likely first", async () => {
    const second = await createAndConvert(db.prisma, service, replacedPassport());
    expect(await scanNewClients(db.prisma)).toBe(2);
    expect(await scanNewClients(db.prisma)).toBe(0); // nothing new: the watermark moved
    const queue = await listDuplicatePairs(db.prisma, operator, {});
    expect(queue.total).toBe(1);
    expect(queue.items[0]).toMatchObject({
      status: "OPEN",
      reasons: ["REPLACED_PASSPORT"],
      clients: [{ id: original.clientId }, { id: second.clientId }],
    });
    expect(queue.items[0]?.score).toBeGreaterThanOrEqual(0.6);
  });

  it("the scanner sharing the embedded connection catches up in batches of its size, pausing between them", async () => {
    const second = await createAndConvert(db.prisma, service, replacedPassport());
    await db.prisma.duplicateScan.deleteMany(); // the watermark of earlier tests: scan from the start
    const scanner = startDuplicateScanner(db.prisma, {
      intervalMs: 20,
      shareDatabase: true,
      batch: 1,
    });
    try {
      await expect
        .poll(
          async () =>
            (await db.prisma.duplicateScan.findUnique({ where: { id: 1 } }))?.lastClientId,
        )
        .toBe(BigInt(second.clientId));
    } finally {
      await scanner.stop();
    }
    const queue = await listDuplicatePairs(db.prisma, operator, {});
    expect(queue.items.map((pair) => pair.clients.map((client) => client.id))).toEqual([
      [original.clientId, second.clientId],
    ]);
  });

  it("a client page lists its possible duplicates; 'not the same person' removes the pair for good", async () => {
    const second = await createAndConvert(db.prisma, service, replacedPassport());
    const before = await clientSuspects(db.prisma, operator, original.clientId);
    expect(before.map((s) => [s.client.id, s.reasons])).toEqual([
      [second.clientId, ["REPLACED_PASSPORT"]],
    ]);
    await scanNewClients(db.prisma);

    await markNotSamePerson(db.prisma, operator, second.clientId, original.clientId);
    expect(await clientSuspects(db.prisma, operator, original.clientId)).toEqual([]);
    expect(await clientSuspects(db.prisma, operator, second.clientId)).toEqual([]);
    expect((await listDuplicatePairs(db.prisma, operator, {})).total).toBe(0);
    const decided = await listDuplicatePairs(db.prisma, operator, { status: "NOT_SAME" });
    expect(decided.items[0]).toMatchObject({ decidedBy: "olga" });
    // A third record of the person is still suspected against both.
    await createAndConvert(
      db.prisma,
      service,
      person({
        passport: { seria: "4520", no: "777777" },
        mobilePhone: "+79990000021",
        inn: undefined,
        snils: undefined,
      }),
    );
    await scanNewClients(db.prisma);
    expect((await listDuplicatePairs(db.prisma, operator, {})).total).toBe(2);
    expect((await listDuplicatePairs(db.prisma, operator, { status: "NOT_SAME" })).total).toBe(1);
  });

  it("refuses 'not the same person' for a client with itself, for a partner and for an unknown client", async () => {
    await expect(
      markNotSamePerson(db.prisma, operator, original.clientId, original.clientId),
    ).rejects.toMatchObject({ kind: "INVALID", reason: "SAME_CLIENT" });
    await expect(
      markNotSamePerson(db.prisma, operator, original.clientId, 999),
    ).rejects.toMatchObject({ kind: "NOT_FOUND" });
    const partner = await partnerActor(db.prisma, "Партнёр 3", 8n);
    await expect(clientSuspects(db.prisma, partner, original.clientId)).rejects.toBeInstanceOf(
      DomainError,
    );
    await expect(listDuplicatePairs(db.prisma, partner, {})).rejects.toMatchObject({
      kind: "NOT_FOUND",
    });
  });

  it("flags a repeat request: an open lead of the same passport, or one within the window", async () => {
    const open = await createLead(db.prisma, service, person({ mobilePhone: "+79990000030" }));
    const again = await createLead(db.prisma, service, person({ mobilePhone: "+79990000031" }));
    const repeats = await leadRepeats(db.prisma, operator, again);
    expect(repeats.map((r) => [r.id, r.sameBy])).toEqual([
      [open, "passport"],
      [original.id, "passport"],
    ]);
    // Outside the window, only the open (NEW) lead still counts; the converted one does not.
    await db.prisma.lead.updateMany({
      where: { id: { in: [BigInt(open), BigInt(original.id)] } },
      data: { createdAt: new Date(Date.now() - 40 * 86_400_000) },
    });
    expect((await leadRepeats(db.prisma, operator, again)).map((r) => r.id)).toEqual([open]);
    // Denying it with the repeat reason is one call with the seeded reason.
    const reason = await db.prisma.denialReason.findUniqueOrThrow({
      where: { code: "REPEAT_APPLICATION" },
    });
    await denyLead(db.prisma, operator, again, { reasonId: Number(reason.id) });
    const partner = await partnerActor(db.prisma, "Партнёр 2", 9n);
    await expect(leadRepeats(db.prisma, partner, again)).rejects.toMatchObject({
      kind: "NOT_FOUND",
    });
  });

  it("the same phone with the same name is a repeat too; another person's phone is not", async () => {
    const first = await createLead(db.prisma, service, {
      firstName: "Анна",
      lastName: "Орлова",
      mobilePhone: "8 (916) 555-00-11",
    });
    const second = await createLead(db.prisma, service, {
      firstName: "АННА",
      lastName: "Орлова",
      mobilePhone: "+79165550011",
    });
    const stranger = await createLead(db.prisma, service, {
      firstName: "Олег",
      lastName: "Орлов",
      mobilePhone: "+79165550011",
    });
    expect((await leadRepeats(db.prisma, operator, second)).map((r) => [r.id, r.sameBy])).toEqual([
      [first, "phone"],
    ]);
    expect(await leadRepeats(db.prisma, operator, stranger)).toEqual([]);
  });
});
