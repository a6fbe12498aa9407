"use client";
// Draws any part of the lead from its spec (lib/lead-form/spec.ts): a leaf is one input, a group
// is a fieldset, a list is a repeating group with "add" and "remove", `attributes` is a key-value
// list. Every input is named by its dotted contract path (`passport.no`, `addresses.0.postalCode`),
// shows the Russian label and the contract name, and its error or warning under it.
import { type ReferenceListName, referenceListOf } from "@leadcore/schema";
import { createContext, type ReactNode, useContext, useId, useState } from "react";
import { ENUM_VALUE_RU } from "../../../../lib/labels.ts";
import { isReadOnlyPath } from "../../../../lib/lead-form/sections.ts";
import type { FieldSpec, LeafNode, ListNode, ObjectNode } from "../../../../lib/lead-form/spec.ts";
import {
  type FieldErrors,
  type FormObject,
  type FormValue,
  getIn,
  isServerOwned,
  type Path,
  pathKey,
} from "../../../../lib/lead-form/values.ts";
import { formatPhone, isPhoneField } from "../../../../lib/phone.ts";
import { isShippedList, pickerOptions } from "../../../../lib/reference-book.ts";
import { contractPath, FieldName } from "../../../_components/field-name.tsx";
import { useReferenceBook } from "../../../_components/use-reference-book.ts";

export type FormApi = {
  values: FormObject;
  errors: FieldErrors;
  warnings: FieldErrors;
  readOnly: boolean;
  /** What LeadCore says for its own fields (clientId, denialReasonId, managerId), shown as text. */
  serverOwned: Readonly<Record<string, ReactNode>>;
  set(path: Path, value: FormValue | undefined): void;
};

const FormContext = createContext<FormApi | null>(null);

export function LeadFormProvider({ api, children }: { api: FormApi; children: ReactNode }) {
  return <FormContext.Provider value={api}>{children}</FormContext.Provider>;
}

function useForm(): FormApi {
  const form = useContext(FormContext);
  if (!form) throw new Error("Lead form fields need a LeadFormProvider");
  return form;
}

/** The id of the input at `path`, so a message elsewhere can link to it. */
export const inputId = (path: string) => `f-${path}`;

// What one element of a list is called: in its heading, and on its "add" and "remove" buttons.
const ITEM_NAMES: Record<string, { title: string; accusative: string }> = {
  addresses: { title: "Адрес", accusative: "адрес" },
  relatives: { title: "Родственник", accusative: "родственника" },
  goods: { title: "Товар", accusative: "товар" },
  leadDebts: { title: "Долг", accusative: "долг" },
  extraFields: { title: "Поле", accusative: "поле" },
  consents: { title: "Согласие", accusative: "согласие" },
  parents: { title: "Родительский объект", accusative: "родительский объект" },
};

const isLeaf = (field: FieldSpec) => field.node.type === "leaf";

/** Fields of one group: the simple ones in a grid, then groups and lists at full width. */
export function Fields({ fields, path }: { fields: readonly FieldSpec[]; path: Path }) {
  const leaves = fields.filter(isLeaf);
  const groups = fields.filter((field) => !isLeaf(field));
  return (
    <>
      {leaves.length > 0 ? (
        <div className="grid">
          {leaves.map((field) => (
            <Field key={field.name} spec={field} path={[...path, field.name]} />
          ))}
        </div>
      ) : null}
      {groups.map((field) => (
        <Field key={field.name} spec={field} path={[...path, field.name]} />
      ))}
    </>
  );
}

export function Field({ spec, path }: { spec: FieldSpec; path: Path }) {
  switch (spec.node.type) {
    case "leaf":
      return <LeafField label={spec.label} node={spec.node} path={path} />;
    case "object":
      return <GroupField label={spec.label} node={spec.node} path={path} />;
    case "list":
      return <ListField label={spec.label} name={spec.name} node={spec.node} path={path} />;
    case "map":
      return <MapField label={spec.label} path={path} />;
  }
}

function Messages({
  id,
  error,
  warning,
}: {
  id: string;
  error: string | undefined;
  warning: string | undefined;
}) {
  return (
    <>
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {warning ? (
        <p className="field-warning" id={`${id}-warning`}>
          ⚠ {warning}
        </p>
      ) : null}
    </>
  );
}

