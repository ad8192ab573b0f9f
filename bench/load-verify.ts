import { eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import type { Priority } from "../db/schema/enums.ts";
import { reporters, tickets } from "../db/schema/index.ts";
import type { AlertLog } from "./load-alerts.ts";
import { percentile } from "./percentile.ts";
import type { SurgeResult } from "./load-surge.ts";

/*
 * bench/load.ts's checks against the hotline's database, read after the process stopped: every
 * code a person was told is a stored ticket (else `lost`, as is a "kirim" answered without a
 * code), every ticket of the phase's chats was told to someone (else `phantom`), and a report
 * that reached "kirim" is stored as finished. For the surge, each ticket's priority comes from
 * the database and is set against the alerts the peksos's chat received.
 */

export interface StoredTicket {
  chatId: number;
  code: string;
  priority: Priority;
  incomplete: boolean;
}

export async function storedTickets(database: Database): Promise<StoredTicket[]> {
  const rows = await database.db
    .select({ address: reporters.address, code: tickets.code, priority: tickets.priority, incomplete: tickets.incomplete })
    .from(tickets)
    .innerJoin(reporters, eq(reporters.id, tickets.reporterId))
    .where(eq(reporters.channel, "telegram"));
  return rows.map((row) => ({ chatId: Number(row.address), code: row.code, priority: row.priority, incomplete: row.incomplete }));
}

export interface Checked {
  tickets: number;
  lost: number;
  phantom: number;
  /** Reports that reached "kirim" but are stored as unfinished. */
  unfinished: number;
  byPriority: Record<Priority, number>;
}

export function checkPhase(
  stored: readonly StoredTicket[],
  chatIds: { from: number; to: number },
  told: ReadonlyMap<string, { submitted: boolean }>,
  submittedWithoutCode: number,
): Checked {
  const mine = stored.filter((t) => t.chatId >= chatIds.from && t.chatId < chatIds.to);
  const byCode = new Map(mine.map((t) => [t.code, t]));
  const byPriority: Record<Priority, number> = { darurat: 0, tinggi: 0, sedang: 0, rendah: 0 };
  for (const ticket of mine) byPriority[ticket.priority]++;
  let lost = submittedWithoutCode;
  let unfinished = 0;
  for (const [code, { submitted }] of told) {
    const ticket = byCode.get(code);
    if (!ticket) lost++;
    else if (submitted && ticket.incomplete) unfinished++;
  }
  return { tickets: mine.length, lost, phantom: mine.filter((t) => !told.has(t.code)).length, unfinished, byPriority };
}

/** The message that made a ticket ("ya" or "kirim"): when it was sent, and when the bot's first reply to it came. */
export interface Made {
  sentAt: number;
  repliedAt: number | null;
}

export interface AlertDelays {
  /** Darurat tickets of the phase with an alert (told to their reporter or not). */
  daruratAlerted: number;
  /** Other tickets of the phase alerted one by one (tinggi). */
  otherAlerted: number;
  /** ms from the message that made each ticket to its alert, ascending (tickets whose code was told). */
  darurat: number[];
  /** The same for the other tickets alerted one by one (tinggi). */
  other: number[];
  /**
   * ms from the bot's reply to that message to the alert, ascending: the alert's own way (its
   * transaction, the outbox, the Telegram adapter) without the intake's queue both share.
   */
  daruratAfterReply: number[];
  otherAfterReply: number[];
  /** Tinggi tickets with no alert (darurat ones without: darurat count − darurat.length). */
  otherNotAlerted: number;
  inversions: number;
  /** Darurat alerts that came after at least one later report's alert. */
  daruratOvertaken: number;
}

/**
 * Alert delay: from the message that made the ticket (the danger "ya" for darurat, "kirim" for
 * the others) to the peksos's alert about it. An inversion is a darurat alert that arrived after
 * the alert of a report made later than it.
 */
export function alertDelays(
  stored: readonly StoredTicket[],
  chatIds: { from: number; to: number },
  made: ReadonlyMap<string, Made>,
  alerts: AlertLog,
): AlertDelays {
  interface Alerted {
    made: Made;
    alertedAt: number;
  }
  const darurat: Alerted[] = [];
  const other: Alerted[] = [];
  let daruratAlerted = 0;
  let otherAlerted = 0;
  let otherNotAlerted = 0;
  for (const ticket of stored) {
    if (ticket.chatId < chatIds.from || ticket.chatId >= chatIds.to) continue;
    const alert = alerts.newAlert(ticket.code);
    if (!alert) {
      if (ticket.priority === "tinggi") otherNotAlerted++;
      continue;
    }
    if (ticket.priority === "darurat") daruratAlerted++;
    else otherAlerted++;
    // A ticket whose code never reached its reporter (a phantom) has no "made at" to time from.
    const by = made.get(ticket.code);
    if (by !== undefined) (ticket.priority === "darurat" ? darurat : other).push({ made: by, alertedAt: alert.at });
  }
  let inversions = 0;
  let daruratOvertaken = 0;
  for (const d of darurat) {
    const overtaking = other.filter((o) => o.made.sentAt > d.made.sentAt && o.alertedAt < d.alertedAt).length;
    inversions += overtaking;
    if (overtaking > 0) daruratOvertaken++;
  }
  const delays = (list: Alerted[]) => list.map((a) => a.alertedAt - a.made.sentAt).sort((a, b) => a - b);
  const afterReply = (list: Alerted[]) =>
    list.flatMap((a) => (a.made.repliedAt === null ? [] : [a.alertedAt - a.made.repliedAt])).sort((a, b) => a - b);
  return {
    daruratAlerted,
    otherAlerted,
    darurat: delays(darurat),
    other: delays(other),
    daruratAfterReply: afterReply(darurat),
    otherAfterReply: afterReply(other),
    otherNotAlerted,
    inversions,
    daruratOvertaken,
  };
}

export interface SurgeFigures {
  reports: number;
  seconds: number;
  darurat: number;
  daruratAlerted: number;
  daruratAlertP50Ms: number;
  daruratAlertP99Ms: number;
  daruratAlertMaxMs: number;
  otherAlerted: number;
  otherAlertP50Ms: number;
  otherAlertP99Ms: number;
  otherAlertMaxMs: number;
  otherNotAlerted: number;
  daruratAfterReply: number[];
  otherAfterReply: number[];
  inversions: number;
  daruratOvertaken: number;
  lost: number;
  phantom: number;
  unfinished: number;
  byPriority: Record<Priority, number>;
}

export function analyseSurge(
  surge: SurgeResult,
  alerts: AlertLog,
  stored: readonly StoredTicket[],
  chatIds: { from: number; to: number },
  seconds: number,
): SurgeFigures {
  const told = new Map<string, { submitted: boolean }>();
  const made = new Map<string, Made>();
  let submittedWithoutCode = 0;
  for (const { outcome } of surge.reports) {
    if (outcome.code !== null) told.set(outcome.code, { submitted: outcome.submitted });
    if (outcome.code !== null && outcome.ticketSentAt !== null) made.set(outcome.code, { sentAt: outcome.ticketSentAt, repliedAt: outcome.ticketRepliedAt });
    if (outcome.submittedWithoutCode) submittedWithoutCode++;
  }
  const checked = checkPhase(stored, chatIds, told, submittedWithoutCode);
  const delays = alertDelays(stored, chatIds, made, alerts);
  return {
    reports: surge.reports.length,
    seconds,
    darurat: checked.byPriority.darurat,
    daruratAlerted: delays.daruratAlerted,
    daruratAlertP50Ms: percentile(delays.darurat, 50),
    daruratAlertP99Ms: percentile(delays.darurat, 99),
    daruratAlertMaxMs: delays.darurat.at(-1) ?? NaN,
    otherAlerted: delays.otherAlerted,
    otherAlertP50Ms: percentile(delays.other, 50),
    otherAlertP99Ms: percentile(delays.other, 99),
    otherAlertMaxMs: delays.other.at(-1) ?? NaN,
    otherNotAlerted: delays.otherNotAlerted,
    daruratAfterReply: delays.daruratAfterReply,
    otherAfterReply: delays.otherAfterReply,
    inversions: delays.inversions,
    daruratOvertaken: delays.daruratOvertaken,
    lost: checked.lost,
    phantom: checked.phantom,
    unfinished: checked.unfinished,
    byPriority: checked.byPriority,
  };
}
