// The lead body of the contract (spec/lead-api-seed.txt: "edit an existing lead"; creating a
// lead takes the same document). Field names and types are exactly the seed's.
//
// Decisions that hold for every field:
// - Every field is optional and also accepts `null` ("empty"; Java partners send nulls).
//   `compactLead` removes them before storage.
// - Every object is strict: an unknown key (a partner's typo) is an error, never silently lost.
//   `attributes` is the only open map.
// - Everything stays JSON-native: no coercion, no bigint, no Date. int64 ids are integers within
//   Number.MAX_SAFE_INTEGER, so they survive JSON.parse in every client.
// - Strings and arrays are bounded, so a hostile body cannot be huge.
// - Identifiers (INN, SNILS, passport, phone) are plain strings here: a lead is raw data and may
//   hold a bad one; `identifierProblems` (lead-identifiers.ts) reports them. Card fields are the
//   exception: a bad card number or CVC is useless to everyone, so the contract rejects it.
//
// Each field's `.meta({ description })` holds its Russian label; the OpenAPI document and the UI
// show it, and FIELD_LABELS_RU is built from it. A field that identifies a person is wrapped in
// `personal(...)`: the audit trail's masking and the logs' redaction are derived from that mark
// (personal-fields.ts), so a field is marked once, here.

import { z } from "zod";
import { formatPattern, issueParams } from "./error-codes.ts";
import { cardNumberProblem } from "./identifiers.ts";

/** How a stored card number is shown: first 6 and last 4 digits. */
export const MASKED_CARD_NUMBER = /^\d{6}\*{2,9}\d{4}$/;

export const CHANNELS = [
  "ECOMM",
  "GENERATOR",
  "LOAN_APPLICATION",
  "PRESCORE",
  "SITE",
  "UNO_MOMENTO",
] as const;
export const PERIOD_UNITS = ["DAYS", "MONTHS", "WEEKS", "YEARS"] as const;

export const channelSchema = z.enum(CHANNELS);
export const periodUnitSchema = z.enum(PERIOD_UNITS);

export type Channel = z.infer<typeof channelSchema>;
export type PeriodUnit = z.infer<typeof periodUnitSchema>;

/** Upper bounds of the contract; other packages may size columns and inputs by them. */
export const LIMITS = {
  name: 100,
  code: 50,
  phone: 50,
  email: 254,
  title: 300,
  text: 1000,
  longText: 2000,
  money: 1e12,
  interestRate: 1e4,
  minYear: 1900,
  maxYear: 2200,
  attributeCount: 50,
  attributeKey: 100,
  attributeValue: 1000,
  fiasChainDepth: 10,
  fiasParents: 10,
  addresses: 20,
  relatives: 20,
  goods: 100,
  extraFields: 100,
  leadDebts: 50,
  consents: 20,
} as const;

/** The metadata key of the personal-data mark; the OpenAPI document shows it as `"x-personal": true`. */
export const PERSONAL_META_KEY = "x-personal";

/** The field identifies a person: its values are masked in the audit trail and never logged. */
function personal<T extends z.ZodType>(field: T): T {
  return field.meta({ [PERSONAL_META_KEY]: true });
}

// Field builders: one per seed type. Each returns an optional, nullable field with its label.

function id(label: string) {
  return z.int().min(0).meta({ format: "int64" }).nullish().meta({ description: label });
}

function int32(label: string) {
  return z.int32().meta({ format: "int32" }).nullish().meta({ description: label });
}

function count(label: string) {
  return z.int32().min(0).meta({ format: "int32" }).nullish().meta({ description: label });
}

// OpenAPI's `byte` format means a base64 string, so the seed's Java byte is an int32 with a byte's
// bounds (an integer without a format fails the OWASP ruleset's integer-format rule).
function byte(label: string) {
  return z
    .int()
    .min(-128)
    .max(127)
    .meta({ format: "int32" })
    .nullish()
    .meta({ description: label });
}

