// The identifier problems of a whole lead. A lead is raw partner data and may hold a bad
// identifier, so the lead contract accepts these fields as plain strings; this walk reports what
// is wrong, by field, so an operator can fix it before the lead becomes a client. It sits apart
// from identifiers.ts, which the contract imports, so that the two never import each other.
//
// Messages name the field and the problem but never the value: identifiers are personal data
// (152-FZ) and must not reach logs or error responses.

import type { FieldIssue } from "./error-codes.ts";
import {
  innProblem,
  isPlausibleEmail,
  isValidPassportNumber,
  isValidPassportSeries,
  isValidSubdivisionCode,
  normalizeRuMobilePhone,
  snilsProblem,
} from "./identifiers.ts";
import type { LeadBody, Passport } from "./lead-contract.ts";

export type IdentifierProblem = FieldIssue;

// A blank string carries no identifier: it is missing, not wrong.
function present(value: string | null | undefined): value is string {
  return value != null && value.trim() !== "";
}

function passportProblems(
  passport: Passport | null | undefined,
  prefix: string,
): IdentifierProblem[] {
  const problems: IdentifierProblem[] = [];
  if (present(passport?.seria) && !isValidPassportSeries(passport.seria)) {
    problems.push({
      path: `${prefix}.seria`,
      code: "INVALID_FORMAT",
      params: { format: "passportSeries" },
      message: "Passport series must contain 4 digits",
    });
  }
  if (present(passport?.no) && !isValidPassportNumber(passport.no)) {
    problems.push({
      path: `${prefix}.no`,
      code: "INVALID_FORMAT",
      params: { format: "passportNumber" },
      message: "Passport number must contain 6 digits",
    });
  }
  if (present(passport?.subdivisionCode) && !isValidSubdivisionCode(passport.subdivisionCode)) {
    problems.push({
      path: `${prefix}.subdivisionCode`,
      code: "INVALID_FORMAT",
      params: { format: "subdivisionCode" },
      message: "Subdivision code must be NNN-NNN",
    });
  }
  return problems;
}

function emailProblem(email: string | null | undefined, path: string): IdentifierProblem[] {
  if (!present(email) || isPlausibleEmail(email)) return [];
  return [
    {
      path,
      code: "INVALID_FORMAT",
      params: { format: "email" },
      message: "Email does not look like an e-mail address (name@example.ru)",
    },
  ];
}

/**
 * Every identifier problem on a lead, with the dotted path of the field (`passport.no`,
 * `relatives.0.passport.seria`). Only fields that hold a value are checked. An e-mail address is
 * checked here too, as a warning for the operator: it is no part of a client's key, so a bad one
 * never blocks a conversion (conversion.ts blocks on the passport, INN and SNILS only).
 */
export function identifierProblems(lead: LeadBody): IdentifierProblem[] {
  const problems: IdentifierProblem[] = [];
  const inn = present(lead.inn) ? innProblem(lead.inn) : null;
  if (inn)
    problems.push({
      path: "inn",
      code: inn.code,
      params: { format: "inn" },
      message: `INN ${inn.words}`,
    });
  const snils = present(lead.snils) ? snilsProblem(lead.snils) : null;
  if (snils)
    problems.push({
      path: "snils",
      code: snils.code,
      params: { format: "snils" },
      message: `SNILS ${snils.words}`,
    });
  problems.push(...passportProblems(lead.passport, "passport"));
  if (present(lead.mobilePhone) && normalizeRuMobilePhone(lead.mobilePhone) === null) {
    problems.push({
      path: "mobilePhone",
      code: "INVALID_FORMAT",
      params: { format: "mobilePhone" },
      message: "Mobile phone must be a Russian mobile number +7 9XX XXX-XX-XX",
    });
  }
  problems.push(...emailProblem(lead.email, "email"));
  const employerInn = present(lead.employerInn) ? innProblem(lead.employerInn) : null;
  if (employerInn) {
    problems.push({
      path: "employerInn",
      code: employerInn.code,
      params: { format: "inn" },
      message: `Employer INN ${employerInn.words}`,
    });
  }
  lead.relatives?.forEach((relative, i) => {
    problems.push(...passportProblems(relative.passport, `relatives.${i}.passport`));
    problems.push(...emailProblem(relative.email, `relatives.${i}.email`));
  });
  return problems;
}
