import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Database } from "../../db/client.ts";
import { createPostgresDatabase, createTestDatabase, dropPostgresDatabase, testDbKind } from "../support/test-db.ts";
import { databaseUrl } from "../support/postgres-url.ts";
import { inject } from "vitest";
import { expectedSchemaShape, readSchemaShape } from "./schema-shape.ts";

describe(`migrations on ${testDbKind}`, () => {
  let database: Database & { destroy(): Promise<void> };
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());

  it("create exactly the tables, columns, constraints and indexes the drizzle schema declares", async () => {
    const actual = await readSchemaShape(database.db);
    const expected = expectedSchemaShape();
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.constraints).toEqual(expected.constraints);
    expect(actual.indexes).toEqual(expected.indexes);
    // The whole domain of DESIGN.md is there.
    const tables = new Set(actual.columns.map((c) => c.split(".")[0]));
    expect([...tables].sort()).toEqual([
      "agencies",
      "audit_events",
      "channel_links",
      "conversations",
      "inbound_messages",
      "media_files",
      "outbound_messages",
      "referrals",
      "reporters",
      "schools",
      "shifts",
      "staff",
      "staff_sessions",
      "status_attempts",
      "ticket_events",
      "tickets",
      "transcript_messages",
      "units",
    ]);
  });

  it("can be applied again on an up-to-date database without changing anything", async () => {
    const before = await readSchemaShape(database.db);
    await database.migrate();
    expect(await readSchemaShape(database.db)).toEqual(before);
  });
});

if (testDbKind === "postgres") {
  describe("PostgreSQL 15 and PGlite", () => {
    it("end up with the same tables, columns, constraints and indexes", async () => {
      const pg = await createTestDatabase();
      const lite = await createDb({ kind: "pglite" });
      try {
        await lite.migrate();
        expect(await readSchemaShape(pg.db)).toEqual(await readSchemaShape(lite.db));
      } finally {
        await pg.destroy();
        await lite.close();
      }
    });

    it("are applied once when several instances start together on an empty database", async () => {
      // A database straight from template1: nothing migrated yet.
      const name = await createPostgresDatabase({ empty: true });
      const url = databaseUrl(inject("postgresServerUrl"), name);
      const instances = await Promise.all([1, 2, 3].map(() => createDb({ kind: "postgres", url, maxConnections: 2 })));
      try {
        await Promise.all(instances.map((instance) => instance.migrate()));
        expect(await readSchemaShape(instances[0]!.db)).toEqual(expectedSchemaShape());
      } finally {
        await Promise.all(instances.map((instance) => instance.close()));
        await dropPostgresDatabase(name);
      }
    });
  });
}
