import { describe, expect, it } from "vitest";
import { diffSchemaAgainstMigrations, readMigrations } from "../src/migrations.ts";

describe("the committed migrations", () => {
  it("build exactly prisma/schema.prisma (a schema change without its migration fails here)", async () => {
    expect(readMigrations().migrationDirectories.length).toBeGreaterThan(0);
    expect(await diffSchemaAgainstMigrations()).toBeNull();
  });
});
