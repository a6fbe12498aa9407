import { defineConfig } from "prisma/config";

// Used by `prisma generate` only. Migrations do not go through the Prisma CLI here (its native
// schema engine cannot be downloaded on our machines); see src/migrations.ts.
export default defineConfig({
  schema: "../../prisma/schema.prisma",
});
