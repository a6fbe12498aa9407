// Russian words for the API's enums, and how values are written on screen.
import type { RouterOutputs } from "@leadcore/api";
import {
  CHANNEL_RU,
  type CONSENT_CHANNELS,
  type ConsentKind,
  type ErrorReason,
  type ExpectedType,
  fieldLabelRu,
  type IssueCode,
  type IssueParams,
  MAX_EXPORT_ROWS,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PERIOD_UNIT_RU,
  type ValueFormat,
} from "@leadcore/schema";

// The enums' words and the plural helpers live with the contract: an export writes them too.
export {
  CHANNEL_RU,
  countRu,
  formatPeriod,
  LEAD_STATUS_RU,
  PERIOD_UNIT_RU,
  pluralRu,
} from "@leadcore/schema";

type StoredLead = RouterOutputs["lead"]["get"];
type Outcome = NonNullable<StoredLead["conversion"]>["outcome"];
type HistoryEntry = RouterOutputs["lead"]["history"][number];

export const OUTCOME_RU: Record<Outcome, string> = {
  CREATED_NEW_CLIENT: "создан новый клиент",
  MATCHED_EXISTING_CLIENT: "добавлен к существующему клиенту",
};

export const EVENT_KIND_RU: Record<HistoryEntry["kind"], string> = {
  CREATED: "Создан",
  UPDATED: "Изменён",
  CONVERTED: "Конвертирован",
  DENIED: "Отказ",
  WITHDRAWN: "Отозван",
  REOPENED: "Открыт заново",
  ASSIGNED: "Назначен оператор",
  COMMENTED: "Заметка оператора",
};

export const ACTOR_KIND_RU: Record<HistoryEntry["actor"]["kind"], string> = {
  partner: "Партнёр",
  service: "Сервис",
  operator: "Оператор",
  system: "LeadCore",
};

type ClientChangeStatus = RouterOutputs["client"]["get"]["history"][number]["status"];

export const CLIENT_CHANGE_STATUS_RU: Record<ClientChangeStatus, string> = {
  APPLIED: "Применено",
  PROPOSED: "Ждёт решения",
  ACCEPTED: "Принято оператором",
  REJECTED: "Отклонено оператором",
};

export const CONSENT_KIND_RU: Record<ConsentKind, string> = {
  PERSONAL_DATA: "Обработка персональных данных",
  CREDIT_BUREAU: "Запрос в бюро кредитных историй",
  MARKETING: "Реклама и рассылки",
};

export const CONSENT_CHANNEL_RU: Record<(typeof CONSENT_CHANNELS)[number], string> = {
  SMS: "Код из СМС",
  WEB: "На сайте",
  APP: "В приложении",
  PAPER: "Подпись на бумаге",
  CALL: "По телефону (запись разговора)",
};

/** Russian words for enum values in form selects, by the enum's values. */
export const ENUM_VALUE_RU: Record<string, string> = {
  ...CHANNEL_RU,
  ...PERIOD_UNIT_RU,
  ...CONSENT_KIND_RU,
  ...CONSENT_CHANNEL_RU,
};

