import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { inject } from "vitest";
import { createDb, type Database } from "../../db/client.ts";
import { databaseUrl, TEST_DATABASE_PREFIX } from "./postgres-url.ts";

export type TestDbKind = "pglite" | "postgres";

export const testDbKind: TestDbKind = process.env.TEST_DB_KIND === "postgres" ? "postgres" : "pglite";

export interface TestDatabase extends Database {
  /** For PostgreSQL, the URL of this file's own database (to hand to a child process). */
  url: string | undefined;
  /** Closes and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

let template: Blob | undefined;

/** A fresh, migrated, empty database of the project's kind. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDbKind === "pglite") {
    template ??= new Blob([readFileSync(inject("pgliteTemplateFile"))]);
    const database = await createDb({ kind: "pglite", loadDataDir: template });
    return { ...database, url: undefined, destroy: () => database.close().catch(() => {}) };
  }
  const name = await createPostgresDatabase();
  const url = databaseUrl(inject("postgresServerUrl"), name);
  const database = await createDb({ kind: "postgres", url, maxConnections: 4 });
  return {
    ...database,
    url,
    destroy: async () => {
      await database.close().catch(() => {});
      await dropPostgresDatabase(name);
    },
  };
}

/** A new database copied from the migrated template, or `empty` (never migrated); returns its name. */
export async function createPostgresDatabase(options: { empty?: boolean } = {}): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${process.pid}_${randomBytes(4).toString("hex")}`;
  const template = options.empty ? "template1" : inject("postgresTemplate");
  await withAdmin((admin) => admin.unsafe(`create database "${name}" template "${template}"`));
  return name;
}

export async function dropPostgresDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin((admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
      return;
    } catch (error) {
      // "with (force)" fails with 42501 when the database has a session the test role may not end:
      // seen once with pg-boss's tests, most likely an autovacuum worker (it runs as no role), which
      // their row churn invites and which is done within moments.
      const busy = error instanceof postgres.PostgresError && error.code === "42501";
      if (!busy || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function withAdmin<T>(work: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(inject("postgresServerUrl"), { max: 1, onnotice: () => {} });
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
