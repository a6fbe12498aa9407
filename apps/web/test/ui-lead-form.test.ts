// The lead form's model, without a browser: every contract field has a place and a Russian label,
// and values go from a stored lead to the form and back to the same document.

import type { RouterOutputs } from "@leadcore/api";
import { leadBodySchema, SERVER_OWNED_FIELDS } from "@leadcore/schema";
import { fullLead } from "@leadcore/schema/fixtures";
import { describe, expect, it } from "vitest";
import { SECTIONS } from "../lib/lead-form/sections.ts";
import { type FieldSpec, leadNode, type ObjectNode } from "../lib/lead-form/spec.ts";
import { setIn, storedBody, toFormValues, toLeadBody } from "../lib/lead-form/values.ts";

type StoredLead = RouterOutputs["lead"]["get"];

function storedFullLead(): StoredLead {
  const { cardCvc: _neverStored, ...document } = fullLead();
  return {
    ...document,
    cardNumber: "427638******5679",
    id: 7,
    status: "NEW",
    partner: { id: 1, name: "Магазин" },
    denial: null,
    withdrawal: null,
    conversion: null,
    warnings: [],
    createdAt: "2026-01-10T09:00:00.000Z",
    updatedAt: "2026-01-10T09:00:00.000Z",
  };
}

/** Every field spec under `node`, by dotted path; a group met again (the FIAS chain's parents) is not entered twice. */
function allFields(
  node: ObjectNode,
  prefix = "",
  seen = new Set<ObjectNode>(),
): [string, FieldSpec][] {
  seen.add(node);
  return node.fields.flatMap((field): [string, FieldSpec][] => {
    const path = `${prefix}${field.name}`;
    const inner =
      field.node.type === "object"
        ? field.node
        : field.node.type === "list"
          ? field.node.item
          : undefined;
    const nested = inner && !seen.has(inner) ? allFields(inner, `${path}.`, new Set(seen)) : [];
    return [[path, field], ...nested];
  });
}

describe("the lead form", () => {
  it("places every top-level field of the contract in exactly one section, except the never-stored CVC", () => {
    const placed = SECTIONS.flatMap((section) => section.fields);
    expect(new Set(placed).size).toBe(placed.length);
    const contract = Object.keys(leadBodySchema.shape).filter((name) => name !== "cardCvc");
    expect([...placed].sort()).toEqual(contract.sort());
  });

  it("labels every field, at every depth, in Russian", () => {
    const fields = allFields(leadNode);
    expect(fields.length).toBeGreaterThan(150);
    const unlabelled = fields
      .filter(([, field]) => !/[А-Яа-яЁё]/.test(field.label))
      .map(([path]) => path);
    expect(unlabelled).toEqual([]);
  });

  it("knows each field's kind: dates, whole and decimal numbers, yes/no, choices, groups, lists, maps", () => {
    const kinds = Object.fromEntries(
      allFields(leadNode).map(([path, field]) => [
        path,
        field.node.type === "leaf" ? field.node.kind : field.node.type,
      ]),
    );
    expect(kinds).toMatchObject({
      birthDate: "date",
      period: "integer",
      amount: "decimal",
      ufmsCheck: "flag",
      channel: "choice",
      periodUnit: "choice",
      passport: "object",
      "passport.seria": "text",
      addresses: "list",
      "addresses.attributes": "map",
      "addresses.fiasChain.parents": "list",
      relatives: "list",
      "relatives.passport.no": "text",
      goods: "list",
      leadDebts: "list",
      extraFields: "list",
    });
  });

  it("a stored lead goes into the form and back out as the same document (saving without edits changes nothing)", () => {
    const lead = storedFullLead();
    const checked = toLeadBody(toFormValues(lead));
    expect(checked).toEqual({ ok: true, body: storedBody(lead) });
  });

  it("the body the form sends leaves out what LeadCore sets and whatever the view adds around the document", () => {
    const lead: StoredLead = {
      ...storedFullLead(),
      status: "DENIED",
      denial: {
        reason: { id: 4, code: "NOT_REACHABLE", title: "Не дозвонились" },
        at: "2026-01-11T09:00:00.000Z",
        comment: "Три звонка без ответа",
      },
      manager: { id: 77, login: "ivanova" },
    };
    const body = storedBody(lead);
    for (const field of [...SERVER_OWNED_FIELDS, "status", "denial", "withdrawal", "manager"])
      expect(body).not.toHaveProperty(field);
    // The contract is strict: a body with any key it does not know would be refused whole.
    expect(leadBodySchema.safeParse(body).success).toBe(true);
    const checked = toLeadBody(toFormValues(lead));
    expect(checked.ok).toBe(true);
    if (checked.ok)
      for (const field of SERVER_OWNED_FIELDS) expect(checked.body).not.toHaveProperty(field);
  });

  it("reads numbers as operators type them and reports what is not a number at its field, in Russian", () => {
    let values = toFormValues(storedFullLead());
    values = setIn(values, ["amount"], "175 000,50");
    values = setIn(values, ["goods", 0, "quantity"], "2");
    values = setIn(values, ["goods", 1], {});
    values = setIn(values, ["goods", 1, "name"], "Чехол");
    const checked = toLeadBody(values);
    expect(checked.ok && checked.body.amount).toBe(175000.5);
    expect(checked.ok && checked.body.goods).toEqual([
      expect.objectContaining({ quantity: 2 }),
      { name: "Чехол" },
    ]);

    const wrong = toLeadBody(
      setIn(setIn(values, ["period"], "год"), ["relatives", 0, "birthDate"], "31.02.1990"),
    );
    expect(wrong).toEqual({
      ok: false,
      errors: { period: "Введите число", "relatives.0.birthDate": "Дата в формате ГГГГ-ММ-ДД" },
    });
  });

  it("an emptied field or group leaves the document; an emptied list stays an empty list", () => {
    let values = toFormValues(storedFullLead());
    values = setIn(values, ["email"], undefined);
    values = setIn(values, ["passport"], {});
    values = setIn(values, ["goods"], []);
    const checked = toLeadBody(values);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.body).not.toHaveProperty("email");
    expect(checked.body).not.toHaveProperty("passport");
    expect(checked.body.goods).toEqual([]);
  });
});
