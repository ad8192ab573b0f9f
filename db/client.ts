import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
/** The one database type the rest of the code sees, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DbTarget =
  /** `dataDir` absent = in memory; `loadDataDir` starts from a dumped, already-migrated cluster (tests). */
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob }
  | { kind: "postgres"; url: string; maxConnections?: number };

export interface Database {
  db: Db;
  kind: DbTarget["kind"];
  /** One round trip; throws when the database cannot answer. */
  ping(): Promise<void>;
  /** Applies the committed migrations in db/migrations. Safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/** Arbitrary constant: the advisory lock that serialises migrations across API instances. */
const MIGRATION_LOCK_KEY = 727_100_129;

export async function createDb(target: DbTarget): Promise<Database> {
  return target.kind === "pglite" ? createPgliteDb(target) : createPostgresDb(target);
}

/** Where PGlite keeps its cluster inside DATA_DIR (the folder also holds the lock file). */
export function pgliteDataPath(dataDir: string): string {
  return join(dataDir, "pglite");
}

async function createPgliteDb(target: Extract<DbTarget, { kind: "pglite" }>): Promise<Database> {
  let dataDir: string | undefined;
  if (target.dataDir !== undefined) {
    dataDir = pgliteDataPath(target.dataDir);
    mkdirSync(dataDir, { recursive: true });
  }
  const client = await PGlite.create({
    ...(dataDir !== undefined && { dataDir }),
    ...(target.loadDataDir !== undefined && { loadDataDir: target.loadDataDir }),
  });
  const db = drizzlePglite({ client, schema });
  return {
    db,
    kind: "pglite",
    ping: () => ping(db),
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}

async function createPostgresDb(target: Extract<DbTarget, { kind: "postgres" }>): Promise<Database> {
  const client = postgres(target.url, { max: target.maxConnections ?? 10, onnotice: () => {} });
  const db = drizzlePostgres({ client, schema });
  return {
    db,
    kind: "postgres",
    ping: () => ping(db),
    migrate: () => migratePostgresLocked(target.url),
    close: () => client.end({ timeout: 5 }),
  };
}

async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * Several API instances may start together; a session-level advisory lock on a dedicated
 * connection makes the second wait until the first has finished migrating.
 */
async function migratePostgresLocked(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
