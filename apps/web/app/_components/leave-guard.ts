"use client";
// Unsaved edits are never lost without a word. A reload or a closed tab is the browser's own
// beforeunload prompt; an in-app move (a link: "← Лиды", the top menu) and the browser's back
// button never reach the browser's unload, so they ask here first, in Russian.
//
// A popstate cannot be cancelled, and Next's router acts on it, so the back button is caught one
// step early: while the form is dirty, a copy of the current history entry (same URL, same router
// state) is pushed on top. Back leaves the copy for the original entry of the same page, which the
// router restores without a visible change; then the question is asked. «Остаться» pushes the copy
// again; «Уйти» goes one more step back, to where the operator wanted to go. When the form is
// clean again (saved or undone), the copy is taken off so that Back needs one press, as before.
import { useEffect } from "react";

export const LEAVE_QUESTION = "Есть несохранённые изменения. Уйти со страницы и потерять их?";

/** A click that leaves this page inside the app (not a new tab, not an anchor on the same page). */
function leavingLink(event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const link = (event.target as Element | null)?.closest?.("a[href]");
  if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self")) {
    return false;
  }
  if (link.hasAttribute("download")) return false;
  const to = new URL(link.href, window.location.href);
  const here = window.location;
  return !(to.origin === here.origin && to.pathname === here.pathname && to.search === here.search);
}

export function useLeaveGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    // Capturing on the document runs before Next's Link sees the click, so a "no" stops it there.
    const click = (event: MouseEvent) => {
      if (!leavingLink(event) || window.confirm(LEAVE_QUESTION)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    const back = guardBackButton();
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, { capture: true });
    return () => {
      back.release();
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, { capture: true });
    };
  }, [dirty]);
}

/** Marks the history entry that only holds the back button (see the file's opening comment). */
const GUARD_MARK = "leadcoreLeaveGuard";

// One guard for the page however many of its forms are dirty (the editor and a note at once
// would otherwise ask twice): the forms hold it, the last to let go takes the copy off.
let holders = 0;
let leaving = false;
/** A copy waiting to be taken off; a form that becomes dirty at once after (a remount) keeps it. */
let pendingRelease: ReturnType<typeof setTimeout> | undefined;

const onGuard = () => window.history.state?.[GUARD_MARK] === true;
const pushGuard = () =>
  window.history.pushState(
    { ...window.history.state, [GUARD_MARK]: true },
    "",
    window.location.href,
  );

function backPressed() {
  if (leaving || onGuard()) return;
  if (window.confirm(LEAVE_QUESTION)) {
    leaving = true;
    window.history.back();
  } else {
    pushGuard();
  }
}

function guardBackButton(): { release: () => void } {
  clearTimeout(pendingRelease);
  if (holders++ === 0) {
    leaving = false;
    if (!onGuard()) pushGuard();
    window.addEventListener("popstate", backPressed);
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      if (--holders > 0) return;
      window.removeEventListener("popstate", backPressed);
      // Saved or left by a link: the copy goes, unless the operator has already moved off it.
      if (leaving) return;
      pendingRelease = setTimeout(takeCopyOff, 0);
    },
  };
}

/** Moves waiting for the copy to be gone (afterGuardReleased). */
let waiting: (() => void)[] = [];
/** The copy's history.back() is on its way: a move made now would be undone by its popstate. */
let takingOff = false;

function takeCopyOff() {
  pendingRelease = undefined;
  const done = () => {
    takingOff = false;
    const moves = waiting;
    waiting = [];
    for (const move of moves) move();
  };
  if (!onGuard()) return done();
  takingOff = true;
  window.addEventListener("popstate", done, { once: true });
  window.history.back();
}

/**
 * Runs a move once the page's history is as it was before the form became dirty: a move made
 * while the copy is being taken off would land on the wrong entry (the new-lead page replaces
 * itself with the created lead this way).
 */
export function afterGuardReleased(move: () => void): void {
  if (holders > 0 || pendingRelease !== undefined || takingOff) waiting.push(move);
  else move();
}