function money(label: string) {
  return z
    .number()
    .min(0)
    .max(LIMITS.money)
    .meta({ format: "double" })
    .nullish()
    .meta({ description: label });
}

/**
 * A calendar date, YYYY-MM-DD. Its pattern admits exactly 10 characters; the document says so as
 * maxLength (a check of its own would add a second issue to every malformed date).
 */
export const calendarDateSchema = (params?: { abort?: boolean }) =>
  z.iso.date(params).meta({ maxLength: 10 });

// z.iso.date() already rejects impossible days (2023-02-29); the year range is a sanity bound,
// checked only on a well-formed date (abort) so a bad date gets one clear issue.
function date(label: string) {
  return calendarDateSchema({ abort: true })
    .refine(
      (value) => {
        const year = Number(value.slice(0, 4));
        return year >= LIMITS.minYear && year <= LIMITS.maxYear;
      },
      {
        message: `Year must be between ${LIMITS.minYear} and ${LIMITS.maxYear}`,
        params: issueParams("OUT_OF_RANGE", {
          format: "year",
          minimum: LIMITS.minYear,
          maximum: LIMITS.maxYear,
        }),
      },
    )
    .nullish()
    .meta({ description: label });
}

function flag(label: string) {
  return z.boolean().nullish().meta({ description: label });
}

// PostgreSQL cannot store a NUL character or an unpaired UTF-16 surrogate (JSON allows both as
// escapes); refusing them here names the field, instead of failing at the database. This runs on
// every string of every lead: a cheap scan first, the exact pairing check only on a hit.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what is refused
const NUL_OR_SURROGATE = /[\u0000\ud800-\udfff]/;
const NUL_OR_LONE_SURROGATE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the NUL character is what is refused
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Whether PostgreSQL can store the text (no NUL, no unpaired surrogate); the API's safety net reuses it. */
export const isStorableText = (value: string) =>
  !NUL_OR_SURROGATE.test(value) || !NUL_OR_LONE_SURROGATE.test(value);

function storableString(max: number) {
  return z
    .string()
    .max(max)
    .refine(isStorableText, {
      message: "Must not contain a NUL character or an unpaired surrogate",
      params: issueParams("UNSTORABLE_TEXT"),
    });
}

function text(max: number, label: string) {
  return storableString(max).nullish().meta({ description: label });
}

const attributesSchema = z
  // zod drops a "__proto__" key here without a word; the API refuses one before parsing
  // (packages/api trpc.ts, reservedKeys).
  .record(storableString(LIMITS.attributeKey).min(1), storableString(LIMITS.attributeValue))
  .refine((attributes) => Object.keys(attributes).length <= LIMITS.attributeCount, {
    message: `At most ${LIMITS.attributeCount} attributes`,
    params: issueParams("TOO_MANY", { maximum: LIMITS.attributeCount }),
  })
  .meta({ maxProperties: LIMITS.attributeCount });

type ChainLevels = { parents?: readonly ChainLevels[] | null | undefined };

/** Levels of a FIAS chain: 1 for a chain without parents. */
export function fiasChainDepth(chain: ChainLevels): number {
  const parents = chain.parents ?? [];
  return 1 + Math.max(0, ...parents.map(fiasChainDepth));
}

