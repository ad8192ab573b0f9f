import { and, eq, exists, inArray, lt, notExists, sql } from "drizzle-orm";
import { pgSchema, text, uuid } from "drizzle-orm/pg-core";
import type { FastifyBaseLogger } from "fastify";
import type { Database, Db } from "../../db/client.ts";
import type { Channel } from "../../db/schema/enums.ts";
import { reporters } from "../../db/schema/reporters.ts";
import { staff } from "../../db/schema/staff.ts";
import { ticketEvents, tickets } from "../../db/schema/tickets.ts";
import { outboundMessages, type OutboundChoice, OUTBOUND_STATUSES } from "../../db/schema/transcript.ts";
import type { OutboxItem, OutboxResult } from "../intake/schemas.ts";
import { DELIVERY_QUEUES, deliveryQueue, PG_BOSS_SCHEMA, type Jobs } from "../jobs/jobs.ts";

/*
 * A message to a reporter is a row in outbound_messages (written in the transaction that decided
 * it) plus a pg-boss job in deliver-<channel> whose id is the row's id. The row says what and
 * whether it was delivered; the job says when to try and how often. The adapter claims jobs,
 * sends, and reports each result here.
 */

export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** To a reporter's chat, or to a staff member's linked chat (alerts); never both. */
export type OutboundRecipient = { reporterId: string; staffId?: undefined } | { staffId: string; reporterId?: undefined };

export type OutboundMessageInput = OutboundRecipient & {
  ticketId?: string | null;
  channel: Channel;
  /** What produced it: reminder, auto_submitted, staff_reply, status. */
  purpose: string;
  text: string;
  choices: OutboundChoice[][];
};

/**
 * Writes the message inside the caller's transaction and returns its id. After the commit, pass
 * the id to `outbox.dispatch`; if the process dies in between, the minute sweep dispatches it.
 */
export async function queueOutbound(tx: Pick<Db, "insert">, message: OutboundMessageInput): Promise<string> {
  const [row] = await tx
    .insert(outboundMessages)
    .values({
      reporterId: message.reporterId ?? null,
      staffId: message.staffId ?? null,
      ticketId: message.ticketId ?? null,
      channel: message.channel,
      purpose: message.purpose,
      text: message.text,
      choices: message.choices,
    })
    .returning({ id: outboundMessages.id });
  if (!row) throw new Error("insert into outbound_messages returned no row");
  return row.id;
}

/** What the adapter's report did to the message: `pending` means it will be retried. */
export type ReportOutcome = { ok: true; status: OutboundStatus } | { ok: false; error: "not_found" };

export interface Outbox {
  /** False while the job queue is not running: the routes answer 503. */
  isAvailable(): boolean;
  /**
   * Queues one delivery job per pending id and wakes waiting claims. Call after the commit, never
   * inside the transaction (on PGlite that deadlocks). Never throws: the sweep catches a miss.
   */
  dispatch(ids: readonly string[]): Promise<void>;
  /** Claims up to `max` messages for a channel, waiting up to `waitMs` (until `signal` aborts) for the first. */
  claim(channel: Channel, options: { max: number; waitMs: number }, signal: AbortSignal): Promise<OutboxItem[]>;
  report(id: string, result: OutboxResult): Promise<ReportOutcome>;
  /**
   * Dispatches pending messages that have no job, and fails those whose job ran out of retries.
   * Run once a minute: `jobs.onSchedule(OUTBOX_SWEEP_QUEUE, outbox.sweep)`.
   */
  sweep(now: Date): Promise<{ dispatched: number; failed: number }>;
}

export interface OutboxOptions {
  database: Database;
  jobs: Jobs;
  logger: FastifyBaseLogger;
  /**
   * While a claim waits, how often it looks again. A dispatch from this process wakes waiting
   * claims at once; looking again catches retries coming due and, on PostgreSQL, messages
   * dispatched by another API instance. Default: 500 ms on PostgreSQL; 3 s on PGlite, where
   * there is no other instance and each look holds the one connection.
   */
  claimPollMs?: number;
  /** A pending message this old without a job lost its dispatch. */
  sweepAfterMs?: number;
}

/**
 * The columns of pg-boss's own job table (pg-boss 10, schema version 24) the sweep reads. pg-boss
 * creates and migrates it; it is declared here, outside db/schema, so drizzle-kit never manages it.
 */
const bossJobs = pgSchema(PG_BOSS_SCHEMA).table("job", {
  id: uuid("id").notNull(),
  name: text("name").notNull(),
  state: text("state").notNull(),
});

const SWEEP_BATCH = 500;

/**
 * pg-boss job priority (higher is claimed first) of messages about a darurat ticket: its alerts and
 * escalations to staff, and a peksos's words to a child in danger. Without it the queue is first in,
 * first out, and a darurat alert waits behind every alert, reply and digest queued before it (a
 * surge of reports or a Bot API outage builds such a backlog: bench/load.ts measures it).
 */
const DARURAT_JOB_PRIORITY = 10;

