export {
  calendarDateSchema,
  CHANNELS,
  LIMITS,
  MASKED_CARD_NUMBER,
  PERIOD_UNITS,
  addressListItemSchema,
  addressSchema,
  channelSchema,
  extraFieldSchema,
  fiasChainDepth,
  fiasChainSchema,
  goodSchema,
  isStorableText,
  leadBodySchema,
  leadDebtSchema,
  passportSchema,
  periodUnitSchema,
  relativeSchema,
} from "./lead-contract.ts";
export type {
  Address,
  AddressListItem,
  Channel,
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
export { compactLead } from "./compact-lead.ts";
export type { Compact, CompactLead } from "./compact-lead.ts";
export { FIELD_LABELS_RU, fieldLabelRu } from "./field-labels.ts";
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
export type { ErrorReason, ExpectedType, FieldIssue, IssueCode, IssueParams, ValueFormat } from "./error-codes.ts";
export {
  cardNumberProblem,
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
export { identifierProblems, type IdentifierProblem } from "./lead-identifiers.ts";
export { identityKey, normalizeName, normalizePassportPart } from "./identity-key.ts";
export type { IdentityKey, IdentityKeyField, IdentityKeyResult, IdentitySource } from "./identity-key.ts";
export * from "./views.ts";
export {
  LOGIN_MAX_LENGTH,
  LOGIN_PATTERN,
  normalizeLogin,
  OPERATOR_ROLES,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type OperatorRoleName,
} from "./operator-rules.ts";
