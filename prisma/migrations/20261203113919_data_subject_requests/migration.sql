-- CreateEnum
CREATE TYPE "DataSubjectFoundBy" AS ENUM ('PASSPORT', 'PHONE');

-- CreateEnum
CREATE TYPE "DataSubjectOutcome" AS ENUM ('ERASED', 'ALREADY_ERASED', 'KEPT_CONVERTED', 'KEPT_LOAN_RECORDS', 'KEPT_STOP_LIST');

-- CreateTable
CREATE TABLE "DataSubjectRequest" (
    "id" BIGSERIAL NOT NULL,
    "foundBy" "DataSubjectFoundBy" NOT NULL,
    "reference" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "recordedById" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataSubjectRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataSubjectRequestItem" (
    "id" BIGSERIAL NOT NULL,
    "requestId" BIGINT NOT NULL,
    "leadId" BIGINT,
    "clientId" BIGINT,
    "stopListEntryId" BIGINT,
    "outcome" "DataSubjectOutcome" NOT NULL,

    CONSTRAINT "DataSubjectRequestItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DataSubjectRequest_createdAt_idx" ON "DataSubjectRequest"("createdAt");

-- CreateIndex
CREATE INDEX "DataSubjectRequestItem_requestId_idx" ON "DataSubjectRequestItem"("requestId");

-- CreateIndex
CREATE INDEX "DataSubjectRequestItem_clientId_idx" ON "DataSubjectRequestItem"("clientId");

-- AddForeignKey
ALTER TABLE "DataSubjectRequest" ADD CONSTRAINT "DataSubjectRequest_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Operator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataSubjectRequestItem" ADD CONSTRAINT "DataSubjectRequestItem_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "DataSubjectRequest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
