import { and, asc, eq, lt, ne } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { i18n } from "i18next";
import type { Database, Db } from "../../db/client.ts";
import { channelLinks, type ChannelLinkState } from "../../db/schema/channels.ts";
import type { Tx } from "../intake/tx.ts";
import { LINKED_CHANNELS, type ChannelStateReport, type LinkedChannel } from "./channel-schemas.ts";
import { queueLinkAlert } from "./link-alerts.ts";
import {
  alertDecision,
  applyReport,
  effectiveLink,
  isSilent,
  qrAvailable,
  SILENT_AFTER_MS,
  SILENT_REASON,
  type ChannelLinkRow,
  type LinkAlert,
  type LinkFields,
} from "./link-state.ts";

/*
 * The state of each channel's link, kept in channel_links because the adapter may run in another
 * process than the API instances that answer /health and serve the QR. A report and the minute
 * watch both change a row under its lock, and queue the admins' message in the same transaction:
 * an alert is sent exactly when the change that calls for it commits. The messages are dispatched
 * after the commit (on PGlite, inside the transaction would deadlock).
 */

export interface ChannelLinksOptions {
  database: Database;
  i18n: i18n;
  logger: FastifyBaseLogger;
  /** Where the console (which shows the QR) is reached, without a trailing slash. */
  publicUrl: string;
  /** The outbox's dispatch: queues the delivery of the rows written. */
  dispatch: (ids: string[]) => Promise<void>;
}

export interface ReportOutcome {
  state: ChannelLinkState;
  /** False for a heartbeat repeating the state. */
  changed: boolean;
  alert: LinkAlert | null;
  /** Messages queued to admins and supervisors. */
  recipients: number;
}

export interface ChannelLinks {
  /** Records an adapter's report (POST /v1/channels/:channel/state). */
  report(channel: LinkedChannel, report: ChannelStateReport, now: Date): Promise<ReportOutcome>;
  /**
   * Marks links whose adapter fell silent as disconnected, alerting as for a reported outage. Run
   * every minute: `jobs.onSchedule(CHANNEL_WATCH_QUEUE, (now) => channelLinks.watch(now))`.
   * Idempotent, and safe on several instances at once.
   */
  watch(now: Date): Promise<{ silent: number }>;
}

