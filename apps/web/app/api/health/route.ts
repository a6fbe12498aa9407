// The load balancer's health check, defined in lib/api-endpoints.ts (served there in front of Next
// in production).
import { healthEndpoint } from "../../../lib/api-endpoints.ts";

// Asked on every request, never cached.
export const dynamic = "force-dynamic";

export const GET = healthEndpoint.methods.GET;
