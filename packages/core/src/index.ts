export * from "./actor.ts";
export * from "./errors.ts";
export * from "./api-keys.ts";
export { createLead, updateLead, getLead, listLeads, type CreateOptions, type LeadFilter } from "./leads.ts";
// The page size is the contract's (views.ts), so the OpenAPI document can state it as maxItems.
export { MAX_PAGE_SIZE } from "@leadcore/schema";
export { convertLead, previewMatch, conversionProblems } from "./conversion.ts";
export { acceptContactProposal, getClient, listClients, rejectContactProposal, type ClientFilter } from "./clients.ts";
export { toWireId, toDbId } from "./ids.ts";
export { searchColumns } from "./lead-document.ts";
export { leadHistory, diffDocuments, maskValue, type FieldChange } from "./audit.ts";
export * from "./operators.ts";
