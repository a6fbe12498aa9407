export * from "./actor.ts";
export * from "./errors.ts";
export * from "./api-keys.ts";
export { createLead, updateLead, getLead, listLeads, MAX_PAGE_SIZE, type CreateOptions, type LeadFilter } from "./leads.ts";
export { convertLead, previewMatch, conversionProblems } from "./conversion.ts";
export { getClient, listClients, type ClientFilter } from "./clients.ts";
export { toWireId, toDbId } from "./ids.ts";
export { leadHistory, diffDocuments, maskValue, type FieldChange } from "./audit.ts";