const dateTime = new Intl.DateTimeFormat("ru-RU", { dateStyle: "short", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat("ru-RU", { dateStyle: "short" });
const rubles = new Intl.NumberFormat("ru-RU", {
  style: "currency",
  currency: "RUB",
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));
/** A calendar date `YYYY-MM-DD` as `DD.MM.YYYY`, with no time zone to shift it. */
export const formatCalendarDate = (date: string) => date.split("-").reverse().join(".");
export const formatMoney = (amount: number | null | undefined) =>
  amount == null ? "—" : rubles.format(amount);

export function fullName(person: {
  lastName?: string | null;
  firstName?: string | null;
  patronymic?: string | null;
}): string {
  return [person.lastName, person.firstName, person.patronymic].filter(Boolean).join(" ") || "—";
}

// The API's messages are English and may be reworded; its codes are stable (error-codes.ts in
// @leadcore/schema). Operators read the codes in Russian: every issue code and every reason has
// its text here (test/labels.test.ts fails on a missing one), with the contract's bounds from the
// issue's params. Nothing here reads an English message.

const FORMAT_RU: Record<ValueFormat, string> = {
  inn: "Нужно 10 или 12 цифр",
  snils: "Формат: XXX-XXX-XXX YY или 11 цифр",
  passportSeries: "Нужно 4 цифры",
  passportNumber: "Нужно 6 цифр",
  subdivisionCode: "Формат: NNN-NNN",
  mobilePhone: "Нужен российский мобильный номер: +7 9XX XXX-XX-XX",
  email: "Не похоже на адрес электронной почты: нужен вид name@example.ru",
  cardNumber: "Номер карты: 12–19 цифр с верной контрольной суммой (или маска, как показана)",
  cardCvc: "CVC: 3 или 4 цифры",
  cardMonth: "Месяц: от 1 до 12",
  cardYear: "Год: 2 или 4 цифры",
  date: "Дата в формате ГГГГ-ММ-ДД",
  year: "Неверный год",
  id: "Неверный идентификатор",
  idempotencyKey: "Ключ идемпотентности: от 1 до 200 видимых символов ASCII",
  passportSearch:
    "Для поиска по цифрам введите паспорт (6 цифр номера или 10 цифр серии и номера) или мобильный телефон",
  login: "Логин: от 2 до 64 символов — латинские буквы, цифры, «.», «_» или «-»",
  passport: "Серия и номер паспорта: 10 цифр, например 4008 503682",
  csv: "Строку не прочитать: кавычка открыта и не закрыта до конца файла",
  url: "Нужен полный адрес, например https://partner.example/webhooks",
};

const CHECKSUM_RU: Partial<Record<ValueFormat, string>> = {
  inn: "Не сходятся контрольные цифры",
  snils: "Не сходится контрольное число",
  cardNumber: FORMAT_RU.cardNumber,
};

const EXPECTED_RU: Record<ExpectedType, string> = {
  string: "Нужен текст",
  number: "Введите число",
  int: "Введите целое число",
  boolean: "Нужно «да» или «нет»",
  object: "Нужен набор полей",
  array: "Нужен список",
};

function range(params: IssueParams, unit = ""): string {
  const { minimum, maximum } = params;
  if (minimum !== undefined && maximum !== undefined) return `От ${minimum} до ${maximum}${unit}`;
  if (maximum !== undefined) return `Не больше ${maximum}${unit}`;
  if (minimum !== undefined) return `Не меньше ${minimum}${unit}`;
  return "Значение вне допустимого диапазона";
}

// The fields a lead cannot be kept without (packages/core lead-document.ts requireLeadMinimum).
const NEEDED_TO_SAVE_RU: Partial<Record<string, string>> = {
  firstName: "имени",
  mobilePhone: "мобильного телефона",
};

export const ISSUE_RU: Record<IssueCode, (params: IssueParams, path: string) => string> = {
  REQUIRED: () => "Обязательное поле",
  REQUIRED_TO_SAVE: (_params, path) =>
    `Обязательно: без ${NEEDED_TO_SAVE_RU[path] ?? "этого поля"} лид не сохраняется`,
  REQUIRED_TO_CONVERT: () => "Нужно для конвертации: часть ключа клиента",
  INVALID_TYPE: ({ expected }) => (expected ? EXPECTED_RU[expected] : "Неверный тип значения"),
  UNKNOWN_FIELD: () => "Такого поля нет в контракте",
  INVALID_FORMAT: ({ format }) => (format ? FORMAT_RU[format] : "Неверный формат"),
  INVALID_CHECKSUM: ({ format }) =>
    (format && CHECKSUM_RU[format]) || "Не сходится контрольная сумма",
  INVALID_ENUM: () => "Выберите значение из списка",
  INVALID_VALUE: () => "Недопустимое значение",
  TOO_LONG: ({ maximum }) =>
    maximum === undefined ? "Слишком длинное значение" : `Не длиннее ${maximum} символов`,
  TOO_SHORT: ({ minimum }) =>
    minimum === undefined
      ? "Слишком короткое значение"
      : minimum <= 1
        ? "Обязательное поле"
        : `Не короче ${minimum} символов`,
  INVALID_LENGTH: (params) => range(params, " символов"),
  TOO_MANY: ({ maximum }) =>
    maximum === undefined ? "Слишком много элементов" : `Не больше ${maximum} элементов`,
  TOO_FEW: ({ minimum }) =>
    minimum === undefined ? "Слишком мало элементов" : `Не меньше ${minimum} элементов`,
  TOO_DEEP: ({ maximum }) =>
    maximum === undefined ? "Слишком глубокая вложенность" : `Не глубже ${maximum} уровней`,
  OUT_OF_RANGE: (params) =>
    params.format === "year" && params.minimum !== undefined && params.maximum !== undefined
      ? `Год должен быть от ${params.minimum} до ${params.maximum}`
      : range(params),
  UNSTORABLE_TEXT: () => "Содержит символ, который нельзя сохранить (NUL или непарный суррогат)",
  RESERVED_KEY: () => "Ключ «__proto__» зарезервирован",
  ID_MISMATCH: () => "Должен отсутствовать или совпадать с идентификатором лида",
  NOT_ALLOWED: () => "Должно отсутствовать",
  SERVER_OWNED: () => "Заполняет LeadCore: оставьте поле пустым или как было",
  CARD_MASK_MISMATCH: () => "Введите полный номер карты или оставьте маску без изменений",
  TARGET_NOT_ALLOWED: () =>
    "Только https:// и только публичный адрес: не localhost, не внутренняя сеть, не адрес метаданных",
};

/** What the page knows that the server does not repeat: the login the operator typed. */
export type ErrorContext = { login?: string };

const operator = (context: ErrorContext, known: string, unknown: string) =>
  context.login ? known.replace("$login", context.login) : unknown;

export const REASON_RU: Record<ErrorReason, (context: ErrorContext) => string> = {
  INVALID_URL: () => "Неверный адрес запроса",
  NOT_JSON: () => "Запрос должен быть в формате JSON",
  BODY_TOO_LARGE: () => "Слишком большой запрос",
  NOT_UTF8: () => "Запрос не в кодировке UTF-8",
  TOO_DEEP: () => "Слишком глубокая вложенность данных",
  INVALID_JSON: () => "Запрос не является корректным JSON",
  INPUT_IN_URL: () => "Данные нельзя передавать в адресе запроса",
  BODY_NOT_OBJECT: () => "Тело запроса должно быть объектом JSON",
  ID_MISMATCH: () => "Идентификатор в данных не совпадает с идентификатором лида",
  INVALID_INPUT: () => "Проверьте введённые данные",
  UNSTORABLE_TEXT: () => "В данных есть символы, которые нельзя сохранить",
  RESERVED_KEY: () => "В данных есть зарезервированный ключ «__proto__»",
  AUTHENTICATION_REQUIRED: () => "Нужно войти в LeadCore",
  WRONG_CREDENTIALS: () => "Неверный логин или пароль",
  NOT_SIGNED_IN: () => "Нужно войти в LeadCore",
  OPERATOR_ONLY: () => "Это может сделать только оператор, вошедший в систему",
  ADMIN_ONLY: () => "Нет доступа: это может только администратор",
  RATE_LIMITED: () => "Слишком много запросов. Подождите немного",
  SIGNIN_BUSY: () => "Сейчас входит слишком много людей. Повторите через секунду",
  SIGNIN_ADDRESS_BUDGET_SPENT: () => "Слишком много попыток входа с этого адреса. Попробуйте позже",
  SIGNIN_BUDGET_SPENT: () => "Слишком много попыток входа. Попробуйте через минуту",
  LOGIN_LOCKED: () => "Слишком много неверных попыток. Подождите минуту и попробуйте снова",
  INVALID_API_KEY_THROTTLED: () =>
    "Слишком много неверных ключей API с этого адреса. Попробуйте позже",
  LEAD_NOT_FOUND: () => "Лид не найден",
  LEAD_CONVERTED: () => "Лид конвертирован, его больше нельзя изменить",
  LEAD_DENIED: () =>
    "По лиду отказано: его нельзя изменить, пока администратор не откроет его заново",
  LEAD_WITHDRAWN: () =>
    "Лид отозван: его нельзя изменить, пока администратор не откроет его заново",
  LEAD_ALREADY_NEW: () => "Лид и так новый",
  LEAD_TAKEN: () => "Лид уже в работе у другого оператора; переназначить его может администратор",
  LEAD_STOP_LISTED: () => "Клиент в стоп-листе: по лиду отказано",
  SERVER_OWNED_FIELD: () => "Клиент, причину отказа и менеджера заполняет LeadCore",
  TOO_MANY_LEADS: () => "Слишком много лидов за один раз",
  DENIAL_REASON_NOT_FOUND: () => "Причина отказа не найдена",
  DENIAL_REASON_INACTIVE: () => "Эта причина отказа отключена",
  DENIAL_REASON_EXISTS: () => "Причина с таким кодом уже есть",
  DENIAL_REASON_IN_USE: () => "По этой причине уже отказывали: её можно только отключить",
  DENIAL_REASON_SYSTEM: () =>
    "Причину «стоп-лист» нельзя отключить или удалить: по ней отказывает стоп-лист",
  INVALID_DENIAL_REASON: () => "Проверьте код и название причины",
  REFERENCE_ENTRY_NOT_FOUND: () => "Такой записи в справочнике нет",
  REFERENCE_ENTRY_EXISTS: () => "В этом справочнике уже есть запись с таким номером",
  INVALID_REFERENCE_ENTRY: () => "Проверьте номер и название записи",
  PD_CONSENT_REQUIRED: () => "Нужно согласие заёмщика на обработку персональных данных",
  CONSENT_NOT_GIVEN: () => "Такого действующего согласия у лида нет",
  DATA_REQUEST_NOT_FOUND: () => "Обращение не найдено",
  LEAD_BUSY: () => "Лид сейчас изменяется другим запросом. Повторите попытку",
  LEAD_INCOMPLETE: () => "В лиде не хватает обязательных полей",
  LEAD_NOT_CONVERTIBLE: () => "Лид нельзя конвертировать",
  ID_ASSIGNED_BY_SERVER: () => "Идентификатор нового лида назначает LeadCore",
  INVALID_ID: () => "Неверный идентификатор",
  CARD_MASK_MISMATCH: () => "Маска номера карты не совпадает с сохранённой картой",
  IDEMPOTENCY_KEY_REUSED: () => "Этот ключ идемпотентности уже использован с другими данными",
  INVALID_IDEMPOTENCY_KEY: () => "Неверный ключ идемпотентности",
  CLIENT_NOT_FOUND: () => "Клиент не найден",
  CONTACT_PROPOSAL_NOT_FOUND: () => "Предложение не найдено",
  CONTACT_PROPOSAL_DECIDED: () => "По этому предложению уже принято решение",
  INVALID_PASSPORT_SEARCH: () => FORMAT_RU.passportSearch,
  OPERATOR_EXISTS: (context) =>
    operator(context, "Оператор «$login» уже есть", "Оператор с таким логином уже есть"),
  OPERATOR_NOT_FOUND: (context) =>
    operator(context, "Оператора «$login» нет", "Такого оператора нет"),
  OPERATOR_DISABLED: (context) =>
    operator(context, "Оператор «$login» уже отключён", "Оператор уже отключён"),
  OPERATOR_NOT_DISABLED: (context) =>
    operator(context, "Оператор «$login» не отключён", "Оператор не отключён"),
  LAST_ADMIN: () =>
    "Нельзя отключить последнего действующего администратора: сначала назначьте администратором другого оператора",
  LAST_ADMIN_DEMOTION: () =>
    "Нельзя снять права с последнего действующего администратора: сначала назначьте администратором другого оператора",
  INVALID_LOGIN: () => FORMAT_RU.login,
  INVALID_PASSWORD: () => `Пароль: от ${PASSWORD_MIN_LENGTH} до ${PASSWORD_MAX_LENGTH} символов`,
  SAME_CLIENT: () => "Это один и тот же клиент",
  DUPLICATE_PAIR_MERGED: () => "Эти клиенты уже объединены",
  CLIENT_MERGED: () => "Этот клиент уже объединён с другим клиентом",
  MERGE_TARGET_MERGED: () =>
    "Клиент, с которым вы объединяете, сам уже объединён с другим: откройте того клиента",
  PASSPORTS_DIFFER: () =>
    "У клиентов разные паспорта: подтвердите, что это один человек, отметив флажок",
  PARTNER_EXISTS: () => "Такой партнёр уже есть",
  PARTNER_NOT_FOUND: () => "Партнёр не найден",
  API_KEY_NOT_FOUND: () => "Ключ не найден",
  NAME_REQUIRED: () => "Нужно указать название",
  WEBHOOK_NOT_FOUND: () => "Вебхук не найден",
  WEBHOOK_DELIVERY_NOT_FOUND: () => "Отправка вебхука не найдена",
  INVALID_WEBHOOK: () => "Проверьте адрес и события вебхука",
  WEBHOOK_DELIVERY_PENDING: () => "Следующая попытка этой отправки уже запланирована",
  WEBHOOK_DISABLED: () => "Вебхук отключён: сначала включите его",
  STOP_LIST_ENTRY_INVALID: () => "Запись стоп-листа заполнена неверно",
  STOP_LIST_ENTRY_EXISTS: () => "Эта запись уже есть в стоп-листе",
  STOP_LIST_ENTRY_NOT_FOUND: () => "Запись стоп-листа не найдена",
  STOP_LIST_ENTRY_REMOVED: () => "Запись уже удалена из стоп-листа",
  STOP_LIST_CSV_INVALID: () => "Не удалось прочитать заголовок файла: проверьте названия столбцов",
  EXPORT_TOO_LARGE: () =>
    `Слишком много строк для одной выгрузки (больше ${MAX_EXPORT_ROWS.toLocaleString("ru-RU")}): сузьте фильтр`,
  EXPORT_NOT_FOUND: () => "Выгрузка не найдена или уже скачана: начните её заново",
  NO_SUCH_PROCEDURE: () => "Такого действия нет",
  METHOD_NOT_ALLOWED: () => "Это действие вызывается другим методом",
  DATABASE_UNAVAILABLE: () => "База данных недоступна. Повторите попытку чуть позже",
  INTERNAL_ERROR: () => "Внутренняя ошибка сервера",
};

/** Words for a refusal without a reason of its own (tRPC's own errors), by its transport code. */
const ERROR_CODE_RU: Partial<Record<string, string>> = {
  BAD_REQUEST: "Проверьте введённые данные",
  FORBIDDEN: "Нет доступа к этому действию",
  UNAUTHORIZED: "Нужно войти в LeadCore",
  NOT_FOUND: "Не найдено",
  TOO_MANY_REQUESTS: "Слишком много запросов. Подождите немного",
  INTERNAL_SERVER_ERROR: "Внутренняя ошибка сервера",
};

/** One field issue in Russian, by its code, its params and (for a few codes) the field's path. */
export function issueRu(issue: { code: IssueCode; params?: IssueParams; path?: string }): string {
  return ISSUE_RU[issue.code](issue.params ?? {}, issue.path ?? "");
}

/** A failed call in Russian: by its reason, else by its transport code, never by its message. */
export function errorRu(
  error: { reason?: ErrorReason; code?: string },
  context: ErrorContext = {},
): string {
  if (error.reason) return REASON_RU[error.reason](context);
  return ERROR_CODE_RU[error.code ?? ""] ?? "Запрос не выполнен";
}

/** The Russian label of a field at a dotted path (`relatives.0.passport.seria`), if it has one. */
export function fieldLabel(path: string): string | undefined {
  return fieldLabelRu(
    path.split(".").map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment)),
  );
}

/**
 * What an operator calls the field at `path`, even one the contract gives no label of its own:
 * an attribute of an address is its map's label and the key as typed («Дополнительные атрибуты
 * адреса: «этаж»»), a list's element its list's label. Never the bare contract path.
 */
export function fieldTitle(path: string): string {
  const own = fieldLabel(path);
  if (own) return own;
  const segments = path.split(".");
  for (let length = segments.length - 1; length > 0; length--) {
    const label = fieldLabel(segments.slice(0, length).join("."));
    if (!label) continue;
    const key = segments[length];
    return length === segments.length - 1 && key && !/^\d+$/.test(key)
      ? `${label}: «${key}»`
      : label;
  }
  return "Данные лида";
}

// A client's fields that are no lead field: the passport as one value (a merge compares it whole)
// and the history entries a merge writes on both clients.
const CLIENT_FIELD_RU: Record<string, string> = {
  passport: "Паспорт",
  mergedFrom: "Присоединён клиент",
  mergedInto: "Объединён с клиентом",
};

/** The Russian label of a client's field or history entry (its API name when it has none). */
export function clientFieldLabel(field: string): string {
  return CLIENT_FIELD_RU[field] ?? fieldLabel(field) ?? field;
}
