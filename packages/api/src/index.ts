export { appRouter, type AppRouter, type RouterInputs, type RouterOutputs } from "./root.ts";
export { createContextFromRequest, createCallerFactory, issuesOf, type Context } from "./trpc.ts";
