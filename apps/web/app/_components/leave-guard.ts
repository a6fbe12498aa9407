"use client";
// Unsaved edits are never lost without a word. A reload or a closed tab is the browser's own
// beforeunload prompt; an in-app move (a link: "← Лиды", the top menu) and the browser's back
// button never reach the browser's unload: links ask here first, in Russian. The back button
// does not ask yet (issue 17, item 1): a capturing popstate listener did not stop the router.
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
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, { capture: true });
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, { capture: true });
    };
  }, [dirty]);
}
