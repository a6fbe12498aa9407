// Duplicate suspicion in the operator's words: each reason as a short Russian phrase, the score as
// a percentage.
import type { DuplicateReason } from "@leadcore/schema";

export const DUPLICATE_REASON_RU: Record<DuplicateReason, string> = {
  SAME_KEY: "ФИО и паспорт совпали после уточнённой нормализации",
  SAME_PASSPORT: "тот же паспорт, другие ФИО",
  REPLACED_PASSPORT: "те же ФИО и дата рождения, другой паспорт (паспорт заменён?)",
  NAME_TYPO: "опечатка в ФИО",
  TRANSLITERATION: "ФИО латиницей",
  SWAPPED_NAMES: "имя и фамилия переставлены",
  CHANGED_LAST_NAME: "другая фамилия при тех же имени, отчестве, дате рождения и телефоне",
  SAME_PHONE: "тот же мобильный телефон",
  SAME_INN: "тот же ИНН",
  SAME_SNILS: "тот же СНИЛС",
};

export const reasonsRu = (reasons: readonly DuplicateReason[]): string =>
  reasons.map((reason) => DUPLICATE_REASON_RU[reason]).join("; ");

/** 0.943 -> "94 %": how likely the two are one person, as the score says. */
export const scoreRu = (score: number): string => `${Math.round(score * 100)} %`;
