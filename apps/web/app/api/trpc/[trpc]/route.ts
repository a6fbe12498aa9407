// tRPC, defined in lib/api-endpoints.ts (served there in front of Next in production).
import { trpcEndpoint } from "../../../../lib/api-endpoints.ts";

export const GET = trpcEndpoint.methods.GET;
export const POST = trpcEndpoint.methods.POST;
