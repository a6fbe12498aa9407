-- AlterEnum
ALTER TYPE "LeadEventKind" ADD VALUE 'COMMENTED';
