import { openApiDocument } from "@leadcore/api";

export function GET(): Response {
  return Response.json(openApiDocument());
}
