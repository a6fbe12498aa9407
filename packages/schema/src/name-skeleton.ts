// A name's Latin skeleton, for duplicate suspicion only (never the identity key): "Иванов Иван" and
// "Ivanov Ivan" (or "Iwanow Iwan", "Ivanoff") come out near each other, so trigram similarity on
// skeletons finds a person whose name a partner transliterated. The Cyrillic is transliterated
// letter by letter (close to the passport's ICAO scheme), then the spellings that transliteration
// schemes disagree on are folded on both sides: y/j/i, kh/h, ts/tz/c, zh/j, w/v, x/ks, ph/f,
// shch/sch/sh, ye/ie/e, a trailing "ff" for "v", and doubled letters.
import { normalizeName } from "./identity-key.ts";

const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "g",
  д: "d",
  е: "e",
  ж: "zh",
  з: "z",
  и: "i",
  й: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ъ: "",
  ы: "y",
  ь: "",
  э: "e",
  ю: "iu",
  я: "ia",
};

const FOLDS: [RegExp, string][] = [
  [/shch|sch/g, "sh"],
  [/tch/g, "ch"],
  [/kh/g, "h"],
  [/ts|tz/g, "c"],
  [/zh/g, "j"],
  [/ph/g, "f"],
  [/x/g, "ks"],
  [/ck|q/g, "k"],
  [/w/g, "v"],
  [/[yj]/g, "i"],
  [/ie/g, "e"], // "ье" written "ye" or "ie" ("Yuryev") and dropped ("Iurev")
  [/ff\b/g, "v"],
  [/(.)\1+/g, "$1"],
];

/** One word (or name) as a skeleton: see the header. */
function skeletonOf(name: string): string {
  let latin = "";
  for (const ch of normalizeName(name)) latin += CYRILLIC_TO_LATIN[ch] ?? ch;
  latin = latin.normalize("NFD").replace(/[^a-z ]/g, "");
  for (const [pattern, replacement] of FOLDS) latin = latin.replace(pattern, replacement);
  return latin.trim();
}

/** The skeleton of a full name: last name, first name and patronymic, in that order. */
export function nameSkeleton(
  lastName: string | null | undefined,
  firstName: string | null | undefined,
  patronymic: string | null | undefined,
): string {
  return [lastName, firstName, patronymic]
    .map((part) => skeletonOf(part ?? ""))
    .filter((part) => part !== "")
    .join(" ");
}
