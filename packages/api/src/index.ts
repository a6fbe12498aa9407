export { appRouter, type AppRouter, type RouterInputs, type RouterOutputs } from "./root.ts";
export { createContextFromRequest, createServerContext, readCookie, SESSION_COOKIE, type Context } from "./context.ts";
export { issuesOf } from "./errors.ts";
export { createCallerFactory } from "./trpc.ts";
export { handleRestRequest, routeTemplate, type RestError } from "./rest.ts";
export { CLIENT_ADDRESS_HEADER, MAX_BODY_BYTES, MAX_JSON_DEPTH } from "./http-edge.ts";
export { handleTrpcRequest, TRPC_ENDPOINT } from "./trpc-http.ts";
export { openApiDocument, REST_BASE_PATH } from "./openapi.ts";
// The outage classification is the database package's; re-exported for the apps that only know the API.
export { isDatabaseUnavailable } from "@leadcore/db";
// The stable codes every failure carries (error.data.reason, error.data.issues[].code).
export type { ErrorReason, FieldIssue, IssueCode, IssueParams } from "@leadcore/schema";
export { loggableError, logger } from "./logger.ts";
export {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  parseRateLimit,
  processRateLimiter,
  rateLimitResponseMeta,
  setProcessRateLimiter,
  type RateDecision,
  type RateLimitConfig,
  type RateLimiter,
} from "./rate-limit.ts";
