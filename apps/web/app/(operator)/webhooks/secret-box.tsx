"use client";
// A signing secret just made (a new endpoint, a rotation): shown here once, never again (the
// server keeps it but answers only its first characters). It stays until the admin says it was
// handed over; leaving the page before that asks first (webhooks-view.tsx).
import { useEffect, useRef, useState } from "react";

export type ShownSecret = { secret: string; about: string };

export function SecretBox(props: ShownSecret & { onHide: () => void }) {
  const value = useRef<HTMLElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // It appears at the top of the page, perhaps far above the row whose secret was rotated: bring
  // it into view, and the focus to it, so it is not missed (a new secret is a new box: its key).
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
        Секрет подписи — показан один раз, передайте его партнёру
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
        {copied === "no" ? "Не удалось скопировать: секрет выделен, нажмите Ctrl+C." : null}
      </p>
      <p className="small">
        Партнёр проверяет им подпись каждого вебхука (заголовок webhook-signature). Больше этот
        секрет не показать: если он потерян, смените секрет.
      </p>
      <button type="button" className="button" onClick={props.onHide}>
        Секрет передан — скрыть
      </button>
    </section>
  );
}
