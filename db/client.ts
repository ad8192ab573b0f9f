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

/**
 * How pg-boss (api/jobs) reaches this database: on PostgreSQL its own small pool, on PGlite the
 * one embedded client, through pg-boss's `db.executeSql` option.
 */
export type PgBossConnection =
  | { connectionString: string; max: number }
  | { db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } };

export interface Database {
  db: Db;
  kind: DbTarget["kind"];
  /** What to hand to `new PgBoss(...)`; pg-boss must be stopped before `close()`. */
  pgBossConnection(): PgBossConnection;
  /** One round trip; throws when the database cannot answer. */
  ping(): Promise<void>;
  /** Applies the committed migrations in db/migrations. Safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

const PG_BOSS_POOL_SIZE = 3;

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
    pgBossConnection: () => ({ db: { executeSql: pgliteExecuteSql(client) } }),
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
    // Workers, maintenance and cron each hold a connection only for one short statement.
    pgBossConnection: () => ({ connectionString: target.url, max: PG_BOSS_POOL_SIZE }),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * pg-boss over the PGlite client. PGlite runs one query (and one transaction) at a time for the
 * whole process, so a pg-boss call made inside a drizzle `db.transaction` callback waits for that
 * transaction to end, which waits for the call: a deadlock. Call pg-boss before or after, never in.
 *
 * pg-boss sends parameterised single statements, and, without values, scripts such as its schema
 * install, migrations and maintenance, each wrapped in its own BEGIN … COMMIT. A script needs the
 * simple protocol (`exec`); it runs inside PGlite's `transaction()` so that if a statement fails,
 * PGlite rolls back before any other query can run, instead of leaving the only connection in an
 * aborted transaction (the nested BEGIN and COMMIT only raise warnings, which PGlite drops).
 */
function pgliteExecuteSql(client: PGlite) {
  return async (text: string, values?: unknown[]): Promise<{ rows: unknown[] }> => {
    if (values !== undefined && values.length > 0) return client.query(text, values);
    const results = await client.transaction((tx) => tx.exec(text));
    return { rows: results.at(-1)?.rows ?? [] };
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
