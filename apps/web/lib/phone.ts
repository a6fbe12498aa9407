// One way to write a phone on screen, `+7 916 123-45-67`, wherever the UI shows one in full (the
// lead's read-only fields, the client page, the histories); the lists show the masked form of the
// same grouping, `+7 916 ***-**-67` (packages/core lead-views.ts maskPhone). Only the display
// changes: the stored value stays as it was sent.

// Russian numbers as people write them: +7 or 8 and ten digits, or the ten digits alone.
const RUSSIAN = /^(?:\+?7|8)?(\d{3})(\d{3})(\d{2})(\d{2})$/;

/**
 * A Russian number (mobile or landline, any spelling: "+79161234567", "8 (916) 123 45 67") as
 * `+7 916 123-45-67`; anything else (a foreign number, a masked one, text) as it is, trimmed.
 */
export function formatPhone(phone: string): string {
  const trimmed = phone.trim();
  if (!/^[+\d\s()-]+$/.test(trimmed)) return trimmed;
  const match = RUSSIAN.exec(trimmed.replace(/[\s()-]/g, ""));
  if (!match) return trimmed;
  const [, code, first, second, third] = match;
  return `+7 ${code} ${first}-${second}-${third}`;
}

// The contract's phone fields: the lead's mobile phone, an address's and a relative's telephone.
const PHONE_FIELDS = new Set(["mobilePhone", "telephone"]);

/** Whether the field at a dotted contract path (`relatives.0.telephone`) holds a phone. */
export const isPhoneField = (path: string): boolean =>
  PHONE_FIELDS.has(path.slice(path.lastIndexOf(".") + 1));
