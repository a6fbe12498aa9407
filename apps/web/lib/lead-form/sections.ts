// How the lead's fields are grouped on the lead page, in the order an operator checks a lead.
// Every top-level field of the contract belongs to exactly one section (a test checks it), except
// the card CVC, which is never stored and so never shown.
import type { LeadBody } from "@leadcore/schema";

export type SectionField = Exclude<keyof LeadBody, "cardCvc">;

export type Section = {
  id: string;
  title: string;
  fields: readonly SectionField[];
  /** Shown under the title. */
  note?: string;
};

export const SECTIONS: readonly Section[] = [
  {
    id: "lead",
    title: "Лид",
    fields: ["id", "title", "channel", "howYouKnowId", "registrationNumber", "clientId"],
  },
  {
    id: "person",
    title: "Личные данные",
    fields: [
      "lastName",
      "firstName",
      "patronymic",
      "birthDate",
      "birthPlace",
      "birthCountryId",
      "sexId",
      "naturalPerson",
      "inn",
      "snils",
      "childrenCount",
      "adultChildrenCount",
      "dependentsCount",
    ],
  },
  { id: "passport", title: "Паспорт", fields: ["passport"] },
  {
    id: "addresses",
    title: "Адреса",
    fields: ["registrationAddressData", "addressData", "addresses"],
  },
  { id: "contacts", title: "Контакты", fields: ["mobilePhone", "email"] },
  {
    id: "job",
    title: "Работа и доход",
    fields: ["employerTitle", "employerInn", "meanIncome", "averageMonthlyCost"],
  },
  {
    id: "credit",
    title: "Кредитная история и долги",
    fields: [
      "activeCreditsCount",
      "activeCreditsAmount",
      "monthlyCreditPayment",
      "closedCreditsCount",
      "activeDelinquencyAmount",
      "delinquencyCount",
      "payedDelinquencyCount",
      "writtenDelinquencyCount",
      "leadDebts",
    ],
  },
  { id: "relatives", title: "Родственники и контактные лица", fields: ["relatives"] },
  { id: "goods", title: "Товары", fields: ["goods"] },
  {
    id: "card",
    title: "Банковская карта",
    fields: ["cardNumber", "cardHolder", "validThruMonth", "validThruYear"],
    note: "Номер карты хранится и показывается только маской (первые 6 и последние 4 цифры); чтобы заменить карту, введите полный номер. CVC-код (cardCvc) не хранится и не показывается.",
  },
  {
    id: "loan",
    title: "Запрошенный заём",
    fields: [
      "amount",
      "period",
      "periodUnit",
      "creditProductId",
      "gettingMoneyMethodId",
      "shopId",
      "storeTypeId",
      "subdivisionId",
      "managerId",
    ],
  },
  {
    id: "checks",
    title: "Проверки и отметки",
    fields: [
      "approvedByScorista",
      "ufmsCheck",
      "rosfinmonitoringCheck",
      "mobilePhoneCheck",
      "ipAndRegionMatch",
      "ipAndRegAddressMatch",
      "denialReasonId",
    ],
  },
  {
    id: "consents",
    title: "Согласия заёмщика",
    fields: ["consents"],
    note: "Согласия, которые дал заёмщик (расширение контракта LeadCore). Сохранённое согласие не удаляется; отозвать его можно кнопкой «Отозвать…» над формой. Отзыв согласия на обработку персональных данных уничтожает данные лида, если он не стал клиентом.",
  },
  { id: "extra", title: "Дополнительные поля", fields: ["extraFields"] },
];

// Fields shown but never edited: the lead's own id is the path, not data; a consent's withdrawal
// is recorded by LeadCore («Отозвать…»), never typed.
const READ_ONLY_PATHS: ReadonlySet<string> = new Set(["id", "consents.withdrawnAt"]);

/** Whether the field at a dotted path (`consents.0.withdrawnAt`) is shown but never edited. */
export const isReadOnlyPath = (key: string): boolean =>
  READ_ONLY_PATHS.has(
    key
      .split(".")
      .filter((step) => !/^\d+$/.test(step))
      .join("."),
  );