// FIAS address objects from the street up to the region. `id` is a FIAS GUID as a string, but
// real integrations also send other ids, so it is not checked as a GUID.
export const fiasChainSchema = z
  .strictObject({
    id: text(LIMITS.code, "Идентификатор объекта ФИАС"),
    level: int32("Уровень объекта ФИАС"),
    name: text(LIMITS.title, "Наименование объекта ФИАС"),
    // Recursion through a getter (zod 4); the annotation breaks the type cycle. The depth is
    // checked on the array rather than on the object, where a refinement would make the type
    // cycle unresolvable; the check sees the depth of the chain that owns these parents.
    get parents(): z.ZodOptional<z.ZodNullable<z.ZodArray<typeof fiasChainSchema>>> {
      return z
        .array(fiasChainSchema)
        .max(LIMITS.fiasParents)
        .refine((parents) => fiasChainDepth({ parents }) <= LIMITS.fiasChainDepth, {
          message: `FIAS chain must not be deeper than ${LIMITS.fiasChainDepth} levels`,
          params: issueParams("TOO_DEEP", { maximum: LIMITS.fiasChainDepth }),
        })
        .nullish()
        .meta({ description: "Родительские объекты ФИАС" });
    },
    settlement: flag("Является населённым пунктом"),
    type: text(LIMITS.code, "Тип объекта ФИАС (сокращение)"),
  })
  .meta({ id: "FiasChain", description: "Цепочка объектов ФИАС" });

export type FiasChain = z.infer<typeof fiasChainSchema>;

const addressShape = {
  apartmentNo: personal(text(LIMITS.code, "Квартира")),
  attributes: attributesSchema.nullish().meta({ description: "Дополнительные атрибуты адреса" }),
  blockNo: personal(text(LIMITS.code, "Корпус")),
  buildingNo: personal(text(LIMITS.code, "Строение")),
  countryId: id("Страна (id)"),
  fiasChain: fiasChainSchema.nullish().meta({ description: "Цепочка ФИАС" }),
  fiasChainText: text(LIMITS.longText, "Цепочка ФИАС текстом"),
  fiasId: text(LIMITS.code, "Код ФИАС"),
  fullAddressText: personal(text(LIMITS.longText, "Полный адрес")),
  houseNo: personal(text(LIMITS.code, "Дом")),
  housingType: text(LIMITS.name, "Тип жилья"),
  id: id("Адрес (id)"),
  localityName: text(LIMITS.title, "Населённый пункт"),
  metroStation: text(LIMITS.name, "Станция метро"),
  oldAddressText: personal(text(LIMITS.longText, "Адрес в прежнем формате")),
  postalCode: text(LIMITS.code, "Почтовый индекс"),
  regDate: date("Дата регистрации по адресу"),
  regionName: text(LIMITS.title, "Регион"),
  streetName: personal(text(LIMITS.title, "Улица")),
  telephone: personal(text(LIMITS.phone, "Телефон по адресу")),
  timeZone: text(LIMITS.code, "Часовой пояс"),
};

/** The shape of `addressData` and `registrationAddressData`. */
export const addressSchema = z
  .strictObject(addressShape)
  .meta({ id: "Address", description: "Адрес" });

/** An element of `addresses[]`: an address with its place in the list and its purpose. */
export const addressListItemSchema = z
  .strictObject({
    ...addressShape,
    position: byte("Порядковый номер адреса"),
    purposeId: id("Назначение адреса (id)"),
  })
  .meta({ id: "AddressListItem", description: "Адрес из списка адресов" });

export const passportSchema = z
  .strictObject({
    closeDate: date("Дата окончания действия"),
    complementaryDocTypeId: id("Тип документа (id)"),
    extraNumber: text(LIMITS.code, "Дополнительный номер документа"),
    id: id("Паспорт (id)"),
    issueDate: date("Дата выдачи"),
    manager: text(LIMITS.text, "Кем выдан"),
    no: text(LIMITS.code, "Номер паспорта"),
    seria: text(LIMITS.code, "Серия паспорта"),
    subdivisionCode: text(LIMITS.code, "Код подразделения"),
  })
  .meta({ id: "Passport", description: "Паспорт" });

