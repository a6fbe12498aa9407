-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LeadEventKind" ADD VALUE 'DENIED';
ALTER TYPE "LeadEventKind" ADD VALUE 'WITHDRAWN';
ALTER TYPE "LeadEventKind" ADD VALUE 'REOPENED';
ALTER TYPE "LeadEventKind" ADD VALUE 'ASSIGNED';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "LeadStatus" ADD VALUE 'DENIED';
ALTER TYPE "LeadStatus" ADD VALUE 'WITHDRAWN';

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "denialComment" TEXT,
ADD COLUMN     "denialReasonId" BIGINT,
ADD COLUMN     "managerId" BIGINT,
ADD COLUMN     "stopListEntryId" BIGINT,
ADD COLUMN     "withdrawalReason" TEXT;

-- AlterTable
ALTER TABLE "LeadEvent" ADD COLUMN     "comment" TEXT;

-- CreateTable
CREATE TABLE "DenialReason" (
    "id" BIGSERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DenialReason_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DenialReason_code_key" ON "DenialReason"("code");

-- CreateIndex
CREATE INDEX "Lead_managerId_id_idx" ON "Lead"("managerId", "id" DESC);

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Operator"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_denialReasonId_fkey" FOREIGN KEY ("denialReasonId") REFERENCES "DenialReason"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The denial reasons a lender starts with (admins add, rename and deactivate them in the UI).
-- STOP_LIST is the one the stop-list gate denies with.
INSERT INTO "DenialReason" ("code", "title", "updatedAt") VALUES
  ('INVALID_PASSPORT', 'Паспорт недействителен или просрочен', CURRENT_TIMESTAMP),
  ('STOP_LIST', 'Клиент в стоп-листе', CURRENT_TIMESTAMP),
  ('REPEAT_APPLICATION', 'Повторная заявка', CURRENT_TIMESTAMP),
  ('NOT_REACHABLE', 'Не удалось связаться с клиентом', CURRENT_TIMESTAMP),
  ('CLIENT_REFUSED', 'Клиент отказался', CURRENT_TIMESTAMP),
  ('PRODUCT_TERMS', 'Не соответствует условиям продукта', CURRENT_TIMESTAMP),
  ('SUSPECTED_FRAUD', 'Подозрение на мошенничество', CURRENT_TIMESTAMP),
  ('OTHER', 'Другое', CURRENT_TIMESTAMP);

-- clientId, denialReasonId and managerId are the core's answers from now on, kept in columns and
-- written into every read. Values partners sent into the document before meant nothing to the
-- core (the audit trail keeps what they were), so the document stops carrying them.
-- (No semicolon may stand in a comment here: the migration script is split on them.)
UPDATE "Lead" SET data = data - 'clientId' - 'denialReasonId' - 'managerId'
 WHERE data ?| ARRAY['clientId', 'denialReasonId', 'managerId'];
