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

type ClientChangeStatus = RouterOutputs["client"]["get"]["history"][number]["status"];

export const CLIENT_CHANGE_STATUS_RU: Record<ClientChangeStatus, string> = {
  APPLIED: "Применено",
  PROPOSED: "Ждёт решения",
  ACCEPTED: "Принято оператором",
  REJECTED: "Отклонено оператором",
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
  [/^Too many sign-ins at once/, "Сейчас входит слишком много людей. Повторите через секунду"],
  [/^Too many sign-in attempts from this address/, "Слишком много попыток входа с этого адреса. Попробуйте позже"],
  [/^Too many sign-in attempts/, "Слишком много попыток входа. Попробуйте через минуту"],
  [/^Rate limit exceeded/, "Слишком много запросов. Подождите немного"],
  [/^The database is unavailable/, "База данных недоступна. Повторите попытку чуть позже"],
  [/^Lead not found$/, "Лид не найден"],
  [/^Client not found$/, "Клиент не найден"],
  [/^Contact proposal not found$/, "Предложение не найдено"],
  [/^This contact proposal has already been accepted or rejected$/, "По этому предложению уже принято решение"],
  [/^Only a signed-in operator may do this$/, "Это может сделать только оператор, вошедший в систему"],
  [/^Search by passport takes/, "Для поиска по паспорту введите 6 цифр номера или 10 цифр серии и номера"],
  [/^Internal error$/, "Внутренняя ошибка сервера"],
  [/^Only an administrator may do this$/, "Нет доступа: это может только администратор"],
  [/^The last active administrator cannot be disabled/, "Нельзя отключить последнего действующего администратора: сначала назначьте администратором другого оператора"],
  [/^The last active administrator cannot lose the admin role/, "Нельзя снять права с последнего действующего администратора: сначала назначьте администратором другого оператора"],
  [/^Operator "(.+)" already exists$/, "Оператор «$1» уже есть"],
  [/^No operator "(.+)"$/, "Оператора «$1» нет"],
  [/^No active operator "(.+)"$/, "Оператор «$1» уже отключён"],
  [/^Operator "(.+)" is not disabled$/, "Оператор «$1» не отключён"],
  [/^A login is 2-64 characters/, "Логин: от 2 до 64 символов — латинские буквы, цифры, «.», «_» или «-»"],
  [/^Invalid login$/, "Логин: от 2 до 64 символов — латинские буквы, цифры, «.», «_» или «-»"],
  [/^A password must have (\d+) to (\d+) characters$/, "Пароль: от $1 до $2 символов"],
  [/^(\d+) to (\d+) characters$/, "От $1 до $2 символов"],
  [/^Too big: expected string to have <=(\d+) characters$/, "Не длиннее $1 символов"],
  [/^Too small: expected string to have >=1 characters$/, "Обязательное поле"],
];

/** Words for a refusal whose message has no translation of its own, by its code. */
const ERROR_CODE_RU: Partial<Record<string, string>> = {
  BAD_REQUEST: "Проверьте введённые данные",
  FORBIDDEN: "Нет доступа к этому действию",
  UNAUTHORIZED: "Нужно войти в LeadCore",
};

/** A failed call's message in Russian: its own translation, else the words for its code, else as sent. */
export function apiMessageRu(message: string, code: string | undefined): string {
  const russian = messageRu(message);
  return russian !== message ? russian : (ERROR_CODE_RU[code ?? ""] ?? message);
}

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
