// Identifiers of synthetic people that pass the checks LeadCore applies (docs: DOMAIN.md,
// "Russian identifiers"): a client must not hold a bad INN or SNILS, so the generator computes the
// check digits instead of drawing them.
import type { Random } from "./random.ts";

const INN12_WEIGHTS_11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12_WEIGHTS_12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function innCheckDigit(digits: string, weights: number[]): string {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * weights[i]!;
  return String((sum % 11) % 10);
}

/** A person's 12-digit INN with both check digits computed from its first ten. */
export function personalInn(first10: string): string {
  if (!/^\d{10}$/.test(first10)) throw new Error("an INN's body is 10 digits");
  const with11 = first10 + innCheckDigit(first10, INN12_WEIGHTS_11);
  return with11 + innCheckDigit(with11, INN12_WEIGHTS_12);
}

/** The two check digits of a SNILS from its first nine digits. */
export function snilsCheck(first9: string): string {
  if (!/^\d{9}$/.test(first9)) throw new Error("a SNILS body is 9 digits");
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (9 - i);
  if (sum > 101) sum %= 101;
  return sum === 100 || sum === 101 ? "00" : String(sum).padStart(2, "0");
}

/** A SNILS in its printed form `XXX-XXX-XXX YY`. */
export function formatSnils(digits11: string): string {
  return `${digits11.slice(0, 3)}-${digits11.slice(3, 6)}-${digits11.slice(6, 9)} ${digits11.slice(9)}`;
}

/** A random personal INN: a real region code (01..92) in front, as tax offices issue them. */
export function randomInn(random: Random): string {
  const region = String(random.between(1, 92)).padStart(2, "0");
  return personalInn(region + random.digits(8));
}

/** A random SNILS (digits only), above 001-001-998, where the check applies. */
export function randomSnils(random: Random): string {
  const body = String(random.between(1_001_999, 999_999_999)).padStart(9, "0");
  return body + snilsCheck(body);
}

/** An RF passport: a series of 4 digits (region code and year of the form) and a 6-digit number. */
export function randomPassport(random: Random): { series: string; number: string } {
  const region = String(random.between(1, 99)).padStart(2, "0");
  const year = String(random.between(0, 25)).padStart(2, "0");
  return { series: region + year, number: String(random.between(100_000, 999_999)) };
}

/** A Russian mobile phone as LeadCore stores it: `+79XXXXXXXXX`. */
export function randomMobilePhone(random: Random): string {
  return `+79${random.digits(9)}`;
}
