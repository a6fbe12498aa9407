export { appRouter, type AppRouter, type RouterInputs, type RouterOutputs } from "./root.ts";
export { createContextFromRequest, createCallerFactory, issuesOf, type Context } from "./trpc.ts";
export { handleRestRequest, MAX_BODY_BYTES, type RestError } from "./rest.ts";
export { openApiDocument, REST_BASE_PATH } from "./openapi.ts";