export function createChannelLinks(options: ChannelLinksOptions): ChannelLinks {
  const { database, logger } = options;
  const { db } = database;
  const t = options.i18n.getFixedT("id", "channels");
  // Another instance handling a row skips it rather than alerting twice; PGlite has no other instance.
  const skipLocked = database.kind === "postgres";

  async function lockRow(tx: Tx, channel: LinkedChannel, skip: boolean): Promise<ChannelLinkRow | undefined> {
    const [row] = await tx
      .select()
      .from(channelLinks)
      .where(eq(channelLinks.channel, channel))
      .for("update", skip ? { skipLocked: true } : {});
    return row;
  }

  /** Writes the new state and, when it calls for one, the admins' message; returns the queued ids. */
  async function settle(tx: Tx, channel: LinkedChannel, previous: ChannelLinkRow | undefined, fields: LinkFields) {
    const decision = alertDecision(previous?.alertedState ?? null, fields.state);
    const row = { ...fields, alertedState: decision.alertedState };
    if (previous) await tx.update(channelLinks).set(row).where(eq(channelLinks.channel, channel));
    else await tx.insert(channelLinks).values({ channel, ...row });
    if (decision.alert === null) return { alert: null, ids: [] };
    const queued = await queueLinkAlert(tx, t, {
      channel,
      alert: decision.alert,
      state: fields.state,
      reason: fields.reason,
      publicUrl: options.publicUrl,
    });
    if (decision.alert === "down" && (queued.unreachable > 0 || queued.ids.length === 0)) {
      logger.warn({ channel, alerted: queued.ids.length, unreachable: queued.unreachable }, "channel down: some admins or supervisors cannot be told");
    }
    return { alert: decision.alert, ids: queued.ids };
  }

  async function report(channel: LinkedChannel, received: ChannelStateReport, now: Date): Promise<ReportOutcome> {
    const result = await db.transaction(async (tx) => {
      // A channel's first report inserts its row. Two first reports at once (two adapter processes,
      // never meant to run) make the second fail on the key, and its adapter report again.
      const previous = await lockRow(tx, channel, false);
      const fields = applyReport(previous, received, now);
      const settled = await settle(tx, channel, previous, fields);
      return { changed: previous?.state !== fields.state, ...settled };
    });
    await options.dispatch(result.ids);
    return { state: received.state, changed: result.changed, alert: result.alert, recipients: result.ids.length };
  }

  async function markSilent(tx: Tx, channel: LinkedChannel, now: Date): Promise<{ alert: LinkAlert | null; ids: string[] } | null> {
    const row = await lockRow(tx, channel, skipLocked);
    // Checked again under the lock: a report may have come in, or another instance got here first.
    if (!row || row.state === "disconnected" || !isSilent(row, now)) return null;
    // Disconnected since the last sign of life, as effectiveLink shows it.
    const fields = { state: "disconnected" as const, stateSince: row.reportedAt, reportedAt: row.reportedAt, reason: SILENT_REASON, qr: null, qrUpdatedAt: null };
    return settle(tx, channel, row, fields);
  }

  async function watch(now: Date): Promise<{ silent: number }> {
    const due = await db
      .select({ channel: channelLinks.channel })
      .from(channelLinks)
      .where(and(ne(channelLinks.state, "disconnected"), lt(channelLinks.reportedAt, new Date(now.getTime() - SILENT_AFTER_MS))))
      .orderBy(asc(channelLinks.channel));
    let silent = 0;
    for (const { channel } of due) {
      const linked = LINKED_CHANNELS.find((candidate) => candidate === channel);
      if (linked === undefined) continue;
      try {
        const outcome = await db.transaction((tx) => markSilent(tx, linked, now));
        if (outcome === null) continue;
        silent++;
        logger.warn({ channel: linked, alert: outcome.alert, recipients: outcome.ids.length }, "channel adapter silent: link counted as disconnected");
        await options.dispatch(outcome.ids);
      } catch (error) {
        // The next minute tries again.
        logger.error({ err: error, channel: linked }, "channel watch failed");
      }
    }
    return { silent };
  }

  return { report, watch };
}

/** A channel's link as staff see it. */
export interface ChannelLinkView {
  channel: LinkedChannel;
  state: ChannelLinkState;
  since: Date;
  reason: string | null;
  reportedAt: Date;
  qrAvailable: boolean;
}

/** The linked channels whose adapter has reported at least once, a silent one shown as disconnected. */
export async function listChannelLinks(db: Db, now: Date): Promise<ChannelLinkView[]> {
  const rows = await db.select().from(channelLinks).orderBy(asc(channelLinks.channel));
  return rows.flatMap((row) => {
    const channel = LINKED_CHANNELS.find((candidate) => candidate === row.channel);
    if (channel === undefined) return [];
    const link = effectiveLink(row, now);
    return [{ channel, state: link.state, since: link.since, reason: link.reason, reportedAt: row.reportedAt, qrAvailable: qrAvailable(row, now) }];
  });
}

export type QrLookup = { ok: true; qr: string } | { ok: false; state: ChannelLinkState | null };

/** The QR to show while it can still link the phone; else the link's state (null: never reported). */
export async function currentQr(db: Db, channel: LinkedChannel, now: Date): Promise<QrLookup> {
  const [row] = await db.select().from(channelLinks).where(eq(channelLinks.channel, channel));
  if (!row) return { ok: false, state: null };
  if (row.qr !== null && qrAvailable(row, now)) return { ok: true, qr: row.qr };
  return { ok: false, state: effectiveLink(row, now).state };
}
