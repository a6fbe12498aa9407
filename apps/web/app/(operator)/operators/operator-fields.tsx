"use client";
// The fields of the operators page that are checked as the admin types, with the rules the server
// enforces (from @leadcore/schema): a login, and a password typed twice.
import {
  LOGIN_PATTERN,
  normalizeLogin,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "@leadcore/schema";
import { issueRu } from "../../../lib/labels.ts";
import { issuesOf } from "../../../lib/trpc.tsx";

export type FieldErrors = Partial<Record<"login" | "password" | "confirmation", string>>;

export function loginProblem(login: string): string | undefined {
  const normalized = normalizeLogin(login);
  if (!normalized) return "Обязательное поле";
  if (!LOGIN_PATTERN.test(normalized))
    return issueRu({ code: "INVALID_FORMAT", params: { format: "login" }, path: "login" });
}

export function passwordProblems(password: string, confirmation: string): FieldErrors {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    return { password: `От ${PASSWORD_MIN_LENGTH} до ${PASSWORD_MAX_LENGTH} символов` };
  }
  return password === confirmation ? {} : { confirmation: "Пароли не совпадают" };
}

/** The server's objections to a login or password, at their fields; empty when it named none. */
export function serverFieldErrors(error: unknown): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issuesOf(error)) {
    if (issue.path === "login" || issue.path === "password") errors[issue.path] = issueRu(issue);
  }
  return errors;
}

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  type?: "text" | "password";
  autoComplete: string;
  maxLength: number;
  hint?: string;
  autoFocus?: boolean;
}) {
  const described = [
    props.error ? `${props.id}-error` : null,
    props.hint ? `${props.id}-hint` : null,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={props.error ? "field has-error" : "field"}>
      <label htmlFor={props.id}>
        <span className="field-label">{props.label}</span>
      </label>
      <input
        id={props.id}
        type={props.type ?? "text"}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        autoComplete={props.autoComplete}
        maxLength={props.maxLength}
        // biome-ignore lint/a11y/noAutofocus: set only on the first field of a modal dialog (operators-view.tsx), where focus belongs when the dialog opens
        autoFocus={props.autoFocus}
        spellCheck={false}
        autoCapitalize="none"
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described || undefined}
      />
      {props.hint ? (
        <p className="field-hint muted small" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/** A new password and its repetition. */
export function PasswordFields(props: {
  idPrefix: string;
  password: string;
  confirmation: string;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
  errors: FieldErrors;
  autoFocus?: boolean;
}) {
  return (
    <>
      <TextField
        id={`${props.idPrefix}-password`}
        label="Пароль"
        type="password"
        autoComplete="new-password"
        maxLength={PASSWORD_MAX_LENGTH}
        value={props.password}
        onChange={props.onPassword}
        error={props.errors.password}
        hint={`От ${PASSWORD_MIN_LENGTH} символов`}
        autoFocus={props.autoFocus}
      />
      <TextField
        id={`${props.idPrefix}-confirmation`}
        label="Пароль ещё раз"
        type="password"
        autoComplete="new-password"
        maxLength={PASSWORD_MAX_LENGTH}
        value={props.confirmation}
        onChange={props.onConfirmation}
        error={props.errors.confirmation}
      />
    </>
  );
}
