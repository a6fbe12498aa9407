"use client";
// The search box, the pagers and the sorting headers shared by the lists.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { type FormEvent, useState } from "react";

/**
 * A search form whose text never reaches a URL: the input has no `name` (even before the page is
 * interactive, a submit cannot put it in the query string), and the text goes to `onSearch`,
 * trimmed; clearing the search sends "".
 */
export function SearchForm(props: {
  id: string;
  label: string;
  placeholder: string;
  search: string;
  onSearch: (text: string) => void;
}) {
  const [draft, setDraft] = useState(props.search);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSearch(draft.trim());
  };
  const clear = () => {
    setDraft("");
    props.onSearch("");
  };
  return (
    <search className="search">
      <form onSubmit={submit}>
        <label htmlFor={props.id} className="visually-hidden">
          {props.label}
        </label>
        <input
          id={props.id}
          type="search"
          placeholder={props.placeholder}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          maxLength={100}
          autoComplete="off"
        />
        <button type="submit" className="button">
          Найти
        </button>
        {props.search ? (
          <button type="button" className="button button-quiet" onClick={clear}>
            Сбросить поиск
          </button>
        ) : null}
      </form>
    </search>
  );
}

/** Keyset paging: back to the first page, or on to the page after `nextCursor`. */
export function Pager(props: {
  onFirstPage: boolean;
  nextCursor: number | null | undefined;
  pageSize: number;
  goTo: (cursor: number | undefined) => void;
}) {
  return (
    <nav className="pager" aria-label="Страницы">
      {props.onFirstPage ? null : (
        <button type="button" className="button button-quiet" onClick={() => props.goTo(undefined)}>
          ← К первой странице
        </button>
      )}
      {props.nextCursor ? (
        <button
          type="button"
          className="button"
          onClick={() => props.goTo(props.nextCursor ?? undefined)}
        >
          Следующие {props.pageSize} →
        </button>
      ) : null}
    </nav>
  );
}

export const PAGE_SIZES = [25, 50, 100] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
const count = new Intl.NumberFormat("ru-RU");

/** The page size a URL asks for, when it is one of the sizes offered. */
export const pageSizeFrom = (value: string | null): PageSize =>
  PAGE_SIZES.find((size) => String(size) === value) ?? 50;

/**
 * Numbered pages over a total: where the page is ("51–100 из 1 234"), the previous and the next
 * page, and how many rows a page holds.
 */
export function NumberedPager(props: {
  total: number | undefined;
  offset: number;
  size: PageSize;
  goTo: (offset: number) => void;
  onSize: (size: PageSize) => void;
}) {
  const { total, offset, size } = props;
  const last = total === undefined ? offset : Math.min(offset + size, total);
  return (
    <nav className="pager" aria-label="Страницы">
      <span className="pager-range" aria-live="polite">
        {total === undefined
          ? ""
          : total === 0
            ? "0 из 0"
            : `${count.format(offset + 1)}–${count.format(last)} из ${count.format(total)}`}
      </span>
      <button
        type="button"
        className="button button-quiet"
        disabled={offset === 0}
        onClick={() => props.goTo(Math.max(0, offset - size))}
      >
        ← Предыдущие
      </button>
      <button
        type="button"
        className="button"
        disabled={total === undefined || last >= total}
        onClick={() => props.goTo(offset + size)}
      >
        Следующие →
      </button>
      <label className="pager-size">
        <span>По</span>
        <select
          value={size}
          onChange={(event) => props.onSize(pageSizeFrom(event.target.value))}
          aria-label="Строк на странице"
        >
          {PAGE_SIZES.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}

/**
 * A column header that sorts the list: a click sorts by it (largest, newest, last first), a
 * second click turns the order round. aria-sort tells a screen reader the order shown.
 */
export function SortHeader<Sort extends string>(props: {
  sort: Sort;
  label: string;
  current: Sort;
  order: "asc" | "desc";
  onSort: (sort: Sort, order: "asc" | "desc") => void;
  className?: string;
  /** The first click's order: names read best from А. */
  firstOrder?: "asc" | "desc";
}) {
  const active = props.current === props.sort;
  const next = active ? (props.order === "desc" ? "asc" : "desc") : (props.firstOrder ?? "desc");
  return (
    <th
      scope="col"
      className={props.className}
      aria-sort={active ? (props.order === "asc" ? "ascending" : "descending") : undefined}
    >
      <button
        type="button"
        className="sort-button"
        onClick={() => props.onSort(props.sort, next)}
        title={`Сортировать: ${props.label.toLowerCase()}`}
      >
        {props.label}
        <span aria-hidden="true">{active ? (props.order === "asc" ? " ↑" : " ↓") : ""}</span>
      </button>
    </th>
  );
}

/**
 * Changes a list's URL parameters (an empty value removes one). Any change but the page's starts
 * again from the first page; a page change is pushed (Back returns to the page before), a filter
 * or order change replaces the entry.
 */
export function useListNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  return (changes: Record<string, string | undefined>, mode: "push" | "replace" = "replace") => {
    const next = new URLSearchParams(params);
    if (!("page" in changes)) next.delete("page");
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const query = next.toString();
    router[mode](query ? `${pathname}?${query}` : pathname, { scroll: mode === "push" });
  };
}
