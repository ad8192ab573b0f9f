import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createDb, type Database } from "../db/client.ts";

/** The PostgreSQL server benchmarks may use: BENCH_DATABASE_URL, else TEST_DATABASE_URL; none means PGlite only. */
export function postgresServerUrl(): string | undefined {
  return process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined;
}

export interface ScratchPostgres {
  /** The scratch database's own URL. */
  url: string;
  name: string;
  /** Opened with `pool` connections when asked; absent when the caller opens it (e.g. startHotline). */
  database: Database | undefined;
  cleanup(): Promise<void>;
}

/** Creates `lapor_bench_<random>` on the server (the role needs CREATE DATABASE); cleanup drops it. */
export async function scratchPostgres(serverUrl: string, options: { pool?: number; open?: boolean } = {}): Promise<ScratchPostgres> {
  const name = `lapor_bench_${randomBytes(4).toString("hex")}`;
  const withAdmin = async <T>(work: (admin: postgres.Sql) => Promise<T>): Promise<T> => {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      return await work(admin);
    } finally {
      await admin.end({ timeout: 5 });
    }
  };
  await withAdmin((admin) => admin.unsafe(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database =
    options.open === false ? undefined : await createDb({ kind: "postgres", url: url.toString(), maxConnections: options.pool ?? 10 });
  return {
    url: url.toString(),
    name,
    database,
    async cleanup() {
      await database?.close().catch(() => {});
      await withAdmin((admin) => admin.unsafe(`drop database if exists "${name}" with (force)`));
    },
  };
}