function describedBy(
  id: string,
  error: string | undefined,
  warning: string | undefined,
): string | undefined {
  const ids = [error ? `${id}-error` : "", warning ? `${id}-warning` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

/** A field LeadCore sets: its answer as text, with no input to change it and nothing sent. */
function ServerOwnedField({ label, path }: { label: string; path: Path }) {
  const form = useForm();
  const key = pathKey(path);
  return (
    <div className="field">
      <div className="field-caption" title={`Поле контракта: ${contractPath(path)}`}>
        <span className="field-label">{label}</span>
        <span className="field-name">{contractPath(path)}</span>
      </div>
      <p className="server-value" id={inputId(key)}>
        {form.serverOwned[key] ?? "—"}
      </p>
      <p className="field-hint muted small">Заполняет LeadCore</p>
    </div>
  );
}

function LeafField({ label, node, path }: { label: string; node: LeafNode; path: Path }) {
  const form = useForm();
  const key = pathKey(path);
  if (path.length === 1 && isServerOwned(key))
    return <ServerOwnedField label={label} path={path} />;
  const id = inputId(key);
  const value = getIn(form.values, path);
  const error = form.errors[key];
  const warning = form.warnings[key];
  const readOnly = isReadOnlyPath(key);
  const common = {
    id,
    name: key,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy(id, error, warning),
  } as const;
  const text = typeof value === "string" || typeof value === "number" ? String(value) : "";
  const setText = (next: string) => form.set(path, next === "" ? undefined : next);
  const list = node.kind === "integer" ? referenceListOf(key) : undefined;

  let input: ReactNode;
  let hint: ReactNode = null;
  if (list) {
    input = <ReferencePicker common={common} list={list} text={text} setText={setText} />;
    hint = <ReferenceHint list={list} />;
  } else
    switch (node.kind) {
      case "flag":
        input = (
          <select
            {...common}
            value={value === true ? "true" : value === false ? "false" : ""}
            onChange={(e) =>
              form.set(path, e.target.value === "" ? undefined : e.target.value === "true")
            }
          >
            <option value="">не указано</option>
            <option value="true">да</option>
            <option value="false">нет</option>
          </select>
        );
        break;
      case "choice":
        input = (
          <select {...common} value={text} onChange={(e) => setText(e.target.value)}>
            <option value="">не указано</option>
            {node.options.map((option) => (
              <option key={option} value={option}>
                {ENUM_VALUE_RU[option] ?? option}
              </option>
            ))}
          </select>
        );
        break;
      case "date":
        input = (
          <input {...common} type="date" value={text} onChange={(e) => setText(e.target.value)} />
        );
        break;
      case "integer":
      case "decimal":
        input = (
          <input
            {...common}
            type="text"
            inputMode={node.kind === "integer" ? "numeric" : "decimal"}
            value={text}
            readOnly={readOnly}
            onChange={(e) => setText(e.target.value)}
          />
        );
        break;
      case "text":
        input = (
          <input
            {...common}
            type="text"
            // A lead that can no longer change shows its phones written the one way; an editable
            // one keeps what was typed, so a save sends back exactly that.
            value={form.readOnly && isPhoneField(key) ? formatPhone(text) : text}
            maxLength={node.maxLength}
            onChange={(e) => setText(e.target.value)}
          />
        );
        break;
    }

  return (
    <div
      className={`field${(node.maxLength ?? 0) >= 1000 ? " wide" : ""}${error ? " has-error" : warning ? " has-warning" : ""}`}
    >
      <label htmlFor={id} title={`Поле контракта: ${contractPath(path)}`}>
        {/* A picker offers names: its label does not say «(id)» */}
        <span className="field-label">{list ? label.replace(/\s*\(id\)$/, "") : label}</span>
        <span className="field-name">{contractPath(path)}</span>
      </label>
      {input}
      {hint}
      <Messages id={id} error={error} warning={warning} />
    </div>
  );
}

// The select's entry that turns the picker into a number input.
const OTHER_NUMBER = "other";

/**
 * A reference id picked by name (lib/reference-book.ts). The current value is always offered, so
 * an archived entry or an id no list holds survives a save untouched; «Другой номер…» takes any
 * id, as partners may send (and an empty lender list is typed in from the start).
 */
function ReferencePicker({
  common,
  list,
  text,
  setText,
}: {
  common: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string };
  list: ReferenceListName;
  text: string;
  setText: (next: string) => void;
}) {
  const book = useReferenceBook();
  const current = /^\d+$/.test(text) ? Number(text) : undefined;
  const options = pickerOptions(book, list, current);
  const canPick =
    isShippedList(list) || !book.loaded || book.entries(list).some((entry) => !entry.archived);
  // Typed: chosen by the operator, the only way while the lender's list is empty, or forced by a
  // value that is not a plain id (shown as typed, so the server's objection has a place).
  const [typing, setTyping] = useState(false);
  const typed = typing || !canPick || (text !== "" && current === undefined);
  if (typed) {
    return (
      <div className="reference-picker">
        <input
          {...common}
          type="text"
          inputMode="numeric"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {canPick ? (
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setTyping(false);
              if (current === undefined) setText("");
            }}
          >
            Выбрать из списка
          </button>
        ) : null}
      </div>
    );
  }
  return (
    <select
      {...common}
      value={text}
      onChange={(e) => {
        if (e.target.value === OTHER_NUMBER) setTyping(true);
        else setText(e.target.value);
      }}
    >
      <option value="">не указано</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
      {isShippedList(list) ? null : <option value={OTHER_NUMBER}>Другой номер…</option>}
    </select>
  );
}

