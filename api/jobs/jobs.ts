import type { FastifyBaseLogger } from "fastify";
import PgBoss from "pg-boss";
import type { Database } from "../../db/client.ts";
import { CHANNELS, type Channel } from "../../db/schema/enums.ts";

/** pg-boss keeps its tables in this schema, next to (never in) `public`. */
export const PG_BOSS_SCHEMA = "pgboss";

export const CONVERSATION_TIMERS_QUEUE = "conversation-timers";
export const OUTBOX_SWEEP_QUEUE = "outbox-sweep";
/** Unacknowledged tickets past their SLA climb to the backup, then the supervisor; overdue referrals. */
export const ESCALATION_QUEUE = "oncall-escalation";
/** sedang and rendah tickets reach the on-call peksos as one message an hour, not one each. */
export const DIGEST_QUEUE = "oncall-digest";
/** Removes reporters' addresses and contact details after the unit's retention period; expired sessions. */
export const RETENTION_QUEUE = "retention-purge";
/** A channel adapter that stopped reporting (crashed process, lost machine) counts as disconnected; admins are told. */
export const CHANNEL_WATCH_QUEUE = "channel-watch";

/** Each scheduled queue and when it runs (cron, in the server's time zone). */
export const SCHEDULES = {
  [CONVERSATION_TIMERS_QUEUE]: "* * * * *",
  [OUTBOX_SWEEP_QUEUE]: "* * * * *",
  [ESCALATION_QUEUE]: "* * * * *",
  [DIGEST_QUEUE]: "0 * * * *",
  [RETENTION_QUEUE]: "17 2 * * *",
  [CHANNEL_WATCH_QUEUE]: "* * * * *",
} as const;
export type ScheduledQueue = keyof typeof SCHEDULES;
export type ScheduledTask = (now: Date) => Promise<unknown>;

export type DeliveryQueue = `deliver-${Channel}`;
export const DELIVERY_QUEUES: readonly DeliveryQueue[] = CHANNELS.map((channel) => deliveryQueue(channel));

export function deliveryQueue(channel: Channel): DeliveryQueue {
  return `deliver-${channel}`;
}

export interface DeliveryPolicy {
  /** Retries after the first attempt; the message is `failed` once they are used up. */
  retryLimit: number;
  /** Wait before a retry; with `retryBackoff`, doubled at each retry (plus up to as much again in jitter). */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /** A claimed message not reported within this time is handed out again (the adapter died mid-send). */
  expireInSeconds: number;
}

/** 11 attempts spread over about two hours: outlasts a channel's outage or rate limit, not a blocked bot. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  retryLimit: 10,
  retryDelaySeconds: 5,
  retryBackoff: true,
  expireInSeconds: 10 * 60,
};

export interface JobsOptions {
  database: Database;
  logger: FastifyBaseLogger;
  /** The intake's timers (reminders, auto-submit); without it the schedule is not created here. */
  onConversationTimers?: ScheduledTask;
  delivery?: Partial<DeliveryPolicy>;
  /**
   * Polling, in seconds. pg-boss checks the schedules every 30 s and moves a due tick into its
   * queue within 15 s (both `schedulePollingSeconds` when given); a worker picks it up within
   * `minutePollingSeconds` (default 10). On PGlite each look is a query holding the one connection.
   */
  minutePollingSeconds?: number;
  schedulePollingSeconds?: number;
}

export interface Jobs {
  /** The started pg-boss instance. Never call it inside a drizzle `db.transaction` callback (PGlite deadlocks). */
  readonly boss: PgBoss;
  /** True between `start()` and `stop()`; routes that need the queue answer 503 otherwise. */
  isRunning(): boolean;
  /** Runs `task` on the queue's SCHEDULES entry through pg-boss, on one instance at a time. Register before `start()`. */
  onSchedule(queue: ScheduledQueue, task: ScheduledTask): void;
  /** Installs or migrates pg-boss's schema, creates the queues and schedules, starts the workers. */
  start(): Promise<void>;
  /** Lets a running minute task finish (up to a limit), then stops polling. Call before closing the database. */
  stop(): Promise<void>;
}

/** A minute task still running after this is counted failed; the next minute runs it again anyway. */
const MINUTE_TASK_EXPIRE_SECONDS = 5 * 60;
const STOP_TIMEOUT_MS = 10_000;

export function createJobs(options: JobsOptions): Jobs {
  const { logger } = options;
  const delivery: DeliveryPolicy = { ...DEFAULT_DELIVERY_POLICY, ...options.delivery };
  const minutePollingSeconds = options.minutePollingSeconds ?? 10;
  const minuteTasks = new Map<ScheduledQueue, ScheduledTask>();
  if (options.onConversationTimers) minuteTasks.set(CONVERSATION_TIMERS_QUEUE, options.onConversationTimers);

  const boss = new PgBoss({
    ...options.database.pgBossConnection(),
    schema: PG_BOSS_SCHEMA,
    // Maintenance (expiry, archive) every 2 min and the clock check every 10 min are pg-boss's
    // defaults. A minute task starts at most ~30 + 15 + 10 s after its minute.
    cronMonitorIntervalSeconds: options.schedulePollingSeconds ?? 30,
    cronWorkerIntervalSeconds: options.schedulePollingSeconds ?? 15,
  });
  // An EventEmitter without an "error" listener throws; pg-boss reports failed polls this way.
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));

  let state: "new" | "starting" | "running" | "stopped" = "new";

  async function ensureQueue(name: string, queue: Omit<PgBoss.Queue, "name">): Promise<void> {
    // createQueue leaves an existing queue as it was: updateQueue applies changed settings on upgrade.
    await boss.createQueue(name, { name, ...queue });
    await boss.updateQueue(name, { name, ...queue });
  }

  async function runScheduledTask(queue: ScheduledQueue, task: ScheduledTask): Promise<void> {
    try {
      await task(new Date());
    } catch (error) {
      logger.error({ err: error, queue }, "minute task failed");
      throw error;
    }
  }

  return {
    boss,
    isRunning: () => state === "running",
    onSchedule(queue, task) {
      if (state !== "new") throw new Error(`onSchedule(${queue}) must be called before jobs.start()`);
      minuteTasks.set(queue, task);
    },
    async start() {
      if (state !== "new") throw new Error("jobs can be started once");
      state = "starting";
      const startedAt = performance.now();
      try {
        await boss.start();
        for (const queue of DELIVERY_QUEUES) {
          await ensureQueue(queue, {
            policy: "standard",
            retryLimit: delivery.retryLimit,
            retryDelay: delivery.retryDelaySeconds,
            retryBackoff: delivery.retryBackoff,
            expireInSeconds: delivery.expireInSeconds,
          });
        }
        for (const [queue, task] of minuteTasks) {
          // "short": at most one tick waits in the queue, so a worker down for an hour runs it once, not 60 times.
          await ensureQueue(queue, { policy: "short", retryLimit: 0, expireInSeconds: MINUTE_TASK_EXPIRE_SECONDS });
          await boss.schedule(queue, SCHEDULES[queue]);
          await boss.work(queue, { pollingIntervalSeconds: minutePollingSeconds }, () => runScheduledTask(queue, task));
        }
      } catch (error) {
        state = "stopped";
        await boss.stop({ graceful: false }).catch(() => {});
        throw error;
      }
      state = "running";
      logger.info({ ms: Math.round(performance.now() - startedAt), minuteTasks: [...minuteTasks.keys()] }, "job queue started");
    },
    async stop() {
      if (state !== "running") return;
      state = "stopped";
      await boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS, wait: true });
    },
  };
}
