-- CreateEnum
CREATE TYPE "PersonalDataAccessKind" AS ENUM ('VIEW_LEAD', 'VIEW_CLIENT', 'REVEAL');

-- CreateTable
CREATE TABLE "PersonalDataAccess" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "operatorId" BIGINT NOT NULL,
    "kind" "PersonalDataAccessKind" NOT NULL,
    "leadId" BIGINT,
    "clientId" BIGINT,
    "field" TEXT,

    CONSTRAINT "PersonalDataAccess_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PersonalDataAccess_leadId_at_idx" ON "PersonalDataAccess"("leadId", "at");

-- CreateIndex
CREATE INDEX "PersonalDataAccess_clientId_at_idx" ON "PersonalDataAccess"("clientId", "at");

-- CreateIndex
CREATE INDEX "PersonalDataAccess_operatorId_at_idx" ON "PersonalDataAccess"("operatorId", "at");

-- AddForeignKey
ALTER TABLE "PersonalDataAccess" ADD CONSTRAINT "PersonalDataAccess_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
