// partner.*: the partners (shops, lead generators) the lender works with and the API keys of
// partners and internal services, for the admins' pages (the webhooks page picks a partner; the
// partners page makes partners and keys, revokes keys and shows when each was last used). Admins
// only; tRPC only, no REST: a partner has no use for the list of the others. The CLI does the
// same (`pnpm cli partner create`). A key is in an answer once, when it is made.

import {
  createPartnerWithKey,
  createServiceKey,
  issuePartnerKey,
  keyDirectory,
  listPartners,
  revokeApiKey,
  toDbId,
  toWireId,
} from "@leadcore/core";
import { idSchema, LIMITS, timestamp } from "@leadcore/schema";
import { z } from "zod";
import { adminProcedure, router } from "../trpc.ts";

const apiKeySchema = z.object({
  id: idSchema,
  name: z.string().max(LIMITS.title),
  prefix: z.string().max(20),
  createdAt: timestamp,
  revokedAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
});

/** A key just made: the only answer that holds it. */
const newKeySchema = z.object({ key: z.string().max(100) });
const nameSchema = z.strictObject({ name: z.string().max(LIMITS.title) });

export const partnerRouter = router({
  list: adminProcedure
    .input(z.object({}))
    .output(z.array(z.object({ id: idSchema, name: z.string().max(200) })).max(1000))
    .query(({ ctx }) => listPartners(ctx.db.prisma)),

  keys: adminProcedure
    .input(z.strictObject({}))
    .output(
      z.object({
        partners: z
          .array(
            z.object({
              id: idSchema,
              name: z.string().max(LIMITS.title),
              createdAt: timestamp,
              keys: z.array(apiKeySchema),
            }),
          )
          .max(1000),
        serviceKeys: z.array(apiKeySchema).max(1000),
      }),
    )
    .query(({ ctx }) => keyDirectory(ctx.db.prisma)),

  create: adminProcedure
    .input(nameSchema)
    .output(newKeySchema.extend({ partnerId: idSchema }))
    .mutation(async ({ ctx, input }) => {
      const { partnerId, key } = await createPartnerWithKey(ctx.db.prisma, input.name);
      return { partnerId: toWireId(partnerId), key };
    }),

  issueKey: adminProcedure
    .input(z.strictObject({ partnerId: idSchema }))
    .output(newKeySchema)
    .mutation(({ ctx, input }) => issuePartnerKey(ctx.db.prisma, toDbId(input.partnerId))),

  createServiceKey: adminProcedure
    .input(nameSchema)
    .output(newKeySchema)
    .mutation(({ ctx, input }) => createServiceKey(ctx.db.prisma, input.name)),

  revokeKey: adminProcedure
    .input(z.strictObject({ keyId: idSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeApiKey(ctx.db.prisma, toDbId(input.keyId));
      return { ok: true as const };
    }),
});
