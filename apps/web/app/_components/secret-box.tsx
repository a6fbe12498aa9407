"use client";
// A secret just made (a webhook's signing secret, a partner's API key): shown here once, never
// again (the server keeps only a hash or answers only its first characters). It stays until the
// admin says it was handed over; the page asks before leaving until then (useLeaveGuard).
import { type ReactNode, useEffect, useRef, useState } from "react";
import "./secret-box.css";

export type ShownSecret = { secret: string; about: string };

export function SecretBox(
  props: ShownSecret & {
    /** The heading: what the secret is, and that it is shown once. */
    title: string;
    /** What the receiver does with it, and what to do when it is lost. */
    hint: ReactNode;
    hideLabel: string;
    onHide: () => void;
  },
) {
  const value = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // It appears at the top of the page, perhaps far above the row it is about: bring it into view,
  // and the focus to it, so it is not missed (a new secret is a new box: its key).
  useEffect(() => {
    heading.current?.scrollIntoView({ block: "center" });
    heading.current?.focus({ preventScroll: true });
  }, []);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.secret);
      setCopied("yes");
    } catch {
      // No clipboard (an insecure origin, a refused permission): select it for Ctrl+C.
      const selection = window.getSelection();
      if (value.current && selection) {
        selection.selectAllChildren(value.current);
      }
      setCopied("no");
    }
  };
  return (
    <section className="secret-box" aria-labelledby="secret-title">
      <h2 id="secret-title" ref={heading} tabIndex={-1}>
        {props.title}
      </h2>
      <p>{props.about}</p>
      <div className="secret-line">
        <code ref={value} className="secret-value" id="secret-value">
          {props.secret}
        </code>
        <button type="button" className="button button-primary" onClick={copy}>
          Скопировать
        </button>
      </div>
      <p className="small" role="status">
        {copied === "yes" ? "Скопировано в буфер обмена." : null}
        {copied === "no" ? "Не удалось скопировать: значение выделено, нажмите Ctrl+C." : null}
      </p>
      <p className="small">{props.hint}</p>
      <button type="button" className="button" onClick={props.onHide}>
        {props.hideLabel}
      </button>
    </section>
  );
}
