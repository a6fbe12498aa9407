// Russian words for the API's enums, and how values are written on screen.
import type { RouterOutputs } from "@leadcore/api";
import { fieldLabelRu } from "@leadcore/schema";

type StoredLead = RouterOutputs["lead"]["get"];
type Channel = NonNullable<StoredLead["channel"]>;
type PeriodUnit = NonNullable<StoredLead["periodUnit"]>;
type LeadStatus = StoredLead["status"];
type Outcome = NonNullable<StoredLead["conversion"]>["outcome"];
type HistoryEntry = RouterOutputs["lead"]["history"][number];

export const LEAD_STATUS_RU: Record<LeadStatus, string> = { NEW: "Новый", CONVERTED: "Конвертирован" };

export const CHANNEL_RU: Record<Channel, string> = {
  ECOMM: "Интернет-магазин",
  GENERATOR: "Лидогенератор",
  LOAN_APPLICATION: "Заявка на заём",
  PRESCORE: "Прескоринг",
  SITE: "Сайт",
  UNO_MOMENTO: "Uno Momento",
};

export const PERIOD_UNIT_RU: Record<PeriodUnit, string> = { DAYS: "дней", WEEKS: "недель", MONTHS: "месяцев", YEARS: "лет" };

export const OUTCOME_RU: Record<Outcome, string> = {
  CREATED_NEW_CLIENT: "создан новый клиент",
  MATCHED_EXISTING_CLIENT: "добавлен к существующему клиенту",
};

export const EVENT_KIND_RU: Record<HistoryEntry["kind"], string> = {
  CREATED: "Создан",
  UPDATED: "Изменён",
  CONVERTED: "Конвертирован",
};

export const ACTOR_KIND_RU: Record<HistoryEntry["actor"]["kind"], string> = {
  partner: "Партнёр",
  service: "Сервис",
  operator: "Оператор",
};

/** Russian words for enum values in form selects, by the enum's values. */
export const ENUM_VALUE_RU: Record<string, string> = { ...CHANNEL_RU, ...PERIOD_UNIT_RU };

const dateTime = new Intl.DateTimeFormat("ru-RU", { dateStyle: "short", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat("ru-RU", { dateStyle: "short" });
const rubles = new Intl.NumberFormat("ru-RU", { style: "currency", currency: "RUB", minimumFractionDigits: 0, maximumFractionDigits: 2 });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));
/** A calendar date `YYYY-MM-DD` as `DD.MM.YYYY`, with no time zone to shift it. */
export const formatCalendarDate = (date: string) => date.split("-").reverse().join(".");
export const formatMoney = (amount: number | null | undefined) => (amount == null ? "—" : rubles.format(amount));

export function fullName(person: { lastName?: string | null; firstName?: string | null; patronymic?: string | null }): string {
  return [person.lastName, person.firstName, person.patronymic].filter(Boolean).join(" ") || "—";
}

// The API's messages are English (they are its contract); operators read them in Russian.
const MESSAGES_RU: [RegExp, string][] = [
  [/^(Employer )?INN must contain 10 or 12 digits$/, "Нужно 10 или 12 цифр"],
  [/^(Employer )?INN check digits do not match$/, "Не сходятся контрольные цифры"],
  [/^SNILS must be XXX-XXX-XXX YY or 11 digits$/, "Формат: XXX-XXX-XXX YY или 11 цифр"],
  [/^SNILS check number does not match$/, "Не сходится контрольное число"],
  [/^Passport series must contain 4 digits$/, "Нужно 4 цифры"],
  [/^Passport number must contain 6 digits$/, "Нужно 6 цифр"],
  [/^Subdivision code must be NNN-NNN$/, "Формат: NNN-NNN"],
  [/^Mobile phone must be a Russian mobile number/, "Нужен российский мобильный номер: +7 9XX XXX-XX-XX"],
  [/^Required to convert a lead/, "Нужно для конвертации: часть ключа клиента"],
  [/^Required: a lead needs a first name$/, "Обязательно: без имени лид не сохраняется"],
  [/^Required: a lead needs a mobile phone$/, "Обязательно: без мобильного телефона лид не сохраняется"],
  [/^Card number must be 12-19 digits/, "Номер карты: 12–19 цифр с верной контрольной суммой (или маска, как показана)"],
  [/^Send the full card number, or the masked value exactly as read$/, "Введите полный номер карты или оставьте маску без изменений"],
  [/^Card month must be 1-12$/, "Месяц: от 1 до 12"],
  [/^Card year must be 2 or 4 digits$/, "Год: 2 или 4 цифры"],
  [/^Year must be between (\d+) and (\d+)$/, "Год должен быть от $1 до $2"],
  [/^The lead is converted and can no longer be edited$/, "Лид конвертирован, его больше нельзя изменить"],
  [/^The lead cannot be converted$/, "Лид нельзя конвертировать"],
  [/^The lead lacks required fields$/, "В лиде не хватает обязательных полей"],
  [/^Wrong login or password$/, "Неверный логин или пароль"],
  [/^Too many wrong passwords/, "Слишком много неверных попыток. Подождите минуту и попробуйте снова"],
  [/^Rate limit exceeded/, "Слишком много запросов. Подождите немного"],
  [/^The database is unavailable/, "База данных недоступна. Повторите попытку чуть позже"],
  [/^Lead not found$/, "Лид не найден"],
  [/^Client not found$/, "Клиент не найден"],
  [/^Search by passport takes/, "Для поиска по паспорту введите 6 цифр номера или 10 цифр серии и номера"],
  [/^Internal error$/, "Внутренняя ошибка сервера"],
];

export function messageRu(message: string): string {
  for (const [pattern, russian] of MESSAGES_RU) {
    const match = pattern.exec(message);
    if (match) return russian.replace(/\$(\d)/g, (_, group: string) => match[Number(group)] ?? "");
  }
  return message;
}

/** The Russian label of a field at a dotted path (`relatives.0.passport.seria`), if it has one. */
export function fieldLabel(path: string): string | undefined {
  return fieldLabelRu(path.split(".").map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)));
}