/** Where the names come from: said only when the lender's list is still empty. */
function ReferenceHint({ list }: { list: ReferenceListName }) {
  const book = useReferenceBook();
  if (!book.loaded || isShippedList(list) || book.entries(list).length > 0) return null;
  return <p className="field-hint muted small">Справочник пуст: введите номер</p>;
}

const hasContent = (value: FormValue | undefined): boolean =>
  Array.isArray(value)
    ? value.length > 0
    : value !== null && typeof value === "object"
      ? Object.keys(value).length > 0
      : value !== undefined;

// Groups that stay folded even when filled: an operator reads the address text, not its FIAS chain.
const FOLDED = new Set(["fiasChain"]);

/**
 * A group inside the lead. At the top of a section it is an open fieldset; deeper (an address's
 * FIAS chain, a relative's passport) it folds away, open when it holds something.
 */
function GroupField({ label, node, path }: { label: string; node: ObjectNode; path: Path }) {
  const form = useForm();
  const key = pathKey(path);
  const error = form.errors[key];
  // Open at first when it holds something; after that the operator decides.
  const [open, setOpen] = useState(
    () => !FOLDED.has(String(path[path.length - 1])) && hasContent(getIn(form.values, path)),
  );
  const heading = (
    <>
      <span className="group-title">{label}</span> <FieldName path={contractPath(path)} />
    </>
  );
  const body = (
    <>
      {error ? <p className="field-error">{error}</p> : null}
      <Fields fields={node.fields} path={path} />
    </>
  );
  if (path.length <= 1) {
    return (
      <fieldset className="group" id={inputId(key)}>
        <legend>{heading}</legend>
        {body}
      </fieldset>
    );
  }
  return (
    <details
      className="group group-nested"
      id={inputId(key)}
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary>{heading}</summary>
      {body}
    </details>
  );
}

