// Russian words for the contract's enums and counts: what the operator UI shows (apps/web
// lib/labels.ts re-exports them) and what an export writes, from one place.
import type { Channel, PeriodUnit } from "./lead-contract.ts";
import type { LeadStatus } from "./views.ts";

export const LEAD_STATUS_RU: Record<LeadStatus, string> = {
  NEW: "Новый",
  CONVERTED: "Конвертирован",
  DENIED: "Отказ",
  WITHDRAWN: "Отозван",
};

export const CHANNEL_RU: Record<Channel, string> = {
  ECOMM: "Интернет-магазин",
  GENERATOR: "Лидогенератор",
  LOAN_APPLICATION: "Заявка на заём",
  PRESCORE: "Прескоринг",
  SITE: "Сайт",
  UNO_MOMENTO: "Uno Momento",
};

export const PERIOD_UNIT_RU: Record<PeriodUnit, string> = {
  DAYS: "дней",
  WEEKS: "недель",
  MONTHS: "месяцев",
  YEARS: "лет",
};

type PluralForms = { one: string; few: string; many: string };
const pluralRules = new Intl.PluralRules("ru");

const PERIOD_UNIT_FORMS: Record<PeriodUnit, PluralForms> = {
  DAYS: { one: "день", few: "дня", many: "дней" },
  WEEKS: { one: "неделя", few: "недели", many: "недель" },
  MONTHS: { one: "месяц", few: "месяца", many: "месяцев" },
  YEARS: { one: "год", few: "года", many: "лет" },
};

/** The noun's form that agrees with n: pluralRu(5, { one: "строка", few: "строки", many: "строк" }). */
export function pluralRu(n: number, forms: PluralForms): string {
  // "other" is what Russian rules give a fraction (1,5 месяца): the genitive singular.
  const category = pluralRules.select(n);
  return category === "one" || category === "few" || category === "many"
    ? forms[category]
    : forms.few;
}

/** A count with its noun agreeing: countRu(3, { one: "ошибка", few: "ошибки", many: "ошибок" }). */
export function countRu(n: number, forms: PluralForms): string {
  return `${n} ${pluralRu(n, forms)}`;
}

/** A loan's period as said in Russian, the unit agreeing with the number: "3 недели", "5 месяцев". */
export function formatPeriod(period: number, unit: PeriodUnit | undefined | null): string {
  if (!unit) return String(period);
  return countRu(period, PERIOD_UNIT_FORMS[unit]);
}
