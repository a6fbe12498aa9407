// Who is calling. Every domain function takes one: it decides which leads are visible
// (a partner sees only its own) and is what the audit trail records.
export type Actor =
  | { kind: "partner"; partnerId: bigint; apiKeyId: bigint; name: string }
  | { kind: "service"; apiKeyId: bigint; name: string }
  | { kind: "operator"; operatorId: bigint; login: string; role: "operator" | "admin" };

/** The Prisma `where` fragment that limits leads to what the actor may see. */
export function leadScope(actor: Actor): { partnerId?: bigint } {
  return actor.kind === "partner" ? { partnerId: actor.partnerId } : {};
}
