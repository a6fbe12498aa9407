-- CreateEnum
CREATE TYPE "ClientChangeStatus" AS ENUM ('APPLIED', 'PROPOSED', 'ACCEPTED', 'REJECTED');

-- DropIndex
DROP INDEX "Lead_clientId_idx";

-- AlterTable
ALTER TABLE "ClientHistory" ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedBy" TEXT,
ADD COLUMN     "status" "ClientChangeStatus" NOT NULL DEFAULT 'APPLIED';

-- CreateIndex
CREATE INDEX "Lead_clientId_partnerId_idx" ON "Lead"("clientId", "partnerId");

-- AddForeignKey
ALTER TABLE "ClientHistory" ADD CONSTRAINT "ClientHistory_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
