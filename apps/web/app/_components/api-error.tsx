"use client";
import type { ErrorReason } from "@leadcore/schema";
import { type ErrorContext, errorRu } from "../../lib/labels.ts";
import { isApiError } from "../../lib/trpc.tsx";

/** A refusal in REST's envelope (the export download answers in it): its stable reason and code. */
export class EnvelopeError extends Error {
  constructor(
    readonly status: number,
    readonly reason: ErrorReason | undefined,
    readonly code: string | undefined,
  ) {
    super(`HTTP ${status}`);
    this.name = "EnvelopeError";
  }
}

/**
 * A failed call, said in Russian by its reason (or its code). `context` is what the page knows
 * and the server does not repeat, such as the login just typed.
 */
export function ApiErrorMessage({
  error,
  title,
  context,
}: {
  error: unknown;
  title?: string;
  context?: ErrorContext;
}) {
  const message = isApiError(error)
    ? errorRu(error.data ?? {}, context)
    : error instanceof EnvelopeError
      ? errorRu(error, context)
      : "Не удалось связаться с сервером";
  return (
    <div className="notice notice-error" role="alert">
      {title ? <strong>{title}: </strong> : null}
      {message}
    </div>
  );
}
