// Values of unknown shape (history entries, stored addresses) as one line of text.
import { formatPhone, isPhoneField } from "./phone.ts";

type AddressLike = {
  fullAddressText?: unknown;
  postalCode?: unknown;
  regionName?: unknown;
  localityName?: unknown;
  streetName?: unknown;
  houseNo?: unknown;
  apartmentNo?: unknown;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** An address as people write it: its full text when it has one, else the parts it has. */
export function addressText(value: unknown): string | null {
  if (!isRecord(value)) return null;
  const address = value as AddressLike;
  if (typeof address.fullAddressText === "string" && address.fullAddressText.trim())
    return address.fullAddressText;
  const parts = [
    address.postalCode,
    address.regionName,
    address.localityName,
    address.streetName,
    address.houseNo && `д. ${String(address.houseNo)}`,
    address.apartmentNo && `кв. ${String(address.apartmentNo)}`,
  ];
  const text = parts
    .filter((part): part is string => typeof part === "string" && part.trim() !== "")
    .join(", ");
  return text || null;
}

/** The value of the field at `path` as text: a phone written the one way (lib/phone.ts). */
export function fieldValueText(path: string, value: unknown): string {
  return isPhoneField(path) && typeof value === "string" && value.trim() !== ""
    ? formatPhone(value)
    : displayValue(value);
}

export function displayValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "—";
  if (typeof value === "boolean") return value ? "да" : "нет";
  if (typeof value === "string" || typeof value === "number") return String(value);
  const address = addressText(value);
  if (address) return address;
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}…` : json;
}
