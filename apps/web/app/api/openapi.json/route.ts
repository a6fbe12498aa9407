// The OpenAPI document, defined in lib/api-endpoints.ts (served there in front of Next in production).
import { openApiEndpoint } from "../../../lib/api-endpoints.ts";

export const GET = openApiEndpoint.methods.GET;
