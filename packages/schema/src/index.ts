export * from "./client-merge.ts";
export type { Compact, CompactLead } from "./compact-lead.ts";
export { compactLead } from "./compact-lead.ts";
export * from "./consents.ts";
export * from "./data-subject-requests.ts";
export * from "./duplicate-views.ts";
export {
  DUPLICATE_PAIR_STATUSES,
  DUPLICATE_REASONS,
  type DuplicateReason,
  duplicatePairStatusSchema,
  duplicateReasonSchema,
} from "./duplicates.ts";
export type {
  ErrorReason,
  ExpectedType,
  FieldIssue,
  IssueCode,
  IssueParams,
  ValueFormat,
} from "./error-codes.ts";
export {
  ERROR_REASONS,
  EXPECTED_TYPES,
  fieldIssuesOf,
  formatPattern,
  ISSUE_BOUNDS,
  ISSUE_CODES,
  issueParams,
  reportedIssues,
  shownPath,
  shownSegment,
  VALUE_FORMATS,
} from "./error-codes.ts";
export { FIELD_LABELS_RU, fieldLabelRu } from "./field-labels.ts";
export {
  cardNumberProblem,
  isPlausibleEmail,
  isValidCardNumber,
  isValidInn,
  isValidPassportNumber,
  isValidPassportSeries,
  isValidSnils,
  isValidSubdivisionCode,
  maskCardNumber,
  maskPassportNumber,
  normalizeRuMobilePhone,
} from "./identifiers.ts";
export type {
  IdentityKey,
  IdentityKeyField,
  IdentityKeyResult,
  IdentitySource,
} from "./identity-key.ts";
export { identityKey, normalizeName, normalizePassportPart } from "./identity-key.ts";
export * from "./labels-ru.ts";
export type {
  Address,
  AddressListItem,
  Channel,
  Consent,
  ConsentKind,
  ExtraField,
  FiasChain,
  Good,
  LeadAttributes,
  LeadBody,
  LeadDebt,
  Passport,
  PeriodUnit,
  Relative,
} from "./lead-contract.ts";
export {
  addressListItemSchema,
  addressSchema,
  CHANNELS,
  CONSENT_CHANNELS,
  CONSENT_KINDS,
  CONTRACT_EXTENSIONS,
  calendarDateSchema,
  channelSchema,
  consentKindSchema,
  consentSchema,
  extraFieldSchema,
  fiasChainDepth,
  fiasChainSchema,
  goodSchema,
  isStorableText,
  LIMITS,
  leadBodySchema,
  leadDebtSchema,
  MASKED_CARD_NUMBER,
  PERIOD_UNITS,
  passportSchema,
  periodUnitSchema,
  relativeSchema,
} from "./lead-contract.ts";
export * from "./lead-filters.ts";
export { type IdentifierProblem, identifierProblems } from "./lead-identifiers.ts";
export { nameSkeleton } from "./name-skeleton.ts";
export {
  LOGIN_MAX_LENGTH,
  LOGIN_PATTERN,
  normalizeLogin,
  OPERATOR_ROLES,
  type OperatorRoleName,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from "./operator-rules.ts";
export * from "./personal-data-access.ts";
export { isPersonalPath, PERSONAL_FIELD_NAMES, PERSONAL_FIELD_PATHS } from "./personal-fields.ts";
export * from "./reference-lists.ts";
export {
  identifierDigits,
  PERSON_KEY_SEPARATOR,
  personKeyValue,
  STOP_LIST_EVENT_KINDS,
  STOP_LIST_KINDS,
  STOP_LIST_LIMITS,
  STOP_LIST_STATUSES,
  type StopListEntryInput,
  type StopListEntryKey,
  type StopListEntryKeyResult,
  type StopListEntryView,
  type StopListHistory,
  type StopListImportReport,
  type StopListKey,
  type StopListKind,
  type StopListLeadFields,
  type StopListPage,
  stopListEntryKey,
  stopListEntrySchema,
  stopListEntryViewSchema,
  stopListEventViewSchema,
  stopListHistorySchema,
  stopListImportReportSchema,
  stopListKeysOfLead,
  stopListKindSchema,
  stopListPageSchema,
  stopListReasonSchema,
} from "./stop-list.ts";
export {
  readStopListCsv,
  STOP_LIST_CSV_COLUMNS,
  STOP_LIST_KIND_ALIASES_RU,
  type StopListBadRow,
  type StopListCsv,
  type StopListCsvColumn,
  type StopListCsvPart,
  type StopListCsvRow,
  splitStopListCsv,
} from "./stop-list-csv.ts";
export * from "./views.ts";
export * from "./webhooks.ts";
