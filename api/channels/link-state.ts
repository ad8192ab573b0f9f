import type { ChannelLinkState, channelLinks } from "../../db/schema/channels.ts";
import type { ChannelStateReport } from "./channel-schemas.ts";

/*
 * The rules of a channel's link, without the database: what a report changes in the row, what the
 * row means when its adapter went quiet, and when admins are told. channel-links.ts applies them
 * under a row lock.
 */

export type ChannelLinkRow = typeof channelLinks.$inferSelect;

/**
 * An adapter re-reports its state every 30 s; one silent for longer than this has lost its process
 * or its machine, and its last report no longer says anything.
 */
export const SILENT_AFTER_MS = 2 * 60_000;

/** WhatsApp replaces its QR about every 20 s; an older one will not link the phone anymore. */
export const QR_FRESH_MS = 60_000;

/** The reason a silent adapter's link counts as disconnected. */
export const SILENT_REASON = "silent";

export interface EffectiveLink {
  state: ChannelLinkState;
  since: Date;
  reason: string | null;
}

export function isSilent(row: Pick<ChannelLinkRow, "reportedAt">, now: Date): boolean {
  return now.getTime() - row.reportedAt.getTime() > SILENT_AFTER_MS;
}

/** The state as callers should see it: a silent adapter's link is disconnected since its last report. */
export function effectiveLink(row: Pick<ChannelLinkRow, "state" | "stateSince" | "reason" | "reportedAt">, now: Date): EffectiveLink {
  if (row.state !== "disconnected" && isSilent(row, now)) {
    return { state: "disconnected", since: row.reportedAt, reason: SILENT_REASON };
  }
  return { state: row.state, since: row.stateSince, reason: row.reason };
}

/** Whether the QR in the row can still link a phone: the link waits for one, and it is recent. */
export function qrAvailable(row: Pick<ChannelLinkRow, "state" | "stateSince" | "reason" | "reportedAt" | "qr" | "qrUpdatedAt">, now: Date): boolean {
  return (
    effectiveLink(row, now).state === "qr_needed" &&
    row.qr !== null &&
    row.qrUpdatedAt !== null &&
    now.getTime() - row.qrUpdatedAt.getTime() <= QR_FRESH_MS
  );
}

export type LinkFields = Omit<ChannelLinkRow, "channel" | "alertedState">;

/**
 * The row after a report. A heartbeat repeating the state keeps `stateSince` and the reason it
 * came with; the QR lives only while the link waits for one (a heartbeat may leave it out), and
 * `qrUpdatedAt` moves only when the QR itself changes.
 */
export function applyReport(previous: LinkFields | undefined, report: ChannelStateReport, now: Date): LinkFields {
  const sameState = previous !== undefined && previous.state === report.state;
  const qr = report.state === "qr_needed" ? (report.qr ?? (sameState ? previous.qr : null)) : null;
  const qrUpdatedAt = qr === null ? null : sameState && previous.qr === qr ? previous.qrUpdatedAt : now;
  return {
    state: report.state,
    stateSince: sameState ? previous.stateSince : now,
    reportedAt: now,
    reason: report.reason ?? (sameState ? previous.reason : null),
    qr,
    qrUpdatedAt,
  };
}

export type LinkAlert = "down" | "restored";

/**
 * Whether a state calls for a message to admins, and what `alertedState` becomes.
 *
 * `alertedState` is what admins last knew of the link: null until it first connects (someone
 * linking the phone for the first time is looking at the QR already), "connected" once it has been
 * up (they saw it working, or were told it recovered), and the outage's state once they were told
 * of one. So an outage alerts once, when it starts after a connected link, however often the QR
 * is refreshed or the adapter restarts ("starting") and fails again; connecting again after an
 * alerted outage sends the "restored" message.
 */
export function alertDecision(alertedState: ChannelLinkState | null, state: ChannelLinkState): { alert: LinkAlert | null; alertedState: ChannelLinkState | null } {
  if (state === "connected") {
    const wasDown = alertedState === "disconnected" || alertedState === "qr_needed";
    return { alert: wasDown ? "restored" : null, alertedState: "connected" };
  }
  if ((state === "disconnected" || state === "qr_needed") && alertedState === "connected") {
    return { alert: "down", alertedState: state };
  }
  return { alert: null, alertedState };
}
