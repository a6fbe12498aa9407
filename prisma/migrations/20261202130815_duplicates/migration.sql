-- Duplicate suspicion compares names with trigram similarity and edit distance (both ship with
-- PostgreSQL and with PGlite, which loads them in packages/db/src/pglite-extensions.ts)
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- CreateEnum
CREATE TYPE "DuplicatePairStatus" AS ENUM ('OPEN', 'NOT_SAME', 'MERGED');

-- DropForeignKey
ALTER TABLE "ClientHistory" DROP CONSTRAINT "ClientHistory_leadId_fkey";

-- DropIndex
DROP INDEX "Client_identity_key";

-- AlterTable
ALTER TABLE "Client" ADD COLUMN     "inn" TEXT,
ADD COLUMN     "keyParkedId" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "mergedAt" TIMESTAMP(3),
ADD COLUMN     "mergedBy" TEXT,
ADD COLUMN     "mergedIntoId" BIGINT,
ADD COLUMN     "nameSkeleton" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "snils" TEXT;

-- AlterTable
ALTER TABLE "ClientHistory" ALTER COLUMN "leadId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "DuplicatePair" (
    "id" BIGSERIAL NOT NULL,
    "lowClientId" BIGINT NOT NULL,
    "highClientId" BIGINT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reasons" TEXT[],
    "status" "DuplicatePairStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,

    CONSTRAINT "DuplicatePair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DuplicateScan" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "lastClientId" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "DuplicateScan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataMigration" (
    "name" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataMigration_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "DuplicatePair_status_score_idx" ON "DuplicatePair"("status", "score" DESC);

-- CreateIndex
CREATE INDEX "DuplicatePair_highClientId_idx" ON "DuplicatePair"("highClientId");

-- CreateIndex
CREATE UNIQUE INDEX "DuplicatePair_lowClientId_highClientId_key" ON "DuplicatePair"("lowClientId", "highClientId");

-- CreateIndex
CREATE INDEX "Client_birthDate_idx" ON "Client"("birthDate");

-- CreateIndex
CREATE INDEX "Client_mobilePhone_idx" ON "Client"("mobilePhone");

-- CreateIndex
CREATE INDEX "Client_inn_idx" ON "Client"("inn");

-- CreateIndex
CREATE INDEX "Client_snils_idx" ON "Client"("snils");

-- CreateIndex
CREATE INDEX "Client_mergedIntoId_idx" ON "Client"("mergedIntoId");

-- CreateIndex
CREATE UNIQUE INDEX "Client_identity_key" ON "Client"("keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber", "keyParkedId");

-- AddForeignKey
ALTER TABLE "Client" ADD CONSTRAINT "Client_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Client"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientHistory" ADD CONSTRAINT "ClientHistory_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;
