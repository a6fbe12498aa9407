// The withdrawal of a lead's consents (the consent records are part of the lead's contract,
// lead-contract.ts consentSchema): what a partner or an operator sends, and what LeadCore answers.
import { z } from "zod";
import { consentKindSchema } from "./lead-contract.ts";
import { idSchema, timestamp } from "./views.ts";

export const consentWithdrawalInputSchema = z.strictObject({
  kind: consentKindSchema.meta({ description: "Which consent the borrower withdraws" }),
});

export const consentWithdrawalSchema = z
  .object({
    id: idSchema,
    kind: consentKindSchema,
    withdrawnAt: timestamp,
    erased: z.boolean().meta({
      description:
        "The lead's personal data was destroyed now (the personal-data consent of a lead that is not a client's)",
    }),
    keptBecause: z.enum(["CONVERTED_TO_CLIENT"]).nullable().meta({
      description:
        "Why the personal data was kept: CONVERTED_TO_CLIENT, the lead is a client's loan application, which the lender must keep",
    }),
  })
  .meta({ id: "ConsentWithdrawal" });
export type ConsentWithdrawalView = z.infer<typeof consentWithdrawalSchema>;
