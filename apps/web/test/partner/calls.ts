// What a partner's own code does: types generated from our published OpenAPI document
// (openapi-typescript, into test-output/) and plain HTTP through openapi-fetch. The contract
// test type-checks this file against the generated types, then runs it against the server.
import createClient from "openapi-fetch";
import type { paths } from "../../test-output/partner-api.ts";

export type PartnerApi = ReturnType<typeof partnerApi>;

export function partnerApi(baseUrl: string, key: string) {
  const client = createClient<paths>({
    baseUrl: `${baseUrl}/api/v1`,
    headers: { authorization: `Bearer ${key}` },
  });
  return {
    create: (
      body: paths["/leads"]["post"]["requestBody"]["content"]["application/json"],
      idempotencyKey?: string,
    ) =>
      client.POST("/leads", {
        body,
        params: { header: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {} },
      }),
    update: (
      id: number,
      body: paths["/leads/{id}"]["put"]["requestBody"]["content"]["application/json"],
    ) => client.PUT("/leads/{id}", { params: { path: { id } }, body }),
    get: (id: number) => client.GET("/leads/{id}", { params: { path: { id } } }),
    convert: (
      id: number,
      body: paths["/leads/{id}/convert"]["post"]["requestBody"]["content"]["application/json"],
    ) => client.POST("/leads/{id}/convert", { params: { path: { id } }, body }),
    list: (query: NonNullable<paths["/leads"]["get"]["parameters"]["query"]>) =>
      client.GET("/leads", { params: { query } }),
    history: (id: number) => client.GET("/leads/{id}/history", { params: { path: { id } } }),
  };
}
