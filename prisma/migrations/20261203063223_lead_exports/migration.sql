-- CreateEnum
CREATE TYPE "LeadExportFormat" AS ENUM ('CSV', 'XLSX');

-- CreateTable
CREATE TABLE "LeadExport" (
    "id" BIGSERIAL NOT NULL,
    "operatorId" BIGINT NOT NULL,
    "format" "LeadExportFormat" NOT NULL,
    "filter" JSONB NOT NULL,
    "total" INTEGER NOT NULL,
    "upToLeadId" BIGINT NOT NULL,
    "rowsWritten" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "LeadExport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LeadExport_operatorId_createdAt_idx" ON "LeadExport"("operatorId", "createdAt");

-- AddForeignKey
ALTER TABLE "LeadExport" ADD CONSTRAINT "LeadExport_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
