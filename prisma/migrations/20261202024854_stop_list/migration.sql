-- CreateEnum
CREATE TYPE "StopListKind" AS ENUM ('PASSPORT', 'PHONE', 'INN', 'SNILS', 'PERSON');

-- CreateEnum
CREATE TYPE "StopListEventKind" AS ENUM ('ADDED', 'REMOVED', 'READDED');

-- CreateTable
CREATE TABLE "StopListEntry" (
    "id" BIGSERIAL NOT NULL,
    "kind" "StopListKind" NOT NULL,
    "value" TEXT NOT NULL,
    "display" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "addedBy" TEXT NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "removedAt" TIMESTAMP(3),
    "removedBy" TEXT,

    CONSTRAINT "StopListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StopListEvent" (
    "id" BIGSERIAL NOT NULL,
    "entryId" BIGINT NOT NULL,
    "kind" "StopListEventKind" NOT NULL,
    "reason" TEXT,
    "by" TEXT NOT NULL,
    "imported" BOOLEAN NOT NULL DEFAULT false,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StopListEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StopListEntry_kind_id_idx" ON "StopListEntry"("kind", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "StopListEntry_kind_value_key" ON "StopListEntry"("kind", "value");

-- CreateIndex
CREATE INDEX "StopListEvent_entryId_id_idx" ON "StopListEvent"("entryId", "id");

-- AddForeignKey
ALTER TABLE "StopListEvent" ADD CONSTRAINT "StopListEvent_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "StopListEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