export const relativeSchema = z
  .strictObject({
    address: personal(text(LIMITS.longText, "Адрес")),
    birthDate: personal(date("Дата рождения")),
    collateralRelId: id("Степень родства (id)"),
    comments: text(LIMITS.longText, "Комментарий"),
    email: personal(text(LIMITS.email, "Электронная почта")),
    firstName: personal(text(LIMITS.name, "Имя")),
    id: id("Родственник (id)"),
    lastName: personal(text(LIMITS.name, "Фамилия")),
    passport: personal(passportSchema.nullish().meta({ description: "Паспорт" })),
    patronymic: personal(text(LIMITS.name, "Отчество")),
    resident: flag("Резидент РФ"),
    rnn: personal(text(LIMITS.code, "РНН (налоговый номер)")),
    telephone: personal(text(LIMITS.phone, "Телефон")),
    verified: flag("Проверен"),
    workPlace: personal(text(LIMITS.title, "Место работы")),
  })
  .meta({ id: "Relative", description: "Родственник или контактное лицо" });

export const extraFieldSchema = z
  .strictObject({
    id: id("Дополнительное поле (id)"),
    key: text(LIMITS.name, "Ключ"),
    value: text(LIMITS.text, "Значение"),
  })
  .meta({ id: "ExtraField", description: "Дополнительное поле" });

export const goodSchema = z
  .strictObject({
    amount: money("Стоимость"),
    article: text(LIMITS.name, "Артикул"),
    description: text(LIMITS.text, "Описание"),
    id: id("Товар (id)"),
    name: text(LIMITS.title, "Наименование"),
    quantity: count("Количество"),
  })
  .meta({ id: "Good", description: "Товар" });

// LeadCore's documented extension of the seed's contract (152-FZ): the borrower's consents, as
// the partner took them. Kept with the lead, shown to operators, returned to the partner; never
// removed by an update, and kept (no personal value in it) when the lead's data is destroyed.
export const CONSENT_KINDS = ["PERSONAL_DATA", "CREDIT_BUREAU", "MARKETING"] as const;
export const CONSENT_CHANNELS = ["SMS", "WEB", "APP", "PAPER", "CALL"] as const;
export const consentKindSchema = z.enum(CONSENT_KINDS).meta({
  id: "ConsentKind",
  description:
    "PERSONAL_DATA: processing of personal data; CREDIT_BUREAU: a credit-bureau request; MARKETING: advertising",
});
export type ConsentKind = z.infer<typeof consentKindSchema>;

export const consentSchema = z
  .strictObject({
    kind: z.enum(CONSENT_KINDS).meta({
      description: "Вид согласия",
      "x-enum-descriptions": [
        "обработка персональных данных",
        "запрос в бюро кредитных историй",
        "реклама и рассылки",
      ],
    }),
    textVersion: storableString(LIMITS.code)
      .min(1)
      .meta({ description: "Версия текста согласия, которое дал заёмщик" }),
    givenAt: z.iso
      .datetime({ offset: true })
      .max(35)
      .meta({ description: "Когда согласие дано (ISO 8601 с часовым поясом)" }),
    channel: z
      .enum(CONSENT_CHANNELS)
      .meta({ id: "ConsentChannel", description: "Как согласие получено" }),
    confirmationId: text(LIMITS.name, "Идентификатор подтверждения (например, СМС-кода)"),
    withdrawnAt: z.iso.datetime({ offset: true }).max(35).nullish().meta({
      description:
        "Когда согласие отозвано; заполняет LeadCore (POST /leads/{id}/consents/withdraw), присланное значение не меняет сохранённое",
    }),
  })
  .meta({ id: "Consent", description: "Согласие заёмщика" });
export type Consent = z.infer<typeof consentSchema>;

/** LeadCore's fields beyond the seed page's contract (seed-fields.test.ts knows them by this). */
export const CONTRACT_EXTENSIONS = ["consents"] as const;