/** What dispatching needs of a message: its channel, and its ticket's priority for the job's. */
const deliveryColumns = { id: outboundMessages.id, channel: outboundMessages.channel, ticketPriority: tickets.priority };

export function createOutbox(options: OutboxOptions): Outbox {
  const { jobs, logger } = options;
  const db = options.database.db;
  const claimPollMs = options.claimPollMs ?? (options.database.kind === "pglite" ? 3000 : 500);
  const sweepAfterMs = options.sweepAfterMs ?? 60_000;
  const wakers = new Map<Channel, Set<() => void>>();

  function wake(channel: Channel): void {
    for (const waker of wakers.get(channel) ?? []) waker();
  }

  /** Resolves after `ms`, or sooner when a message for `channel` is dispatched or `signal` aborts. */
  function pause(channel: Channel, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const set = wakers.get(channel) ?? new Set();
      wakers.set(channel, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  async function enqueue(rows: readonly { id: string; channel: Channel; ticketPriority: string | null }[]): Promise<void> {
    if (rows.length === 0) return;
    // The job id is the row id: pg-boss's primary key makes a second dispatch of the same message a
    // no-op. (singletonKey alone deduplicates nothing under the "standard" queue policy.)
    await jobs.boss.insert(
      rows.map((row) => ({
        name: deliveryQueue(row.channel),
        id: row.id,
        singletonKey: row.id,
        ...(row.ticketPriority === "darurat" && { priority: DARURAT_JOB_PRIORITY }),
      })),
    );
    for (const channel of new Set(rows.map((row) => row.channel))) wake(channel);
  }

  async function dispatch(ids: readonly string[]): Promise<void> {
    if (ids.length === 0 || !jobs.isRunning()) return;
    try {
      const rows = await db
        .select(deliveryColumns)
        .from(outboundMessages)
        .leftJoin(tickets, eq(tickets.id, outboundMessages.ticketId))
        .where(and(inArray(outboundMessages.id, [...ids]), eq(outboundMessages.status, "pending")));
      await enqueue(rows);
    } catch (error) {
      logger.warn({ err: error, count: ids.length }, "outbox dispatch failed; the sweep will retry");
    }
  }

  async function claimOnce(channel: Channel, max: number): Promise<OutboxItem[]> {
    const queue = deliveryQueue(channel);
    const claimed = await jobs.boss.fetch(queue, { batchSize: max, includeMetadata: true });
    if (claimed.length === 0) return [];
    // pg-boss picks jobs by priority, then age, but returns them in no set order: sent in that order.
    claimed.sort((a, b) => b.priority - a.priority || new Date(a.createdOn).getTime() - new Date(b.createdOn).getTime());
    const ids = claimed.map((job) => job.id);
    const rows = await db
      .select({
        id: outboundMessages.id,
        channel: outboundMessages.channel,
        reporterAddress: reporters.address,
        staffTelegram: staff.telegramChatId,
        staffWhatsapp: staff.whatsappAddress,
        ticketId: outboundMessages.ticketId,
        text: outboundMessages.text,
        choices: outboundMessages.choices,
      })
      .from(outboundMessages)
      .leftJoin(reporters, eq(reporters.id, outboundMessages.reporterId))
      .leftJoin(staff, and(eq(staff.id, outboundMessages.staffId), eq(staff.active, true)))
      .where(and(inArray(outboundMessages.id, ids), eq(outboundMessages.status, "pending")));
    const byId = new Map<string, OutboxItem>();
    for (const row of rows) {
      // A staff member's chat on the row's channel, read now: a phone linked again since the alert was queued gets it.
      const staffAddress = row.channel === "whatsapp" ? row.staffWhatsapp : row.channel === "telegram" ? row.staffTelegram : null;
      const address = row.reporterAddress ?? staffAddress;
      if (address === null) {
        // A staff member who unlinked that chat or was deactivated: nowhere to send, ever.
        // Left out of byId, so the job is completed with the settled ones below.
        await recordAttempt(row, { status: "failed", reason: "no_address" });
        continue;
      }
      byId.set(row.id, { id: row.id, channel: row.channel, address, text: row.text, choices: row.choices });
    }
    // Already sent or failed (a retry raced a late report), or deleted: done, never delivered twice.
    const settled = ids.filter((id) => !byId.has(id));
    if (settled.length > 0) await jobs.boss.complete(queue, settled);
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [row] : [];
    });
  }

  async function claim(channel: Channel, { max, waitMs }: { max: number; waitMs: number }, signal: AbortSignal) {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const items = await claimOnce(channel, max);
      const left = deadline - Date.now();
      if (items.length > 0 || left <= 0 || signal.aborted || !jobs.isRunning()) return items;
      await pause(channel, Math.min(claimPollMs, left), signal);
    }
  }

  /**
   * Records one attempt on a pending row and, for a ticket, a `delivery` event (never the text).
   * Returns false when the row was no longer pending (a duplicate or late report): nothing changed.
   */
  async function recordAttempt(
    row: { id: string; ticketId: string | null },
    attempt: { status: OutboundStatus; reason?: string; externalId?: string },
  ): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [updated] = await tx
        .update(outboundMessages)
        .set({
          status: attempt.status,
          attempts: sql`${outboundMessages.attempts} + 1`,
          ...(attempt.status === "sent" && { sentAt: new Date(), externalId: attempt.externalId ?? null }),
          ...(attempt.reason !== undefined && { lastError: attempt.reason }),
        })
        .where(and(eq(outboundMessages.id, row.id), eq(outboundMessages.status, "pending")))
        .returning({ id: outboundMessages.id });
      if (!updated) return false;
      await recordDelivery(tx, row, {
        status: attempt.status === "pending" ? "retrying" : attempt.status,
        ...(attempt.reason !== undefined && { reason: attempt.reason }),
      });
      return true;
    });
  }

  /** A pending row whose job ran out of retries (reported failures or claims never reported). */
  async function markExhausted(row: { id: string; ticketId: string | null }): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [updated] = await tx
        .update(outboundMessages)
        .set({ status: "failed", lastError: sql`coalesce(${outboundMessages.lastError}, 'expired')` })
        .where(and(eq(outboundMessages.id, row.id), eq(outboundMessages.status, "pending")))
        .returning({ id: outboundMessages.id });
      if (!updated) return false;
      await recordDelivery(tx, row, { status: "failed", reason: "retries_exhausted" });
      return true;
    });
  }

  async function report(id: string, result: OutboxResult): Promise<ReportOutcome> {
    const [row] = await db
      .select({ id: outboundMessages.id, channel: outboundMessages.channel, status: outboundMessages.status, ticketId: outboundMessages.ticketId })
      .from(outboundMessages)
      .where(eq(outboundMessages.id, id));
    if (!row) return { ok: false, error: "not_found" };
    const queue = deliveryQueue(row.channel);
    // pg-boss calls stay outside the transactions above (PGlite runs one at a time), and come
    // after the row's update: a crash in between leaves a job that the next claim settles.
    if (row.status !== "pending") {
      await jobs.boss.complete(queue, id);
      return { ok: true, status: row.status };
    }
    if (result.ok) {
      await recordAttempt(row, { status: "sent", ...(result.externalId !== undefined && { externalId: result.externalId }) });
      await jobs.boss.complete(queue, id);
      return { ok: true, status: "sent" };
    }
    if (result.permanent) {
      await recordAttempt(row, { status: "failed", reason: result.reason });
      await jobs.boss.complete(queue, id);
      return { ok: true, status: "failed" };
    }
    const job = await jobs.boss.getJobById(queue, id);
    const lastTry = job !== null && job.retryCount >= job.retryLimit;
    await recordAttempt(row, { status: lastTry ? "failed" : "pending", reason: result.reason });
    // Failing the job schedules the retry with backoff (or, on the last try, leaves it failed).
    if (job !== null) await jobs.boss.fail(queue, id, { reason: result.reason });
    return { ok: true, status: lastTry ? "failed" : "pending" };
  }

  async function sweep(now: Date): Promise<{ dispatched: number; failed: number }> {
    const jobOf = (state?: string) =>
      db
        .select({ id: bossJobs.id })
        .from(bossJobs)
        .where(
          and(
            inArray(bossJobs.name, [...DELIVERY_QUEUES]),
            eq(bossJobs.id, outboundMessages.id),
            ...(state !== undefined ? [eq(bossJobs.state, state)] : []),
          ),
        );
    const exhausted = await db
      .select({ id: outboundMessages.id, ticketId: outboundMessages.ticketId })
      .from(outboundMessages)
      .where(and(eq(outboundMessages.status, "pending"), exists(jobOf("failed"))))
      .limit(SWEEP_BATCH);
    let failed = 0;
    for (const row of exhausted) if (await markExhausted(row)) failed += 1;

    const orphans = await db
      .select(deliveryColumns)
      .from(outboundMessages)
      .leftJoin(tickets, eq(tickets.id, outboundMessages.ticketId))
      .where(
        and(
          eq(outboundMessages.status, "pending"),
          lt(outboundMessages.createdAt, new Date(now.getTime() - sweepAfterMs)),
          notExists(jobOf()),
        ),
      )
      .limit(SWEEP_BATCH);
    await enqueue(orphans);
    const swept = { dispatched: orphans.length, failed };
    if (orphans.length > 0 || failed > 0) logger.warn(swept, "outbox sweep: undispatched or exhausted messages");
    return swept;
  }

  return { isAvailable: () => jobs.isRunning(), dispatch, claim, report, sweep };
}

/** The ticket's timeline learns how a message to the reporter went; never its text. */
async function recordDelivery(
  tx: Pick<Db, "insert">,
  row: { id: string; ticketId: string | null },
  outcome: { status: string; reason?: string },
): Promise<void> {
  if (row.ticketId === null) return;
  await tx.insert(ticketEvents).values({
    ticketId: row.ticketId,
    type: "delivery",
    actorKind: "system",
    data: { outboundId: row.id, ...outcome },
  });
}
