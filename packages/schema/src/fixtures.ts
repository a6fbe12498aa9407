// Test data: a lead with every field of the contract filled with valid, realistic values, for
// round-trip tests in every package. Identifiers pass their checksums (computed, never the
// source system's documentation examples, which fail them); the person is fictional.

import type { Compact, CompactLead } from "./compact-lead.ts";
import type { FiasChain } from "./lead-contract.ts";

function yekaterinburgChain(): Compact<FiasChain> {
  return {
    id: "8d2f7a61-3c4e-4b8a-9f1d-2e6c5a7b9d01",
    level: 7,
    name: "Ленина",
    parents: [
      {
        id: "2763c110-cb8b-416a-9dac-ad28a55b4402",
        level: 4,
        name: "Екатеринбург",
        parents: [
          {
            id: "92b30014-4d52-4e2e-892d-928142b924bf",
            level: 1,
            name: "Свердловская",
            parents: [],
            settlement: false,
            type: "обл",
          },
        ],
        settlement: true,
        type: "г",
      },
    ],
    settlement: false,
    type: "пр-кт",
  };
}

function homeAddress() {
  return {
    apartmentNo: "45",
    attributes: { entrance: "2", floor: "7", intercom: "45К" },
    blockNo: "1",
    buildingNo: "2",
    countryId: 643,
    fiasChain: yekaterinburgChain(),
    fiasChainText: "обл Свердловская, г Екатеринбург, пр-кт Ленина",
    fiasId: "5f1c3b2a-7d4e-4c6b-8a9f-0e1d2c3b4a56",
    fullAddressText:
      "620014, Свердловская обл, г Екатеринбург, пр-кт Ленина, д 24, корп 1, стр 2, кв 45",
    houseNo: "24",
    housingType: "Собственное жильё",
    id: 501,
    localityName: "Екатеринбург",
    metroStation: "Площадь 1905 года",
    oldAddressText: "г. Екатеринбург, ул. Ленина, 24-45",
    postalCode: "620014",
    regDate: "2015-03-20",
    regionName: "Свердловская область",
    streetName: "Ленина",
    telephone: "+73433712345",
    timeZone: "Asia/Yekaterinburg",
  };
}

/** A new lead with every field filled (arrays with one element each). Each call returns a fresh copy. */
export function fullLead() {
  return {
    activeCreditsAmount: 85000.5,
    activeCreditsCount: 2,
    activeDelinquencyAmount: 0,
    addressData: homeAddress(),
    addresses: [{ ...homeAddress(), id: 502, position: 1, purposeId: 3 }],
    adultChildrenCount: 1,
    amount: 150000,
    approvedByScorista: true,
    averageMonthlyCost: 32000,
    birthCountryId: 643,
    birthDate: "1987-04-12",
    birthPlace: "г. Свердловск",
    cardCvc: "123",
    cardHolder: "ALEKSEI SEMENOV",
    cardNumber: "4276 3800 1234 5679",
    channel: "SITE",
    childrenCount: 2,
    clientId: 1001,
    closedCreditsCount: 5,
    consents: [
      {
        kind: "PERSONAL_DATA" as const,
        textVersion: "pd-2026-01",
        givenAt: "2026-11-30T10:15:00+05:00",
        channel: "SMS" as const,
        confirmationId: "sms-77310",
        withdrawnAt: "2026-12-01T09:00:00Z",
      },
    ],
    creditProductId: 12,
    delinquencyCount: 1,
    denialReasonId: 4,
    dependentsCount: 1,
    email: "a.semenov@example.ru",
    employerInn: "6671012340",
    employerTitle: "ООО «Уральские самоцветы»",
    extraFields: [{ id: 601, key: "promoCode", value: "SPRING2024" }],
    firstName: "Алексей",
    gettingMoneyMethodId: 2,
    goods: [
      {
        amount: 89990,
        article: "SM-A556E",
        description: "Смартфон, 8/256 ГБ",
        id: 701,
        name: "Samsung Galaxy A55",
        quantity: 1,
      },
    ],
    howYouKnowId: 3,
    id: 10001,
    inn: "665803123451",
    ipAndRegAddressMatch: true,
    ipAndRegionMatch: true,
    lastName: "Семёнов",
    leadDebts: [
      {
        availabilityDelays: "нет",
        bank: "ПАО Сбербанк",
        contractNameAndDate: "№ 0123/45 от 01.06.2022",
        debtAmount: 300000,
        debtBankId: 15,
        debtName: "Потребительский кредит",
        id: 801,
        intRate: 17.9,
        lastFactPaymentDate: "2024-05-15",
        monthlyPayment: 10800,
        paymentPeriodicity: "ежемесячно",
        remainderDebt: 120000,
        requisites: "БИК 044525225, счёт 40817810099910004312",
      },
    ],
    managerId: 77,
    meanIncome: 95000,
    mobilePhone: "+79161234567",
    mobilePhoneCheck: true,
    monthlyCreditPayment: 10800,
    naturalPerson: true,
    passport: {
      closeDate: "2032-04-12",
      complementaryDocTypeId: 1,
      extraNumber: "0001",
      id: 901,
      issueDate: "2007-05-15",
      manager: "Отделом УФМС России по Свердловской обл. в Ленинском р-не г. Екатеринбурга",
      no: "123456",
      seria: "4506",
      subdivisionCode: "660-006",
    },
    patronymic: "Игоревич",
    payedDelinquencyCount: 1,
    period: 12,
    periodUnit: "MONTHS",
    registrationAddressData: { ...homeAddress(), id: 503 },
    registrationNumber: "RN-2024-000123",
    relatives: [
      {
        address: "620014, г Екатеринбург, пр-кт Ленина, д 24, кв 45",
        birthDate: "1989-09-03",
        collateralRelId: 2,
        comments: "Супруга, звонить после 18:00",
        email: "m.semenova@example.ru",
        firstName: "Мария",
        id: 1101,
        lastName: "Семёнова",
        passport: {
          closeDate: "2034-09-03",
          complementaryDocTypeId: 1,
          extraNumber: "0002",
          id: 902,
          issueDate: "2009-10-01",
          manager: "Отделом УФМС России по Свердловской обл. в Кировском р-не г. Екатеринбурга",
          no: "654321",
          seria: "6509",
          subdivisionCode: "660-002",
        },
        patronymic: "Петровна",
        resident: true,
        rnn: "600400123456",
        telephone: "+79221234567",
        verified: true,
        workPlace: "МАОУ СОШ № 13",
      },
    ],
    rosfinmonitoringCheck: true,
    sexId: 1,
    shopId: 31,
    snils: "112-233-445 95",
    storeTypeId: 2,
    subdivisionId: 8,
    title: "Заявка на потребительский займ",
    ufmsCheck: true,
    validThruMonth: "09",
    validThruYear: "2028",
    writtenDelinquencyCount: 0,
  } satisfies CompactLead;
}

/**
 * The full lead as a partner sends it to create one: every field it owns filled; the id and the
 * server-owned fields (clientId, denialReasonId, managerId: LeadCore's answers) left out, and its
 * consent in force (a withdrawal is LeadCore's to record).
 */
export function partnerLead() {
  const {
    id: _assigned,
    clientId: _converted,
    denialReasonId: _denied,
    managerId: _assigned_operator,
    consents,
    ...body
  } = fullLead();
  return {
    ...body,
    consents: consents.map(({ withdrawnAt: _recordedByLeadCore, ...consent }) => consent),
  };
}