export const leadDebtSchema = z
  .strictObject({
    availabilityDelays: text(LIMITS.text, "Наличие просрочек"),
    bank: text(LIMITS.title, "Банк"),
    contractNameAndDate: text(LIMITS.title, "Договор (номер и дата)"),
    debtAmount: money("Сумма долга"),
    debtBankId: id("Банк-кредитор (id)"),
    debtName: text(LIMITS.title, "Наименование долга"),
    id: id("Долг (id)"),
    // A rate, not money: it may be negative in corrections, so only a sanity bound.
    intRate: z
      .number()
      .min(-LIMITS.interestRate)
      .max(LIMITS.interestRate)
      .meta({ format: "double" })
      .nullish()
      .meta({ description: "Процентная ставка" }),
    lastFactPaymentDate: date("Дата последнего фактического платежа"),
    monthlyPayment: money("Ежемесячный платёж"),
    paymentPeriodicity: text(LIMITS.name, "Периодичность платежей"),
    remainderDebt: money("Остаток долга"),
    requisites: text(LIMITS.longText, "Реквизиты"),
  })
  .meta({ id: "LeadDebt", description: "Долг из кредитной истории" });

export const leadBodySchema = z
  .strictObject({
    activeCreditsAmount: money("Сумма действующих кредитов"),
    activeCreditsCount: count("Количество действующих кредитов"),
    activeDelinquencyAmount: money("Сумма текущей просрочки"),
    addressData: addressSchema.nullish().meta({ description: "Адрес проживания" }),
    addresses: z
      .array(addressListItemSchema)
      .max(LIMITS.addresses)
      .nullish()
      .meta({ description: "Адреса" }),
    adultChildrenCount: count("Количество совершеннолетних детей"),
    amount: money("Запрошенная сумма"),
    approvedByScorista: flag("Одобрен Scorista"),
    averageMonthlyCost: money("Средние ежемесячные расходы"),
    birthCountryId: id("Страна рождения (id)"),
    birthDate: personal(date("Дата рождения")),
    birthPlace: personal(text(LIMITS.text, "Место рождения")),
    // Never persisted nor logged (PCI DSS); accepted only to pass on to the payment step.
    cardCvc: personal(
      z
        .string()
        .regex(formatPattern(/^\d{3,4}$/, "cardCvc"), "Card CVC must be 3 or 4 digits")
        // The pattern is the bound; maxLength states it (each pattern-bound string below alike).
        .meta({ maxLength: 4 })
        .nullish()
        .meta({ description: "CVC/CVV-код карты (не хранится)", writeOnly: true }),
    ),
    cardHolder: personal(text(LIMITS.name, "Держатель карты")),
    // A lead read back carries the masked number (first 6 + last 4); sending that back unchanged
    // keeps the stored card, so a read-modify-write by a partner does not need the full number.
    // One message for both ways a number can fail; the code tells them apart.
    cardNumber: personal(
      z
        .string()
        .max(40)
        .check((ctx) => {
          const problem = MASKED_CARD_NUMBER.test(ctx.value) ? null : cardNumberProblem(ctx.value);
          if (problem) {
            ctx.issues.push({
              code: "custom",
              input: ctx.value,
              message:
                "Card number must be 12-19 digits passing the Luhn check (or the masked value as read)",
              params: issueParams(problem, { format: "cardNumber" }),
            });
          }
        })
        .nullish()
        .meta({ description: "Номер карты (в ответах маскирован: первые 6 и последние 4 цифры)" }),
    ),
    channel: channelSchema.nullish().meta({ description: "Канал поступления лида" }),
    childrenCount: count("Количество детей"),
    consents: z
      .array(consentSchema)
      .max(LIMITS.consents)
      .nullish()
      .meta({ description: "Согласия заёмщика (расширение LeadCore)" }),
    clientId: id("Клиент (id)"),
    closedCreditsCount: count("Количество закрытых кредитов"),
    creditProductId: id("Кредитный продукт (id)"),
    delinquencyCount: count("Количество просрочек"),
    denialReasonId: id("Причина отказа (id)"),
    dependentsCount: count("Количество иждивенцев"),
    email: personal(text(LIMITS.email, "Электронная почта")),
    employerInn: text(LIMITS.code, "ИНН работодателя"),
    employerTitle: text(LIMITS.title, "Работодатель"),
    extraFields: z
      .array(extraFieldSchema)
      .max(LIMITS.extraFields)
      .nullish()
      .meta({ description: "Дополнительные поля" }),
    firstName: personal(text(LIMITS.name, "Имя")),
    gettingMoneyMethodId: id("Способ получения денег (id)"),
    goods: z.array(goodSchema).max(LIMITS.goods).nullish().meta({ description: "Товары" }),
    howYouKnowId: id("Откуда узнал о нас (id)"),
    id: id("Лид (id)"),
    inn: personal(text(LIMITS.code, "ИНН")),
    ipAndRegAddressMatch: flag("IP совпадает с адресом регистрации"),
    ipAndRegionMatch: flag("IP совпадает с регионом"),
    lastName: personal(text(LIMITS.name, "Фамилия")),
    leadDebts: z
      .array(leadDebtSchema)
      .max(LIMITS.leadDebts)
      .nullish()
      .meta({ description: "Кредитная история" }),
    managerId: id("Менеджер (id)"),
    meanIncome: money("Среднемесячный доход"),
    mobilePhone: personal(text(LIMITS.phone, "Мобильный телефон")),
    mobilePhoneCheck: flag("Мобильный телефон подтверждён"),
    monthlyCreditPayment: money("Ежемесячный платёж по кредитам"),
    naturalPerson: flag("Физическое лицо"),
    passport: personal(passportSchema.nullish().meta({ description: "Паспорт" })),
    patronymic: personal(text(LIMITS.name, "Отчество")),
    payedDelinquencyCount: count("Количество погашенных просрочек"),
    period: count("Срок"),
    periodUnit: periodUnitSchema.nullish().meta({ description: "Единица срока" }),
    registrationAddressData: addressSchema.nullish().meta({ description: "Адрес регистрации" }),
    registrationNumber: text(LIMITS.code, "Регистрационный номер"),
    relatives: z
      .array(relativeSchema)
      .max(LIMITS.relatives)
      .nullish()
      .meta({ description: "Родственники и контактные лица" }),
    rosfinmonitoringCheck: flag("Проверка Росфинмониторинга пройдена"),
    sexId: id("Пол (id)"),
    shopId: id("Магазин (id)"),
    snils: personal(text(LIMITS.code, "СНИЛС")),
    storeTypeId: id("Тип торговой точки (id)"),
    subdivisionId: id("Подразделение (id)"),
    title: text(LIMITS.title, "Название лида"),
    ufmsCheck: flag("Проверка паспорта в ФМС пройдена"),
    validThruMonth: personal(
      z
        .string()
        .regex(formatPattern(/^(0?[1-9]|1[0-2])$/, "cardMonth"), "Card month must be 1-12")
        .meta({ maxLength: 2 })
        .nullish()
        .meta({ description: "Карта действительна до: месяц" }),
    ),
    validThruYear: personal(
      z
        .string()
        .regex(formatPattern(/^(\d{2}|\d{4})$/, "cardYear"), "Card year must be 2 or 4 digits")
        .meta({ maxLength: 4 })
        .nullish()
        .meta({ description: "Карта действительна до: год" }),
    ),
    writtenDelinquencyCount: count("Количество списанных просрочек"),
  })
  .meta({ id: "Lead", description: "Лид" });

export type LeadBody = z.infer<typeof leadBodySchema>;
export type Address = z.infer<typeof addressSchema>;
export type AddressListItem = z.infer<typeof addressListItemSchema>;
export type LeadAttributes = z.infer<typeof attributesSchema>;
export type Passport = z.infer<typeof passportSchema>;
export type Relative = z.infer<typeof relativeSchema>;
export type ExtraField = z.infer<typeof extraFieldSchema>;
export type Good = z.infer<typeof goodSchema>;
export type LeadDebt = z.infer<typeof leadDebtSchema>;
