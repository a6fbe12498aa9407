// The partner REST API, defined in lib/api-endpoints.ts (served there in front of Next in production).
import { restEndpoint } from "../../../../lib/api-endpoints.ts";

export const GET = restEndpoint.methods.GET;
export const POST = restEndpoint.methods.POST;
export const PUT = restEndpoint.methods.PUT;
export const PATCH = restEndpoint.methods.PATCH;
export const DELETE = restEndpoint.methods.DELETE;
