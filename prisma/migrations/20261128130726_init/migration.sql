-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('ECOMM', 'GENERATOR', 'LOAN_APPLICATION', 'PRESCORE', 'SITE', 'UNO_MOMENTO');

-- CreateEnum
CREATE TYPE "PeriodUnit" AS ENUM ('DAYS', 'MONTHS', 'WEEKS', 'YEARS');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('NEW', 'CONVERTED');

-- CreateEnum
CREATE TYPE "ConversionOutcome" AS ENUM ('MATCHED_EXISTING_CLIENT', 'CREATED_NEW_CLIENT');

-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('PARTNER', 'SERVICE');

-- CreateEnum
CREATE TYPE "OperatorRole" AS ENUM ('OPERATOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "LeadEventKind" AS ENUM ('CREATED', 'UPDATED', 'CONVERTED');

-- CreateTable
CREATE TABLE "Partner" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "role" "ApiKeyRole" NOT NULL,
    "partnerId" BIGINT,
    "hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Operator" (
    "id" BIGSERIAL NOT NULL,
    "login" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "role" "OperatorRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "Operator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OperatorSession" (
    "id" BIGSERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "operatorId" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "OperatorSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeadEvent" (
    "id" BIGSERIAL NOT NULL,
    "leadId" BIGINT NOT NULL,
    "kind" "LeadEventKind" NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" BIGINT,
    "actorName" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LeadEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "id" BIGSERIAL NOT NULL,
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "leadId" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lead" (
    "id" BIGSERIAL NOT NULL,
    "status" "LeadStatus" NOT NULL DEFAULT 'NEW',
    "partnerId" BIGINT,
    "data" JSONB NOT NULL,
    "lastName" TEXT,
    "firstName" TEXT,
    "patronymic" TEXT,
    "mobilePhone" TEXT,
    "passportSeries" TEXT,
    "passportNumber" TEXT,
    "channel" "Channel",
    "amount" DOUBLE PRECISION,
    "clientId" BIGINT,
    "outcome" "ConversionOutcome",
    "convertedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Client" (
    "id" BIGSERIAL NOT NULL,
    "lastName" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "patronymic" TEXT,
    "passportSeries" TEXT NOT NULL,
    "passportNumber" TEXT NOT NULL,
    "birthDate" TEXT,
    "keyLastName" TEXT NOT NULL,
    "keyFirstName" TEXT NOT NULL,
    "keyPatronymic" TEXT NOT NULL,
    "keyPassportSeries" TEXT NOT NULL,
    "keyPassportNumber" TEXT NOT NULL,
    "mobilePhone" TEXT,
    "email" TEXT,
    "addressData" JSONB,
    "registrationAddressData" JSONB,
    "employerTitle" TEXT,
    "employerInn" TEXT,
    "meanIncome" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Client_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClientHistory" (
    "id" BIGSERIAL NOT NULL,
    "clientId" BIGINT NOT NULL,
    "field" TEXT NOT NULL,
    "oldValue" JSONB,
    "newValue" JSONB,
    "leadId" BIGINT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClientHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Application" (
    "id" BIGSERIAL NOT NULL,
    "clientId" BIGINT NOT NULL,
    "leadId" BIGINT NOT NULL,
    "amount" DOUBLE PRECISION,
    "period" INTEGER,
    "periodUnit" "PeriodUnit",
    "creditProductId" BIGINT,
    "channel" "Channel",
    "goods" JSONB,
    "shopId" BIGINT,
    "storeTypeId" BIGINT,
    "subdivisionId" BIGINT,
    "managerId" BIGINT,
    "gettingMoneyMethodId" BIGINT,
    "approvedByScorista" BOOLEAN,
    "rosfinmonitoringCheck" BOOLEAN,
    "ufmsCheck" BOOLEAN,
    "mobilePhoneCheck" BOOLEAN,
    "ipAndRegionMatch" BOOLEAN,
    "ipAndRegAddressMatch" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Partner_name_key" ON "Partner"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_hash_key" ON "ApiKey"("hash");

-- CreateIndex
CREATE INDEX "ApiKey_partnerId_idx" ON "ApiKey"("partnerId");

-- CreateIndex
CREATE UNIQUE INDEX "Operator_login_key" ON "Operator"("login");

-- CreateIndex
CREATE UNIQUE INDEX "OperatorSession_tokenHash_key" ON "OperatorSession"("tokenHash");

-- CreateIndex
CREATE INDEX "OperatorSession_operatorId_idx" ON "OperatorSession"("operatorId");

-- CreateIndex
CREATE INDEX "LeadEvent_leadId_id_idx" ON "LeadEvent"("leadId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "IdempotencyKey_scope_key_key" ON "IdempotencyKey"("scope", "key");

-- CreateIndex
CREATE INDEX "Lead_status_id_idx" ON "Lead"("status", "id" DESC);

-- CreateIndex
CREATE INDEX "Lead_channel_id_idx" ON "Lead"("channel", "id" DESC);

-- CreateIndex
CREATE INDEX "Lead_partnerId_id_idx" ON "Lead"("partnerId", "id" DESC);

-- CreateIndex
CREATE INDEX "Lead_createdAt_idx" ON "Lead"("createdAt");

-- CreateIndex
CREATE INDEX "Lead_mobilePhone_idx" ON "Lead"("mobilePhone");

-- CreateIndex
CREATE INDEX "Lead_passportNumber_idx" ON "Lead"("passportNumber");

-- CreateIndex
CREATE INDEX "Lead_clientId_idx" ON "Lead"("clientId");

-- CreateIndex
CREATE INDEX "Client_keyPassportSeries_keyPassportNumber_idx" ON "Client"("keyPassportSeries", "keyPassportNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Client_identity_key" ON "Client"("keyLastName", "keyFirstName", "keyPatronymic", "keyPassportSeries", "keyPassportNumber");

-- CreateIndex
CREATE INDEX "ClientHistory_clientId_changedAt_idx" ON "ClientHistory"("clientId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Application_leadId_key" ON "Application"("leadId");

-- CreateIndex
CREATE INDEX "Application_clientId_createdAt_idx" ON "Application"("clientId", "createdAt");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OperatorSession" ADD CONSTRAINT "OperatorSession_operatorId_fkey" FOREIGN KEY ("operatorId") REFERENCES "Operator"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadEvent" ADD CONSTRAINT "LeadEvent_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClientHistory" ADD CONSTRAINT "ClientHistory_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
