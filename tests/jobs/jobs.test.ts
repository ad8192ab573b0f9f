import PgBoss from "pg-boss";
import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CONVERSATION_TIMERS_QUEUE,
  createJobs,
  DELIVERY_QUEUES,
  OUTBOX_SWEEP_QUEUE,
  PG_BOSS_SCHEMA,
  type Jobs,
} from "../../api/jobs/jobs.ts";
import { createLogger } from "../../api/logging.ts";
import { readSchemaShape } from "../db/schema-shape.ts";
import { createTestDatabase, testDbKind, type TestDatabase } from "../support/test-db.ts";

const logger = createLogger("silent");

async function until<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`the job queue on ${testDbKind}`, () => {
  let database: TestDatabase;
  const started: Jobs[] = [];
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    for (const jobs of started.splice(0)) await jobs.stop();
    await database.destroy();
  });

  function startJobs(options: Partial<Parameters<typeof createJobs>[0]> = {}, register?: (jobs: Jobs) => void) {
    const jobs = createJobs({ database, logger, minutePollingSeconds: 0.5, ...options });
    register?.(jobs);
    started.push(jobs);
    return jobs.start().then(() => jobs);
  }

  it("installs pg-boss in its own schema and leaves the public schema exactly as the migrations made it", async () => {
    const before = await readSchemaShape(database.db);
    const jobs = await startJobs();
    expect(await jobs.boss.schemaVersion()).toBeGreaterThanOrEqual(24);
    const [schema] = await rows<{ n: number }>(
      database,
      sql`select count(*)::int as n from information_schema.tables where table_schema = ${PG_BOSS_SCHEMA}`,
    );
    expect(schema?.n).toBeGreaterThan(0);
    expect(await readSchemaShape(database.db)).toEqual(before);
  });

  it("creates one delivery queue per channel with retries, backoff and an expiry", async () => {
    const jobs = await startJobs({ delivery: { retryLimit: 7 } });
    const queues = await jobs.boss.getQueues();
    for (const name of DELIVERY_QUEUES) {
      expect(queues.find((q) => q.name === name)).toMatchObject({
        policy: "standard",
        retryLimit: 7,
        retryDelay: 5,
        retryBackoff: true,
        expireInSeconds: 600,
      });
    }
    expect(DELIVERY_QUEUES).toEqual(["deliver-telegram", "deliver-whatsapp", "deliver-web"]);
  });

  it("schedules the conversation timers every minute and runs the injected handler with the current time", async () => {
    const calls: Date[] = [];
    const before = Date.now();
    // The current minute is due as soon as pg-boss checks the schedules, so with its polling
    // shortened the first tick comes through the real schedule within seconds.
    const jobs = await startJobs({
      schedulePollingSeconds: 1,
      onConversationTimers: async (now) => {
        calls.push(now);
      },
    });
    const schedules = await jobs.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron])).toEqual([[CONVERSATION_TIMERS_QUEUE, "* * * * *"]]);

    const now = await until(() => calls[0], 20_000);
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
    expect(now.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("starts without the conversation timers handler and schedules only the tasks registered", async () => {
    const jobs = await startJobs({}, (j) => j.onSchedule(OUTBOX_SWEEP_QUEUE, async () => {}));
    const schedules = await jobs.boss.getSchedules();
    expect(schedules.map((s) => s.name)).toEqual([OUTBOX_SWEEP_QUEUE]);
    expect(() => jobs.onSchedule(CONVERSATION_TIMERS_QUEUE, async () => {})).toThrow(/before jobs.start/);
  });

  it("keeps running a minute task after it failed once", async () => {
    let calls = 0;
    const jobs = await startJobs({
      onConversationTimers: async () => {
        calls += 1;
        if (calls === 1) throw new Error("database hiccup");
      },
    });
    await jobs.boss.send(CONVERSATION_TIMERS_QUEUE, {});
    await until(() => (calls >= 1 ? true : undefined));
    // A "short" queue holds one waiting tick at a time: send the next once the first is taken.
    await jobs.boss.send(CONVERSATION_TIMERS_QUEUE, {});
    await until(() => (calls >= 2 ? true : undefined));
  });

  it("upgrades pg-boss's own schema from the previous version when started again", async () => {
    const first = await startJobs();
    // types.d.ts says the version is a string; pg-boss compares it to numbers with ===.
    const current = 24 as unknown as string;
    await first.boss.getDb().executeSql(PgBoss.getRollbackPlans(PG_BOSS_SCHEMA, current), []);
    expect(await first.boss.schemaVersion()).toBe(23);
    await first.stop();

    const second = await startJobs();
    expect(await second.boss.schemaVersion()).toBe(24);
    expect((await second.boss.getQueues()).map((q) => q.name)).toEqual(expect.arrayContaining([...DELIVERY_QUEUES]));
  });

  it("leaves the connection usable after one of pg-boss's scripts fails halfway", async () => {
    const jobs = await startJobs();
    // Migrating to the version already installed fails on purpose (pg-boss's guard against racing migrations).
    await expect(jobs.boss.getDb().executeSql(PgBoss.getMigrationPlans(PG_BOSS_SCHEMA, "23"), [])).rejects.toThrow(
      /division by zero/,
    );
    await expect(database.ping()).resolves.toBeUndefined();
    expect(await jobs.boss.getQueueSize(DELIVERY_QUEUES[0]!)).toBe(0);
    expect(await jobs.boss.schemaVersion()).toBe(24);
  });

  it("stops promptly when idle and reports not running", async () => {
    const jobs = await startJobs({ onConversationTimers: async () => {} });
    expect(jobs.isRunning()).toBe(true);
    const t0 = performance.now();
    await jobs.stop();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(jobs.isRunning()).toBe(false);
    await jobs.stop();
  });
});

async function rows<T>(database: TestDatabase, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await database.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(result) ? result : (result.rows ?? []);
}