function ListField({
  label,
  name,
  node,
  path,
}: {
  label: string;
  name: string;
  node: ListNode;
  path: Path;
}) {
  const form = useForm();
  const key = pathKey(path);
  const value = getIn(form.values, path);
  const items = Array.isArray(value) ? value : [];
  const itemName = ITEM_NAMES[name] ?? {
    title: node.item.label || "Элемент",
    accusative: "элемент",
  };
  const full = node.max !== undefined && items.length >= node.max;

  const remove = (index: number) =>
    form.set(
      path,
      items.filter((_, i) => i !== index),
    );
  const add = () => form.set(path, [...items, {}]);

  return (
    <section className="list" id={inputId(key)} aria-label={label}>
      <div className="list-head">
        <span className="group-title">{label}</span> <FieldName path={contractPath(path)} />
        <span className="muted small">
          {items.length === 0 ? "нет записей" : `записей: ${items.length}`}
        </span>
      </div>
      {form.errors[key] ? <p className="field-error">{form.errors[key]}</p> : null}
      {items.map((_, index) => (
        <fieldset className="list-item" key={index}>
          <legend>
            {itemName.title} № {index + 1} <FieldName path={contractPath([...path, index])} />
          </legend>
          {/* On a row of its own: beside the fields it would lie over a label. */}
          {form.readOnly ? null : (
            <div className="list-remove">
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => remove(index)}
              >
                Удалить {itemName.accusative} № {index + 1}
              </button>
            </div>
          )}
          <Fields fields={node.item.fields} path={[...path, index]} />
        </fieldset>
      ))}
      {form.readOnly ? null : (
        <button type="button" className="button button-small" onClick={add} disabled={full}>
          + Добавить {itemName.accusative}
        </button>
      )}
    </section>
  );
}

type Pair = { key: string; value: string };

/** `attributes`: a free list of key-value pairs. Pairs without a key are kept on screen only. */
function MapField({ label, path }: { label: string; path: Path }) {
  const form = useForm();
  const id = useId();
  const stored = getIn(form.values, path);
  const [pairs, setPairs] = useState<Pair[]>(() =>
    stored !== null && typeof stored === "object" && !Array.isArray(stored)
      ? Object.entries(stored).map(([key, value]) => ({
          key,
          value: typeof value === "string" ? value : String(value),
        }))
      : [],
  );

  const update = (next: Pair[]) => {
    setPairs(next);
    const entries = next
      .filter((pair) => pair.key.trim() !== "")
      .map((pair): [string, FormValue] => [pair.key.trim(), pair.value]);
    form.set(
      path,
      entries.length > 0 || stored !== undefined ? Object.fromEntries(entries) : undefined,
    );
  };
  const key = pathKey(path);

  return (
    <section className="list" id={inputId(key)} aria-label={label}>
      <div className="list-head">
        <span className="group-title">{label}</span> <FieldName path={contractPath(path)} />
      </div>
      {form.errors[key] ? <p className="field-error">{form.errors[key]}</p> : null}
      {pairs.map((pair, index) => {
        // The contract checks each value at `<map>.<key>`: its objection goes under its pair.
        const pairPath = `${key}.${pair.key.trim()}`;
        const error = pair.key.trim() === "" ? undefined : form.errors[pairPath];
        const first = pairs.findIndex((other) => other.key.trim() === pair.key.trim()) === index;
        return (
          <div className="pair-row" key={index} id={error && first ? inputId(pairPath) : undefined}>
            <div className="pair">
              <label className="visually-hidden" htmlFor={`${id}-k${index}`}>
                Ключ {index + 1}
              </label>
              <input
                id={`${id}-k${index}`}
                placeholder="ключ"
                value={pair.key}
                onChange={(e) =>
                  update(pairs.map((p, i) => (i === index ? { ...p, key: e.target.value } : p)))
                }
              />
              <label className="visually-hidden" htmlFor={`${id}-v${index}`}>
                Значение {index + 1}
              </label>
              <input
                id={`${id}-v${index}`}
                placeholder="значение"
                aria-invalid={error ? true : undefined}
                value={pair.value}
                onChange={(e) =>
                  update(pairs.map((p, i) => (i === index ? { ...p, value: e.target.value } : p)))
                }
              />
              {form.readOnly ? null : (
                <button
                  type="button"
                  className="button button-quiet button-small"
                  onClick={() => update(pairs.filter((_, i) => i !== index))}
                >
                  Удалить
                </button>
              )}
            </div>
            {error ? <p className="field-error">{error}</p> : null}
          </div>
        );
      })}
      {form.readOnly ? null : (
        <button
          type="button"
          className="button button-small"
          onClick={() => update([...pairs, { key: "", value: "" }])}
        >
          + Добавить атрибут
        </button>
      )}
    </section>
  );
}
