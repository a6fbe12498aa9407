// The page size is the contract's (views.ts), so the OpenAPI document can state it as maxItems;
// the stop-list's kinds, file columns and import report are the contract's too (for the CLI).
export {
  MAX_PAGE_SIZE,
  STOP_LIST_CSV_COLUMNS,
  STOP_LIST_KINDS,
  type StopListImportReport,
  type StopListKind,
} from "@leadcore/schema";
export * from "./actor.ts";
export * from "./api-keys.ts";
export { diffDocuments, type FieldChange, leadHistory, maskValue } from "./audit.ts";
export { mergeClients, mergePreview } from "./client-merge.ts";
export {
  acceptContactProposal,
  type ClientFilter,
  getClient,
  listClients,
  rejectContactProposal,
} from "./clients.ts";
export { conversionProblems, convertLead, previewMatch } from "./conversion.ts";
export { DASHBOARD_PERIODS, type Dashboard, type DashboardPeriod, dashboard } from "./dashboard.ts";
export {
  erasureRequestsOfClient,
  getDataRequest,
  listDataRequests,
  previewHoldings,
  recordDataRequest,
} from "./data-subject-requests.ts";
export {
  createDenialReason,
  deleteDenialReason,
  listDenialReasons,
  STOP_LIST_REASON,
  updateDenialReason,
} from "./denial-reasons.ts";
export {
  clientSuspects,
  type DuplicatePairView,
  listDuplicatePairs,
  markNotSamePerson,
} from "./duplicate-queue.ts";
export { scanNewClients, startDuplicateScanner } from "./duplicate-scan.ts";
export {
  DEFAULT_DUPLICATE_SETTINGS,
  DuplicateSettingError,
  type DuplicateSettings,
  duplicateSettings,
  readDuplicateSettings,
} from "./duplicate-settings.ts";
export {
  findSuspects,
  normalizePerson,
  personOfDocument,
  REASON_WEIGHTS,
  type Suspect,
  type SuspectPerson,
  scoreCandidate,
} from "./duplicate-suspicion.ts";
export type { SuspectView } from "./duplicate-views.ts";
export * from "./errors.ts";
export { toDbId, toWireId } from "./ids.ts";
export { commentLead } from "./lead-comments.ts";
export { type ConsentWithdrawal, withdrawConsent } from "./lead-consents.ts";
export {
  type DestructionPolicy,
  depersonalizedDocument,
  depersonalizeLead,
  KEPT_DOCUMENT_KEYS,
  leadsPastRetention,
  listDataDestructions,
  type RetentionSettings,
  runRetention,
} from "./lead-depersonalize.ts";
export { searchColumns } from "./lead-document.ts";
export {
  EXPORT_BATCH_SIZE,
  EXPORT_COLUMNS,
  EXPORT_DOWNLOAD_WINDOW_MS,
  type ExportColumnKind,
  type ExportFilter,
  type ExportRow,
  leadExportProgress,
  type OpenedExport,
  openLeadExport,
  type StoredExportFilter,
  startLeadExport,
} from "./lead-export.ts";
export {
  assignLead,
  type BulkOutcome,
  denyLead,
  forEachLead,
  MAX_BULK_LEADS,
  reopenLead,
  SERVER_OWNED_FIELDS,
  takeLead,
  withdrawLead,
} from "./lead-lifecycle.ts";
export { leadRepeats, type RepeatView } from "./lead-repeats.ts";
export { type LeadSearch, searchLeads } from "./lead-search.ts";
export {
  type CreateOptions,
  createLead,
  getLead,
  type LeadFilter,
  leadWhere,
  listLeads,
  updateLead,
} from "./leads.ts";
export * from "./operators.ts";
export { accessesOf, recordAccess, revealLeadPhone } from "./personal-data-access.ts";
export {
  createReferenceEntry,
  listReferenceEntries,
  updateReferenceEntry,
} from "./reference-lists.ts";
export {
  DEFAULT_RETENTION_DAYS,
  RETENTION_INTERVAL_MS,
  RetentionSettingError,
  readRetentionSettings,
  retentionSettings,
  scheduleRetention,
  startRetentionWorker,
} from "./retention-worker.ts";
export {
  addStopListEntry,
  findStopListHit,
  getStopListEntry,
  IMPORT_BATCH,
  importStopList,
  listStopListEntries,
  removeStopListEntry,
  type StopListFilter,
  type StopListSql,
  stopListEntryHistory,
  stopListHitQuery,
} from "./stop-list.ts";
export {
  attemptDelivery,
  DEFAULT_DELIVERY_SETTINGS,
  DEFAULT_RETRY_DELAYS_MS,
  type DeliverySettings,
  retryDelay,
} from "./webhook-delivery.ts";
export {
  createWebhookEndpoint,
  DEFAULT_ROTATION_OVERLAP_HOURS,
  getWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookEndpoints,
  resendWebhookDelivery,
  rotateWebhookSecret,
  testWebhookEndpoint,
  updateWebhookEndpoint,
} from "./webhook-endpoints.ts";
export { type AttemptResult, signatureHeaders } from "./webhook-sender.ts";
export { checkWebhookUrl, isBlockedAddress, type TargetPolicy } from "./webhook-target.ts";
export {
  readWebhookSettings,
  startWebhookWorkers,
  WebhookSettingError,
  type WebhookWorkerSettings,
  webhookSettings,
} from "./webhook-worker.ts";
