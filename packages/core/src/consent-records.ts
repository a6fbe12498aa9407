// The rules of a lead's consent records (the contract's `consents`, LeadCore's extension of the
// seed; 152-FZ), without the database: which consents a new lead keeps, how an edit keeps them,
// and the lender's requirement of the personal-data consent. lead-consents.ts withdraws them.
//
// A consent is evidence: an edit never removes one nor undoes a withdrawal (a partner's
// read-modify-write that leaves `consents` out keeps them all); it may add new ones. No consent
// arrives withdrawn: withdrawal is LeadCore's to record, through its own call.
import type { Compact, Consent, ConsentKind, LeadBody } from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { DomainError } from "./errors.ts";

/** A consent as the document keeps it: no nulls, like the rest of the document. */
export type StoredConsent = Compact<Consent>;

export type ConsentSettings = {
  /** LEADCORE_REQUIRE_PD_CONSENT: a partner's new lead must carry the personal-data consent. */
  requirePersonalDataConsent?: boolean | undefined;
};

export const inForce = (consent: StoredConsent, kind: ConsentKind) =>
  consent.kind === kind && consent.withdrawnAt === undefined;

/** A new lead's consents: none may arrive withdrawn (withdrawal is LeadCore's to record). */
export function newConsents(sent: LeadBody["consents"]): StoredConsent[] | undefined {
  // An empty list stays an empty list, as every other list of the document does.
  if (!sent) return undefined;
  return sent.map(({ withdrawnAt: _recordedByLeadCore, confirmationId, ...consent }) =>
    confirmationId === undefined || confirmationId === null
      ? consent
      : { ...consent, confirmationId },
  );
}

/**
 * Refuses a partner's new lead without a personal-data consent in force when the lender requires
 * one. Operators and the lender's own services take leads on their own grounds (a call, a branch).
 */
export function requireConsentOnCreate(
  actor: Actor,
  consents: readonly StoredConsent[] | undefined,
  settings: ConsentSettings,
): void {
  if (!settings.requirePersonalDataConsent || actor.kind !== "partner") return;
  if (consents?.some((consent) => inForce(consent, "PERSONAL_DATA"))) return;
  throw new DomainError(
    "UNPROCESSABLE",
    "PD_CONSENT_REQUIRED",
    "The lender requires the borrower's consent to personal-data processing",
    [
      {
        path: "consents",
        code: "REQUIRED",
        message: "Add a consent of kind PERSONAL_DATA (text version, when and how it was given)",
      },
    ],
  );
}

// Two records are the same consent when they say the same kind, text and moment.
const sameConsent = (a: StoredConsent, b: StoredConsent) =>
  a.kind === b.kind &&
  a.textVersion === b.textVersion &&
  Date.parse(a.givenAt) === Date.parse(b.givenAt);

export const storedConsents = (data: unknown): StoredConsent[] => {
  const consents = (data as { consents?: unknown } | null)?.consents;
  return Array.isArray(consents) ? (consents as StoredConsent[]) : [];
};

/** An edited lead's consents: every stored one as stored, then the sent ones it did not hold. */
export function keptConsents(
  storedData: unknown,
  sent: LeadBody["consents"],
): StoredConsent[] | undefined {
  const stored = storedConsents(storedData);
  const added = (newConsents(sent) ?? []).filter(
    (consent) => !stored.some((kept) => sameConsent(kept, consent)),
  );
  const all = [...stored, ...added];
  return all.length === 0 && !sent ? undefined : all;
}
