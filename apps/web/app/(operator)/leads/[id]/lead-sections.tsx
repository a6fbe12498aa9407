"use client";
import type { FieldIssue, LeadBody } from "@leadcore/schema";
// The editor's frame, shared by a stored lead's page and the new-lead page: the sections of the
// contract as cards, the side menu that follows the scroll, and the lists of errors and warnings
// that lead to their fields.
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { fieldTitle, issueRu } from "../../../../lib/labels.ts";
import { SECTIONS } from "../../../../lib/lead-form/sections.ts";
import { topLevelField } from "../../../../lib/lead-form/spec.ts";
import { type FieldErrors, type FormObject, toLeadBody } from "../../../../lib/lead-form/values.ts";
import { FieldName } from "../../../_components/field-name.tsx";
import { Fields, inputId } from "./lead-form.tsx";

export const toErrors = (issues: FieldIssue[]): FieldErrors =>
  Object.fromEntries(issues.map((issue) => [issue.path, issueRu(issue)]));

export function focusField(path: string) {
  const target = document.getElementById(inputId(path));
  if (!target) return;
  target.closest("details")?.setAttribute("open", "");
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

const NAV_TARGETS = [
  ...SECTIONS.map((section) => ({ id: `s-${section.id}`, title: section.title })),
  { id: "s-history", title: "История изменений" },
];
// A lead not yet created has no history to go to.
const NAV_BEFORE_CREATION = NAV_TARGETS.filter((target) => target.id !== "s-history");
// Where a section counts as reached: just under the sticky head (the cards' scroll-margin-top).
const REACHED_AT = 140;

/**
 * The side menu, marking the section the operator is in (aria-current). A click marks the section
 * clicked, even one too short, or too near the end, to reach the top of the window; scrolling
 * by hand marks the last section whose top has passed under the head (the last section at the
 * very end of the page).
 */
export function SectionNav({ history = true }: { history?: boolean }) {
  const targets = history ? NAV_TARGETS : NAV_BEFORE_CREATION;
  const [current, setCurrent] = useState(targets[0]?.id);
  // While the browser scrolls to a clicked section, the scrolling says nothing about where the
  // operator is: the click does. Set from the click until the scroll ends.
  const jump = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const onScroll = () => {
      if (jump.current) return;
      let reached = targets[0]?.id;
      for (const target of targets) {
        const top = document.getElementById(target.id)?.getBoundingClientRect().top;
        if (top !== undefined && top <= REACHED_AT) reached = target.id;
      }
      // At the very end the last sections can no longer reach the head: the last one is read.
      const { scrollHeight } = document.documentElement;
      if (window.scrollY + window.innerHeight >= scrollHeight - 2)
        reached = targets[targets.length - 1]?.id;
      setCurrent(reached);
    };
    const onScrollEnd = () => endJump(jump);
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("scrollend", onScrollEnd);
    return () => {
      endJump(jump);
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("scrollend", onScrollEnd);
    };
  }, [targets]);

  return (
    <nav className="section-nav" aria-label="Разделы лида">
      {targets.map((target) => (
        <a
          key={target.id}
          href={`#${target.id}`}
          aria-current={current === target.id ? "location" : undefined}
          onClick={() => {
            endJump(jump);
            // A click that needs no scrolling gets no scrollend.
            jump.current = setTimeout(() => endJump(jump), 1500);
            setCurrent(target.id);
          }}
        >
          {target.title}
        </a>
      ))}
    </nav>
  );
}

function endJump(jump: { current: ReturnType<typeof setTimeout> | undefined }): void {
  clearTimeout(jump.current);
  jump.current = undefined;
}

export function IssueLinks({ entries }: { entries: [string, string][] }) {
  return (
    <ul className="issue-list">
      {entries.map(([path, message]) => (
        <li key={path}>
          <a
            href={`#${inputId(path)}`}
            onClick={(event) => {
              event.preventDefault();
              focusField(path);
            }}
          >
            {fieldTitle(path)}
          </a>{" "}
          <FieldName path={path} />: {message}
        </li>
      ))}
    </ul>
  );
}

export function LeadSection({
  id,
  title,
  note,
  fields,
}: {
  id: string;
  title: string;
  note: string | undefined;
  fields: readonly string[];
}) {
  const specs = fields.map(topLevelField);
  const only = specs.length === 1 ? specs[0] : undefined;
  // A section that is one group (the passport) shows the group's fields directly under its title.
  const single = only?.node.type === "object" ? only : undefined;
  return (
    <section className="card" id={`s-${id}`} aria-labelledby={`s-${id}-title`}>
      <h2 id={`s-${id}-title`}>
        {title} {single ? <FieldName path={single.name} /> : null}
      </h2>
      {note ? <p className="muted small">{note}</p> : null}
      {single && single.node.type === "object" ? (
        <Fields fields={single.node.fields} path={[single.name]} />
      ) : (
        <Fields fields={specs} path={[]} />
      )}
    </section>
  );
}

/** Every section of the contract, in the form's order. */
export function LeadSections() {
  return SECTIONS.map((section) => (
    <LeadSection
      key={section.id}
      id={section.id}
      title={section.title}
      note={section.note}
      fields={section.fields}
    />
  ));
}

/**
 * The form's values as a body to send, or null when the contract refuses them: then the errors
 * are shown at their fields and the first one gets the focus.
 */
export function bodyToSend(
  values: FormObject,
  setErrors: (errors: FieldErrors) => void,
): LeadBody | null {
  const result = toLeadBody(values);
  if (!result.ok) {
    setErrors(result.errors);
    const first = Object.keys(result.errors)[0];
    if (first) requestAnimationFrame(() => focusField(first));
    return null;
  }
  setErrors({});
  return result.body;
}

/** Ctrl+S (⌘S) anywhere in the form saves it, instead of the browser saving the page. */
export const savesOnCtrlS = (save: () => void) => (event: KeyboardEvent) => {
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
    event.preventDefault();
    save();
  }
};

/** The refusals (the form was not sent) and the warnings (it is, but no client can be made). */
export function FormIssues({
  errors,
  warnings,
  refused,
}: {
  errors: FieldErrors;
  warnings: FieldErrors;
  /** What the operator is told when the form was refused: «Не сохранено», «Лид не создан». */
  refused: string;
}) {
  const errorList = Object.entries(errors);
  const warningList = Object.entries(warnings);
  return (
    <>
      {errorList.length > 0 ? (
        <div className="notice notice-error" role="alert">
          <strong>
            {refused}: исправьте поля ({errorList.length})
          </strong>
          <IssueLinks entries={errorList} />
        </div>
      ) : null}
      {warningList.length > 0 ? (
        <div className="notice notice-warning">
          <strong>Проверьте данные ({warningList.length})</strong>: лид сохраняется и с ними, но
          клиента с неверным паспортом, ИНН или СНИЛС создать нельзя.
          <IssueLinks entries={warningList} />
        </div>
      ) : null}
    </>
  );
}
