// API keys for partners and internal services. A key is shown once, when created; only its
// SHA-256 is stored. Revoking takes effect on the next request (keys are looked up every time).
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient, RawSql } from "@leadcore/db";
import { LIMITS } from "@leadcore/schema";
import type { Actor } from "./actor.ts";
import { DomainError } from "./errors.ts";
import { toWireId } from "./ids.ts";

const KEY_PREFIX = "lck_";

const hashKey = (key: string) => createHash("sha256").update(key).digest("hex");

function newKey(): { key: string; hash: string; prefix: string } {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url"); // 256 random bits
  return { key, hash: hashKey(key), prefix: key.slice(0, 12) };
}

// The name is shown back in every lead of the partner and in the history (views.ts bounds it by
// LIMITS.title, so the OpenAPI document can state it): a longer one is refused here, once.
function boundedName(name: string, what: string): string {
  const trimmed = name.trim();
  if (!trimmed)
    throw new DomainError("INVALID", "NAME_REQUIRED", `A ${what} needs a name`, [
      { path: "name", code: "REQUIRED", message: "Required" },
    ]);
  if (trimmed.length > LIMITS.title) {
    const message = `Too long: at most ${LIMITS.title} characters`;
    throw new DomainError("INVALID", "INVALID_INPUT", `The ${what}'s name is too long`, [
      { path: "name", code: "TOO_LONG", params: { maximum: LIMITS.title }, message },
    ]);
  }
  return trimmed;
}

export async function createPartnerWithKey(
  prisma: PrismaClient,
  name: string,
): Promise<{ partnerId: bigint; key: string }> {
  const partnerName = boundedName(name, "partner");
  const { key, hash, prefix } = newKey();
  return prisma.$transaction(async (tx) => {
    if (await tx.partner.findUnique({ where: { name: partnerName } })) {
      throw new DomainError(
        "CONFLICT",
        "PARTNER_EXISTS",
        `Partner "${partnerName}" already exists`,
      );
    }
    const partner = await tx.partner.create({ data: { name: partnerName } });
    await tx.apiKey.create({
      data: { name: partnerName, role: "PARTNER", partnerId: partner.id, hash, prefix },
    });
    return { partnerId: partner.id, key };
  });
}

export async function createServiceKey(
  prisma: PrismaClient,
  name: string,
): Promise<{ key: string }> {
  const serviceName = boundedName(name, "service key");
  const { key, hash, prefix } = newKey();
  await prisma.apiKey.create({ data: { name: serviceName, role: "SERVICE", hash, prefix } });
  return { key };
}

/** Revokes every active key of the partner; returns how many were revoked. */
export async function revokePartnerKeys(prisma: PrismaClient, name: string): Promise<number> {
  const partner = await prisma.partner.findUnique({ where: { name: name.trim() } });
  if (!partner)
    throw new DomainError("NOT_FOUND", "PARTNER_NOT_FOUND", `Partner "${name.trim()}" not found`);
  const { count } = await prisma.apiKey.updateMany({
    where: { partnerId: partner.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

// How fresh a key's lastUsedAt is kept (see authenticate).
const LAST_USE_RESOLUTION = "1 minute";

export type ApiKeyView = {
  id: number;
  name: string;
  /** The key's first characters, to tell keys apart; never the key. */
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

const keyView = (key: {
  id: bigint;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}): ApiKeyView => ({
  id: toWireId(key.id),
  name: key.name,
  prefix: key.prefix,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
  lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
});

/** The admins' page: every partner with its keys, and the service keys (newest keys first). */
export async function keyDirectory(prisma: PrismaClient): Promise<{
  partners: { id: number; name: string; createdAt: string; keys: ApiKeyView[] }[];
  serviceKeys: ApiKeyView[];
}> {
  const newestFirst = { orderBy: { id: "desc" as const } };
  const [partners, serviceKeys] = await Promise.all([
    prisma.partner.findMany({
      orderBy: { name: "asc" },
      take: 1000,
      include: { apiKeys: newestFirst },
    }),
    prisma.apiKey.findMany({ where: { role: "SERVICE" }, ...newestFirst, take: 1000 }),
  ]);
  return {
    partners: partners.map((partner) => ({
      id: toWireId(partner.id),
      name: partner.name,
      createdAt: partner.createdAt.toISOString(),
      keys: partner.apiKeys.map(keyView),
    })),
    serviceKeys: serviceKeys.map(keyView),
  };
}

/** A further key for a partner (a second integration, or to replace one): shown once. */
export async function issuePartnerKey(
  prisma: PrismaClient,
  partnerId: bigint,
): Promise<{ key: string }> {
  const partner = await prisma.partner.findUnique({ where: { id: partnerId } });
  if (!partner) throw new DomainError("NOT_FOUND", "PARTNER_NOT_FOUND", "Partner not found");
  const { key, hash, prefix } = newKey();
  await prisma.apiKey.create({
    data: { name: partner.name, role: "PARTNER", partnerId: partner.id, hash, prefix },
  });
  return { key };
}

/** Revokes one key at once (its next call is a 401); revoking it again changes nothing. */
export async function revokeApiKey(prisma: PrismaClient, keyId: bigint): Promise<void> {
  const found = await prisma.apiKey.findUnique({ where: { id: keyId } });
  if (!found) throw new DomainError("NOT_FOUND", "API_KEY_NOT_FOUND", "API key not found");
  await prisma.apiKey.updateMany({
    where: { id: keyId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
}

/** Every partner, by name: for the admins' pickers (webhooks) and the CLI. */
export async function listPartners(prisma: PrismaClient): Promise<{ id: number; name: string }[]> {
  const rows = await prisma.partner.findMany({ orderBy: { name: "asc" }, take: 1000 });
  return rows.map((row) => ({ id: toWireId(row.id), name: row.name }));
}

/**
 * The caller a bearer key stands for, or null for an unknown or revoked key. `sql`: where the
 * lookup goes (the API passes the database's direct `sql`, @leadcore/db raw-sql.ts).
 */
export async function authenticate(
  prisma: PrismaClient,
  key: string,
  sql: RawSql = prisma,
): Promise<Actor | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  // Every API call runs this: one indexed lookup in plain SQL, which costs a fraction of the
  // model API's CPU (see lead-writes.ts). Revoked keys are filtered here, so revocation is instant.
  const rows = await sql.$queryRaw<
    { id: bigint; name: string; role: string; partnerId: bigint | null; stale: boolean }[]
  >`
    SELECT id, name, role::text AS role, "partnerId",
           ("lastUsedAt" IS NULL OR "lastUsedAt" < now() - ${LAST_USE_RESOLUTION}::interval) AS stale
      FROM "ApiKey" WHERE hash = ${hashKey(key)} AND "revokedAt" IS NULL`;
  const found = rows[0];
  if (!found) return null;
  // The last use, to the minute: one UPDATE per key per minute, not one per call. Two calls in
  // the same instant may both write it; the value is the same.
  if (found.stale)
    await prisma.$executeRaw`UPDATE "ApiKey" SET "lastUsedAt" = now() WHERE id = ${found.id}`;
  if (found.role === "PARTNER" && found.partnerId !== null) {
    return { kind: "partner", partnerId: found.partnerId, apiKeyId: found.id, name: found.name };
  }
  return { kind: "service", apiKeyId: found.id, name: found.name };
}
