// The outage classification is the database package's; re-exported for the apps that only know the API.
export { isDatabaseUnavailable } from "@leadcore/db";
// The stable codes every failure carries (error.data.reason, error.data.issues[].code).
export type { ErrorReason, FieldIssue, IssueCode, IssueParams } from "@leadcore/schema";
export {
  type Context,
  createContextFromRequest,
  createServerContext,
  readCookie,
  SESSION_COOKIE,
} from "./context.ts";
export { issuesOf } from "./errors.ts";
export { EXPORT_ENDPOINT, handleExportRequest } from "./export-http.ts";
export { CLIENT_ADDRESS_HEADER, MAX_BODY_BYTES, MAX_JSON_DEPTH } from "./http-edge.ts";
export { loggableError, logger } from "./logger.ts";
export { openApiDocument, REST_BASE_PATH } from "./openapi.ts";
export {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  parseRateLimit,
  processRateLimiter,
  type RateDecision,
  type RateLimitConfig,
  type RateLimiter,
  rateLimitResponseMeta,
  setProcessRateLimiter,
} from "./rate-limit.ts";
export { handleRestRequest, type RestError, routeTemplate } from "./rest.ts";
export { type AppRouter, appRouter, type RouterInputs, type RouterOutputs } from "./root.ts";
export { type ApiSettings, apiSettings, readApiSettings } from "./settings.ts";
export { createCallerFactory } from "./trpc.ts";
export { handleTrpcRequest, TRPC_ENDPOINT } from "./trpc-http.ts";
