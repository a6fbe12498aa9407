"use client";
// The search box and the pager shared by the leads and clients lists.
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
