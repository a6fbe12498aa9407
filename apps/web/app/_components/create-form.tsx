import type { FormEvent, ReactNode } from "react";
import type { ErrorContext } from "../../lib/labels.ts";
import { ApiErrorMessage } from "./api-error.tsx";

/** What a create form needs to know of its mutation (TanStack Query's useMutation result). */
type Mutation = { isPending: boolean; isError: boolean; error: unknown; reset(): void };

/**
 * The card of an admin's "new ..." form (an operator, a denial reason, a stop-list entry): its
 * heading, the fields (`children`), the submit button, and the server's refusal below the form
 * when no field shows it.
 */
export function CreateFormCard(props: {
  id: string;
  heading: string;
  formClassName: string;
  actionsClassName: string;
  onSubmit: (event: FormEvent) => void;
  mutation: Mutation;
  submitLabel: string;
  pendingLabel: string;
  refusedTitle: string;
  fieldErrorsShown: boolean;
  errorContext?: ErrorContext;
  children: ReactNode;
}) {
  const { mutation } = props;
  return (
    <section className="card" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.heading}</h2>
      <form className={props.formClassName} onSubmit={props.onSubmit} noValidate>
        {props.children}
        <div className={props.actionsClassName}>
          <button type="submit" className="button button-primary" disabled={mutation.isPending}>
            {mutation.isPending ? props.pendingLabel : props.submitLabel}
          </button>
        </div>
      </form>
      {mutation.isError && !props.fieldErrorsShown ? (
        <ApiErrorMessage
          error={mutation.error}
          title={props.refusedTitle}
          context={props.errorContext}
        />
      ) : null}
    </section>
  );
}

/**
 * A field's change handler for a create form: an objection (the form's own, or the server's
 * refusal) stays only until the admin changes what it was about, so a change clears both.
 */
export function clearingObjections(mutation: Mutation, clearErrors: () => void) {
  return (set: (value: string) => void) => (value: string) => {
    set(value);
    if (mutation.isError) mutation.reset();
    clearErrors();
  };
}
