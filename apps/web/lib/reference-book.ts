// The names behind a lead's reference ids, as the operator reads them: the shipped lists (sex,
// countries) and the lender's own ones (referenceList.list). An id no list holds is still a valid
// value (partners send ids the lender has not entered yet): it reads «№ 57 (нет в справочнике)».
// Until the lender's lists have arrived nothing is called missing: the id reads «№ 57».
import {
  COUNTRY_ENTRIES,
  type ReferenceEntry,
  type ReferenceListName,
  referenceListOf,
  SEX_ENTRIES,
} from "@leadcore/schema";

export type BookEntry = { id: number; name: string; archived: boolean };

export type ReferenceBook = {
  /** False while the lender's lists are still loading (or failed to load). */
  loaded: boolean;
  entries(list: ReferenceListName): readonly BookEntry[];
};

const shipped = (entries: readonly { id: number; name: string }[]): BookEntry[] =>
  entries.map((entry) => ({ ...entry, archived: false }));
const SHIPPED: Partial<Record<ReferenceListName, BookEntry[]>> = {
  sex: shipped(SEX_ENTRIES),
  country: shipped(COUNTRY_ENTRIES),
};

/** The book over the lender's entries; `null` while they are not known. */
export function referenceBook(lender: readonly ReferenceEntry[] | null): ReferenceBook {
  const byList = new Map<ReferenceListName, BookEntry[]>();
  for (const entry of lender ?? []) {
    const entries = byList.get(entry.list) ?? [];
    entries.push({ id: entry.id, name: entry.name, archived: entry.archived });
    byList.set(entry.list, entries);
  }
  return {
    loaded: lender !== null,
    entries: (list) => SHIPPED[list] ?? byList.get(list) ?? [],
  };
}

export const entryOf = (
  book: ReferenceBook,
  list: ReferenceListName,
  id: number,
): BookEntry | undefined => book.entries(list).find((entry) => entry.id === id);

/** Whether the lender keeps this list (an admin fills it) or LeadCore ships it. */
export const isShippedList = (list: ReferenceListName): boolean => list in SHIPPED;

export const unlistedText = (id: number) => `№ ${id} (нет в справочнике)`;

/** An id of `list` in words: its name, «(в архиве)» for an archived one, the number if unknown. */
export function referenceText(book: ReferenceBook, list: ReferenceListName, id: number): string {
  const entry = entryOf(book, list, id);
  if (entry) return entry.archived ? `${entry.name} (в архиве)` : entry.name;
  // A shipped list is always known; the lender's are known once loaded.
  return book.loaded || isShippedList(list) ? unlistedText(id) : `№ ${id}`;
}

/** The value of the field at `path` in words when it is a reference id, else undefined. */
export function referenceValueText(
  book: ReferenceBook,
  path: string,
  value: unknown,
): string | undefined {
  const list = referenceListOf(path);
  if (!list || typeof value !== "number" || !Number.isSafeInteger(value)) return undefined;
  return referenceText(book, list, value);
}

export type PickerOption = { value: string; label: string };

/**
 * What a picker offers: the live entries, and the current value when it is not among them (an
 * archived entry or an id no list holds), so that opening a lead never changes its value.
 */
export function pickerOptions(
  book: ReferenceBook,
  list: ReferenceListName,
  current: number | undefined,
): PickerOption[] {
  const live = book.entries(list).filter((entry) => !entry.archived);
  const options = live.map((entry) => ({ value: String(entry.id), label: entry.name }));
  if (current !== undefined && !live.some((entry) => entry.id === current)) {
    options.unshift({ value: String(current), label: referenceText(book, list, current) });
  }
  return options;
}
