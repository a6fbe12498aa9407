// Server side only (server components, route handlers): the router called in-process, as the
// browser calls it over HTTP, so a page reads through the same procedures, checks and logs as its
// data does, never the domain or the database directly (create-t3-turbo's trpc/server.tsx).

import { appRouter, createCallerFactory, createServerContext } from "@leadcore/api";
import { headers } from "next/headers";
import { cache } from "react";

/** The context of this request's render, built once however many calls the render makes. */
export const serverContext = cache(async () => createServerContext(await headers()));

export const createCaller = createCallerFactory(appRouter);

/** The router, as the operator whose session cookie came with the page. */
export const api = createCaller(serverContext);
