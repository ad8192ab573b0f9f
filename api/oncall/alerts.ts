import { and, asc, eq, gt, inArray, isNull, lt, lte, notInArray, or, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { i18n } from "i18next";
import type { Database } from "../../db/client.ts";
import type { Priority, TicketStatus } from "../../db/schema/enums.ts";
import { agencies, referrals, staff, ticketEvents, tickets, units } from "../../db/schema/index.ts";
import type { OutboundChoice } from "../../db/schema/transcript.ts";
import type { Tx } from "../intake/tx.ts";
import { queueOutbound } from "../outbox/outbox.ts";
import {
  digestText,
  referralOverdueText,
  reporterMessageText,
  ticketAlertChoices,
  ticketAlertText,
  type AlertContext,
  type AlertHeadline,
} from "./alert-text.ts";
import type { Alerts, TicketAlertReason } from "./alerts-types.ts";
import { asAlertChannel } from "./chat-addresses.ts";
import { onCallAt, reachableSupervisors, type AlertRecipient, type OnCallStaff } from "./roster.ts";

/*
 * Alerts to staff, as rows in the outbox written in the same transaction as the timeline event
 * that records them, and dispatched after the commit. Who is told follows the roster at the
 * instant given (tests pass fixed instants): the primary on call first; the backup, then the
 * supervisors, when nobody acknowledges in time; the supervisors at once when nobody is on call.
 * Staff alerts go to the chat each person chose (their alertChannel: Telegram or WhatsApp), read
 * when the alert is queued: a person with no linked chat cannot be reached, and counts as absent.
 */

export interface AlertsOptions {
  database: Database;
  i18n: i18n;
  logger: FastifyBaseLogger;
  /** Where the console is reached from a phone, without a trailing slash. */
  publicUrl: string;
  /** The outbox's dispatch: queues the delivery of the rows written. */
  dispatch: (ids: string[]) => Promise<void>;
}

/** Only these are alerted one by one; sedang and rendah wait for the hourly digest. */
const URGENT: ReadonlySet<Priority> = new Set(["darurat", "tinggi"]);
const CLOSED: TicketStatus[] = ["selesai", "ditutup"];
/** Referrals still waiting on the agency; past their deadline they are chased. */
const OPEN_REFERRAL_STATUSES = ["dikirim", "diterima", "ditindaklanjuti"] as const;
/** A child typing ten lines must not buzz the peksos ten times. */
const REPORTER_MESSAGE_QUIET_MS = 5 * 60_000;
/** Per run; the rest waits a minute (or an hour) rather than holding the database for long. */
const BATCH = 200;
/**
 * "no key update", not "update": inserting a ticket event (a delivery report, a reporter's
 * message) takes a key-share lock on its ticket, which "update" conflicts with, and a skipping
 * escalation would pass the ticket by for a minute. Two escalators still exclude each other.
 */
const ROW_LOCK = "no key update";

const alertTicketColumns = {
  id: tickets.id,
  unitId: tickets.unitId,
  code: tickets.code,
  status: tickets.status,
  priority: tickets.priority,
  category: tickets.category,
  reporterRole: tickets.reporterRole,
  victimAge: tickets.victimAge,
  schoolName: tickets.schoolName,
  slaDueAt: tickets.slaDueAt,
  acknowledgedAt: tickets.acknowledgedAt,
  assigneeId: tickets.assigneeId,
  alertedAt: tickets.alertedAt,
  escalationLevel: tickets.escalationLevel,
  timezone: units.timezone,
  slaMinutes: units.slaMinutes,
};

/** A ticket with what its alerts need, its unit's time zone and targets included. */
function selectAlertTickets(tx: Tx) {
  return tx.select(alertTicketColumns).from(tickets).innerJoin(units, eq(units.id, tickets.unitId));
}
type AlertTicketRow = Awaited<ReturnType<typeof selectAlertTickets>>[number];

export function createAlerts(options: AlertsOptions): Alerts {
  const { database, logger } = options;
  const { db } = database;
  const t = options.i18n.getFixedT("id", "oncall");
  // Another instance already handling a row skips it rather than waiting and doing it twice.
  // PGlite has one connection and no other instance: a plain lock is enough there.
  const skipLocked = database.kind === "postgres";

  function context(timezone: string, now: Date): AlertContext {
    return { t, publicUrl: options.publicUrl, timezone, now };
  }

  async function lockTicket(tx: Tx, ticketId: string, skip: boolean): Promise<AlertTicketRow | undefined> {
    const [row] = await selectAlertTickets(tx)
      .where(eq(tickets.id, ticketId))
      .for(ROW_LOCK, skip ? { of: tickets, skipLocked: true } : { of: tickets });
    return row;
  }

  /** The staff member if an alert can reach them: active, of the ticket's unit, with an alert channel. */
  async function reachable(tx: Tx, unitId: string, staffId: string | null): Promise<AlertRecipient | null> {
    if (staffId === null) return null;
    const [row] = await tx
      .select({ alertChannel: staff.alertChannel })
      .from(staff)
      .where(and(eq(staff.id, staffId), eq(staff.unitId, unitId), eq(staff.active, true)));
    const channel = asAlertChannel(row?.alertChannel ?? null);
    return channel === null ? null : { staffId, channel };
  }

  /** Someone on call as an alert recipient, or null when no alert can reach them. */
  function onCallRecipient(person: OnCallStaff | null): AlertRecipient | null {
    return person?.alertChannel ? { staffId: person.staffId, channel: person.alertChannel } : null;
  }

  /** One outbox row per recipient, on the channel they chose. */
  async function queueTo(
    tx: Tx,
    recipients: readonly AlertRecipient[],
    message: { ticketId: string | null; purpose: string; text: string; choices: OutboundChoice[][] },
  ): Promise<string[]> {
    const ids: string[] = [];
    for (const { staffId, channel } of recipients) ids.push(await queueOutbound(tx, { staffId, channel, ...message }));
    return ids;
  }

  const idsOf = (recipients: readonly AlertRecipient[]) => recipients.map((recipient) => recipient.staffId);

  async function recordEvent(tx: Tx, ticketId: string, type: "alerted" | "escalation" | "referral", data: Record<string, unknown>, now: Date) {
    await tx.insert(ticketEvents).values({ ticketId, type, actorKind: "system", data, createdAt: now });
  }

  /** The alert text and buttons for one ticket (the Terima button only while nobody has acknowledged it). */
  function ticketMessage(ticket: AlertTicketRow, headline: AlertHeadline, purpose: string, now: Date) {
    const ctx = context(ticket.timezone, now);
    return {
      ticketId: ticket.id,
      purpose,
      text: ticketAlertText(ctx, ticket, headline),
      choices: ticketAlertChoices(ctx, ticket.id, { acknowledge: ticket.acknowledgedAt === null }),
    };
  }

  async function markAlerted(tx: Tx, ticket: AlertTicketRow, now: Date, changes: { escalationLevel?: number } = {}) {
    await tx
      .update(tickets)
      .set({ ...changes, ...(ticket.alertedAt === null && { alertedAt: now }), updatedAt: now })
      .where(eq(tickets.id, ticket.id));
  }

  /** A new or raised darurat/tinggi ticket: the primary on call, or every reachable supervisor when there is none. */
  async function urgentAlert(tx: Tx, ticket: AlertTicketRow, reason: "created" | "raised", now: Date): Promise<string[]> {
    if (!URGENT.has(ticket.priority) || CLOSED.includes(ticket.status)) return [];
    if (ticket.acknowledgedAt !== null) {
      // Someone has it already: a new ticket needs nobody else, a raised one needs its assignee to know.
      if (reason === "created") return [];
      const assignee = await reachable(tx, ticket.unitId, ticket.assigneeId);
      if (assignee) {
        const ids = await queueTo(tx, [assignee], ticketMessage(ticket, "raised", "alert", now));
        await recordEvent(tx, ticket.id, "alerted", { tier: "assignee", staffId: assignee.staffId, reason }, now);
        return ids;
      }
    }

    const primary = await onCallAt(tx, ticket.unitId, "primary", now);
    const reachablePrimary = onCallRecipient(primary);
    if (reachablePrimary) {
      const ids = await queueTo(tx, [reachablePrimary], ticketMessage(ticket, reason, "alert", now));
      await recordEvent(tx, ticket.id, "alerted", { tier: "primary", staffId: reachablePrimary.staffId, reason }, now);
      await markAlerted(tx, ticket, now);
      return ids;
    }
    // Nobody on call, or a primary no alert can reach: the supervisors answer for the gap. An
    // empty list is recorded too, so the hole shows on the ticket's timeline.
    const supervisors = await reachableSupervisors(tx, ticket.unitId);
    const ids = await queueTo(tx, supervisors, ticketMessage(ticket, "no_oncall", "alert", now));
    await recordEvent(
      tx,
      ticket.id,
      "escalation",
      { step: "no_oncall", staffIds: idsOf(supervisors), reason, ...(primary && { unlinkedPrimaryId: primary.staffId }) },
      now,
    );
    if (supervisors.length > 0) await markAlerted(tx, ticket, now);
    logger.warn({ ticketId: ticket.id, supervisors: supervisors.length }, "no reachable primary on call; supervisors alerted");
    return ids;
  }

  /** The reporter wrote again: whoever has the case, else the primary on call; at most once per quiet period. */
  async function reporterMessageAlert(tx: Tx, ticket: AlertTicketRow, now: Date): Promise<string[]> {
    // A raise alert for the same message counts: it already made the phone buzz.
    const [recent] = await tx
      .select({ id: ticketEvents.id })
      .from(ticketEvents)
      .where(
        and(
          eq(ticketEvents.ticketId, ticket.id),
          eq(ticketEvents.type, "alerted"),
          gt(ticketEvents.createdAt, new Date(now.getTime() - REPORTER_MESSAGE_QUIET_MS)),
          sql`${ticketEvents.data} ->> 'reason' in ('reporter_message', 'raised')`,
        ),
      )
      .limit(1);
    if (recent) return [];

    let recipient = await reachable(tx, ticket.unitId, ticket.assigneeId);
    let tier: "assignee" | "primary" = "assignee";
    if (!recipient) {
      recipient = onCallRecipient(await onCallAt(tx, ticket.unitId, "primary", now));
      tier = "primary";
    }
    if (!recipient) {
      logger.info({ ticketId: ticket.id }, "reporter message: nobody reachable to alert");
      return [];
    }
    const ctx = context(ticket.timezone, now);
    const ids = await queueTo(tx, [recipient], {
      ticketId: ticket.id,
      purpose: "reporter_message",
      text: reporterMessageText(ctx, ticket),
      choices: ticketAlertChoices(ctx, ticket.id, { acknowledge: ticket.acknowledgedAt === null }),
    });
    await recordEvent(tx, ticket.id, "alerted", { tier, staffId: recipient.staffId, reason: "reporter_message" }, now);
    return ids;
  }

  /**
   * One escalation step for a ticket past its deadline, if still due once locked: level 0 → the
   * backup (or the supervisors when no backup can be reached), level 1 one SLA period later → the
   * supervisors. Null when another instance has the row or it no longer needs a step.
   */
  async function escalateOne(tx: Tx, ticketId: string, now: Date): Promise<string[] | null> {
    const ticket = await lockTicket(tx, ticketId, skipLocked);
    if (!ticket || ticket.acknowledgedAt !== null || CLOSED.includes(ticket.status)) return null;
    const supervisorDue = new Date(ticket.slaDueAt.getTime() + ticket.slaMinutes[ticket.priority] * 60_000);
    const toBackup = ticket.escalationLevel === 0 && now >= ticket.slaDueAt;
    const toSupervisors = ticket.escalationLevel === 1 && now >= supervisorDue;
    if (!toBackup && !toSupervisors) return null;

    if (toBackup) {
      const backup = onCallRecipient(await onCallAt(tx, ticket.unitId, "backup", now));
      if (backup) {
        const ids = await queueTo(tx, [backup], ticketMessage(ticket, "backup", "escalation", now));
        await recordEvent(tx, ticket.id, "escalation", { step: "backup", staffIds: [backup.staffId], level: 1 }, now);
        await markAlerted(tx, ticket, now, { escalationLevel: 1 });
        return ids;
      }
    }
    const supervisors = await reachableSupervisors(tx, ticket.unitId);
    const ids = await queueTo(tx, supervisors, ticketMessage(ticket, "supervisor", "escalation", now));
    await recordEvent(
      tx,
      ticket.id,
      "escalation",
      { step: "supervisor", staffIds: idsOf(supervisors), level: 2, ...(toBackup && { backupSkipped: true }) },
      now,
    );
    if (supervisors.length > 0) await markAlerted(tx, ticket, now, { escalationLevel: 2 });
    else await tx.update(tickets).set({ escalationLevel: 2, updatedAt: now }).where(eq(tickets.id, ticket.id));
    return ids;
  }

  async function escalateTickets(now: Date): Promise<number> {
    const nowParam = sql`${now.toISOString()}::timestamptz`;
    const due = await db
      .select({ id: tickets.id })
      .from(tickets)
      .innerJoin(units, eq(units.id, tickets.unitId))
      .where(
        and(
          isNull(tickets.acknowledgedAt),
          notInArray(tickets.status, CLOSED),
          lte(tickets.slaDueAt, now),
          or(
            eq(tickets.escalationLevel, 0),
            and(
              eq(tickets.escalationLevel, 1),
              sql`${tickets.slaDueAt} + make_interval(mins => (${units.slaMinutes} ->> (${tickets.priority})::text)::int) <= ${nowParam}`,
            ),
          ),
        ),
      )
      .orderBy(asc(tickets.slaDueAt))
      .limit(BATCH);
    let escalated = 0;
    for (const { id } of due) {
      try {
        const ids = await db.transaction((tx) => escalateOne(tx, id, now));
        if (ids === null) continue;
        escalated++;
        logger.info({ ticketId: id, recipients: ids.length }, "unacknowledged ticket escalated");
        await options.dispatch(ids);
      } catch (error) {
        // One bad row must not stop the others; the next minute tries it again.
        logger.error({ err: error, ticketId: id }, "escalation failed");
      }
    }
    return escalated;
  }

  /** An open referral past its deadline, once: its ticket's assignee, else the supervisors. */
  async function flagReferral(tx: Tx, referralId: string, now: Date): Promise<string[] | null> {
    const [row] = await tx
      .select({
        id: referrals.id,
        status: referrals.status,
        dueAt: referrals.dueAt,
        overdueAlertedAt: referrals.overdueAlertedAt,
        ticketId: tickets.id,
        ticketCode: tickets.code,
        unitId: tickets.unitId,
        assigneeId: tickets.assigneeId,
        agencyName: agencies.name,
        timezone: units.timezone,
      })
      .from(referrals)
      .innerJoin(tickets, eq(tickets.id, referrals.ticketId))
      .innerJoin(agencies, eq(agencies.id, referrals.agencyId))
      .innerJoin(units, eq(units.id, tickets.unitId))
      .where(eq(referrals.id, referralId))
      .for(ROW_LOCK, skipLocked ? { of: referrals, skipLocked: true } : { of: referrals });
    // Checked again under the lock: answered, flagged or moved meanwhile means nothing to do.
    if (!row || row.dueAt === null || row.dueAt >= now || row.overdueAlertedAt !== null) return null;
    if (!OPEN_REFERRAL_STATUSES.some((status) => status === row.status)) return null;

    const assignee = await reachable(tx, row.unitId, row.assigneeId);
    const recipients = assignee ? [assignee] : await reachableSupervisors(tx, row.unitId);
    const ctx = context(row.timezone, now);
    const ids = await queueTo(tx, recipients, {
      ticketId: row.ticketId,
      purpose: "referral_overdue",
      text: referralOverdueText(ctx, { ...row, dueAt: row.dueAt }),
      choices: [],
    });
    await recordEvent(tx, row.ticketId, "referral", { referralId: row.id, overdue: true, staffIds: idsOf(recipients) }, now);
    await tx.update(referrals).set({ overdueAlertedAt: now, updatedAt: now }).where(eq(referrals.id, row.id));
    return ids;
  }

  async function flagOverdueReferrals(now: Date): Promise<number> {
    const overdue = await db
      .select({ id: referrals.id })
      .from(referrals)
      .where(and(inArray(referrals.status, [...OPEN_REFERRAL_STATUSES]), lt(referrals.dueAt, now), isNull(referrals.overdueAlertedAt)))
      .orderBy(asc(referrals.dueAt))
      .limit(BATCH);
    let flagged = 0;
    for (const { id } of overdue) {
      try {
        const ids = await db.transaction((tx) => flagReferral(tx, id, now));
        if (ids === null) continue;
        flagged++;
        logger.info({ referralId: id, recipients: ids.length }, "overdue referral flagged");
        await options.dispatch(ids);
      } catch (error) {
        logger.error({ err: error, referralId: id }, "overdue referral alert failed");
      }
    }
    return flagged;
  }

  const digestCandidates = (unitId?: string) =>
    and(
      ...(unitId === undefined ? [] : [eq(tickets.unitId, unitId)]),
      inArray(tickets.priority, ["sedang", "rendah"]),
      notInArray(tickets.status, CLOSED),
      isNull(tickets.acknowledgedAt),
      isNull(tickets.alertedAt),
    );

  /** One unit's digest: its new sedang/rendah tickets to the primary on call, else to the supervisors. */
  async function digestUnit(tx: Tx, unitId: string, now: Date): Promise<string[]> {
    const rows = await selectAlertTickets(tx)
      .where(digestCandidates(unitId))
      // The enum orders sedang before rendah; oldest first within each.
      .orderBy(asc(tickets.priority), asc(tickets.createdAt), asc(tickets.id))
      .for(ROW_LOCK, skipLocked ? { of: tickets, skipLocked: true } : { of: tickets });
    const first = rows[0];
    if (!first) return [];
    const primary = onCallRecipient(await onCallAt(tx, unitId, "primary", now));
    const tier = primary ? "primary" : "supervisor";
    const recipients = primary ? [primary] : await reachableSupervisors(tx, unitId);
    // Nobody to tell: the tickets stay undigested for the next hour, when someone may be on call.
    if (recipients.length === 0) return [];
    const staffIds = idsOf(recipients);
    const ids = await queueTo(tx, recipients, {
      ticketId: null,
      purpose: "digest",
      text: digestText(context(first.timezone, now), rows),
      choices: [],
    });
    const ticketIds = rows.map((row) => row.id);
    await tx.update(tickets).set({ alertedAt: now, updatedAt: now }).where(inArray(tickets.id, ticketIds));
    await tx.insert(ticketEvents).values(
      ticketIds.map((ticketId) => ({
        ticketId,
        type: "alerted" as const,
        actorKind: "system" as const,
        data: { tier, digest: true, staffIds },
        createdAt: now,
      })),
    );
    return ids;
  }

  return {
    async ticketAlert(ticketId: string, reason: TicketAlertReason, now: Date) {
      const ids = await db.transaction(async (tx) => {
        const ticket = await lockTicket(tx, ticketId, false);
        if (!ticket) return [];
        return reason === "reporter_message" ? reporterMessageAlert(tx, ticket, now) : urgentAlert(tx, ticket, reason, now);
      });
      if (ids.length > 0) logger.info({ ticketId, reason, recipients: ids.length }, "ticket alert queued");
      await options.dispatch(ids);
    },

    async runEscalations(now: Date) {
      const escalated = await escalateTickets(now);
      const overdueReferrals = await flagOverdueReferrals(now);
      return { escalated, overdueReferrals };
    },

    async sendDigests(now: Date) {
      const pending = await db.selectDistinct({ unitId: tickets.unitId }).from(tickets).where(digestCandidates());
      let digests = 0;
      for (const { unitId } of pending) {
        try {
          const ids = await db.transaction((tx) => digestUnit(tx, unitId, now));
          digests += ids.length;
          if (ids.length > 0) logger.info({ unitId, recipients: ids.length }, "digest queued");
          await options.dispatch(ids);
        } catch (error) {
          logger.error({ err: error, unitId }, "digest failed");
        }
      }
      return { digests };
    },
  };
}
