"use client";
import { isApiError } from "../../lib/trpc.tsx";
import { apiMessageRu } from "../../lib/labels.ts";

/** A failed call, said in Russian: its message and, when it has them, the fields it names. */
export function ApiErrorMessage({ error, title }: { error: unknown; title?: string }) {
  const message = isApiError(error) ? apiMessageRu(error.message, error.data?.code) : "Не удалось связаться с сервером";
  return (
    <div className="notice notice-error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      {message}
    </div>
  );
}
