import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { ensureConsoleBuilt } from "../../api/console/build.ts";
import { createDb, MIGRATIONS_FOLDER } from "../../db/client.ts";
import { databaseUrl, TEST_DATABASE_PREFIX } from "./postgres-url.ts";

/**
 * Migrates one template per project so each test file starts from a fresh, migrated database
 * in about a second: PGlite loads a dumped cluster, PostgreSQL copies a template database.
 */
export default async function setup(project: TestProject) {
  // Once, before any test starts a server: parallel server processes would otherwise all build it.
  await ensureConsoleBuilt();
  if (project.name === "postgres") return setupPostgres(project);
  return setupPglite(project);
}

async function setupPglite(project: TestProject) {
  const client = await PGlite.create();
  await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  const dump = await client.dumpDataDir("none");
  await client.close();
  const dir = mkdtempSync(join(tmpdir(), "lapor-aman-template-"));
  const file = join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplateFile", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

async function setupPostgres(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("the postgres project needs TEST_DATABASE_URL");
  const template = `${TEST_DATABASE_PREFIX}${process.pid}_template`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await dropLeftovers(admin);
  await admin.unsafe(`create database "${template}"`);
  const database = await createDb({ kind: "postgres", url: databaseUrl(serverUrl, template), maxConnections: 1 });
  await database.migrate();
  await database.close();
  project.provide("postgresServerUrl", serverUrl);
  project.provide("postgresTemplate", template);
  return async () => {
    await dropLeftovers(admin);
    await admin.end();
  };
}

/**
 * Test databases of earlier, interrupted runs (and of this one at the end). Names carry the pid
 * of the run that made them; a run still alive (a second `npm test` on the same server) keeps its own.
 */
async function dropLeftovers(admin: postgres.Sql) {
  const rows = await admin<{ datname: string }[]>`
    select datname from pg_database where datname like ${`${TEST_DATABASE_PREFIX}%`}`;
  for (const { datname } of rows) {
    const pid = Number(/^\D*(\d+)_/.exec(datname.slice(TEST_DATABASE_PREFIX.length))?.[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
