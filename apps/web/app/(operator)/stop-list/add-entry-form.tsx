"use client";
// A new stop-list entry: the kind, the fields of that kind (the contract's, with its labels and
// bounds), and why. The server normalizes and checks the value; its objections show at their
// fields, in Russian, by their codes.
import { STOP_LIST_KINDS, type StopListEntryInput, type StopListKind } from "@leadcore/schema";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { issueRu } from "../../../lib/labels.ts";
import {
  REASON_FIELD,
  STOP_LIST_FIELDS,
  STOP_LIST_KIND_HINT_RU,
  STOP_LIST_KIND_RU,
} from "../../../lib/stop-list-labels.ts";
import { issuesOf, useTRPC } from "../../../lib/trpc.tsx";
import { CreateFormCard } from "../../_components/create-form.tsx";

const PLACEHOLDERS: Partial<Record<string, string>> = {
  seria: "40 08",
  no: "503682",
  mobilePhone: "+7 916 123-45-67",
  inn: "10 или 12 цифр",
  snils: "112-233-445 95",
};

type Values = Record<string, string>;

function entryOf(kind: StopListKind, v: Values): StopListEntryInput {
  const reason = v.reason ?? "";
  switch (kind) {
    case "PASSPORT":
      return { kind, seria: v.seria ?? "", no: v.no ?? "", reason };
    case "PHONE":
      return { kind, mobilePhone: v.mobilePhone ?? "", reason };
    case "INN":
      return { kind, inn: v.inn ?? "", reason };
    case "SNILS":
      return { kind, snils: v.snils ?? "", reason };
    case "PERSON":
      return {
        kind,
        lastName: v.lastName ?? "",
        firstName: v.firstName ?? "",
        patronymic: v.patronymic?.trim() ? v.patronymic : null,
        birthDate: v.birthDate ?? "",
        reason,
      };
  }
}

export function AddEntryForm(props: {
  onStart: () => void;
  onAdded: (notice: string) => Promise<void>;
}) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<StopListKind>("PASSPORT");
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const add = useMutation(
    trpc.stopList.add.mutationOptions({
      onSuccess: async ({ entry, outcome }) => {
        setValues({});
        setErrors({});
        await props.onAdded(
          outcome === "READDED"
            ? `Запись «${entry.display}» снова в стоп-листе (она была удалена).`
            : `Запись «${entry.display}» добавлена в стоп-лист.`,
        );
      },
      onError: (error) =>
        setErrors(Object.fromEntries(issuesOf(error).map((issue) => [issue.path, issueRu(issue)]))),
    }),
  );
  const fields = [...STOP_LIST_FIELDS[kind], REASON_FIELD];

  // An objection stays only until the admin changes what it was about.
  const edit = (name: string, value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => ({ ...current, [name]: "" }));
    if (add.isError) add.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = Object.fromEntries(
      fields
        .filter((field) => field.name !== "patronymic" && !values[field.name]?.trim())
        .map((field) => [field.name, "Обязательное поле"]),
    );
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    props.onStart();
    add.mutate(entryOf(kind, values));
  };
  const fieldErrorsShown = Object.values(errors).some(Boolean);

  return (
    <CreateFormCard
      id="new-entry"
      heading="Новая запись"
      formClassName="stop-list-form"
      actionsClassName="stop-list-form-actions"
      onSubmit={submit}
      mutation={add}
      submitLabel="Добавить в стоп-лист"
      pendingLabel="Добавляем…"
      refusedTitle="Запись не добавлена"
      fieldErrorsShown={fieldErrorsShown}
    >
      <div className="field field-kind">
        <label htmlFor="entry-kind">
          <span className="field-label">Вид записи</span>
        </label>
        <select
          id="entry-kind"
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as StopListKind);
            setErrors({});
            if (add.isError) add.reset();
          }}
        >
          {STOP_LIST_KINDS.map((value) => (
            <option key={value} value={value}>
              {STOP_LIST_KIND_RU[value]} — {STOP_LIST_KIND_HINT_RU[value]}
            </option>
          ))}
        </select>
      </div>
      {fields.map((field) => {
        const id = `entry-${field.name}`;
        const error = errors[field.name];
        const optional = field.name === "patronymic";
        const Input = field.name === "reason" ? "textarea" : "input";
        return (
          <div
            key={`${kind}-${field.name}`}
            className={`field${field.name === "reason" ? " wide" : ""}${error ? " has-error" : ""}`}
          >
            <label htmlFor={id}>
              <span className="field-label">
                {field.label}
                {optional ? <span className="muted"> (если есть)</span> : null}
              </span>
            </label>
            <Input
              id={id}
              {...(Input === "input"
                ? { type: field.name === "birthDate" ? "date" : "text" }
                : { rows: 2 })}
              value={values[field.name] ?? ""}
              onChange={(event: { target: { value: string } }) =>
                edit(field.name, event.target.value)
              }
              maxLength={field.maxLength}
              placeholder={PLACEHOLDERS[field.name]}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-error` : undefined}
            />
            {error ? (
              <p className="field-error" id={`${id}-error`}>
                {error}
              </p>
            ) : null}
          </div>
        );
      })}
    </CreateFormCard>
  );
}
