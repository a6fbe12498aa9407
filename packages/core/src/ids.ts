import { DomainError } from "./errors.ts";

// Ids are int64 in the database and JSON-safe integers on the wire; this is the one crossing.
export function toWireId(id: bigint): number {
  if (id > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`id ${id} is beyond the JSON-safe integer range`);
  }
  return Number(id);
}

export function toDbId(id: number): bigint {
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new DomainError("INVALID", "INVALID_ID", "An id must be a positive integer", [
      { path: "id", code: "INVALID_FORMAT", params: { format: "id" }, message: "Invalid id" },
    ]);
  }
  return BigInt(id);
}
