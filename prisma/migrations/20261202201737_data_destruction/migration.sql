-- CreateEnum
CREATE TYPE "DataDestructionPolicy" AS ENUM ('RETENTION', 'CONSENT_WITHDRAWN', 'REQUEST');

-- CreateTable
CREATE TABLE "DataDestruction" (
    "id" BIGSERIAL NOT NULL,
    "leadId" BIGINT NOT NULL,
    "policy" "DataDestructionPolicy" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataDestruction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataDestruction_at_idx" ON "DataDestruction"("at");

-- CreateIndex
CREATE INDEX "DataDestruction_leadId_idx" ON "DataDestruction"("leadId");
