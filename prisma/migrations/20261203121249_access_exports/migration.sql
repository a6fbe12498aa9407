-- AlterEnum
ALTER TYPE "PersonalDataAccessKind" ADD VALUE 'EXPORT';

-- AlterTable
ALTER TABLE "PersonalDataAccess" ADD COLUMN     "exportId" BIGINT;
