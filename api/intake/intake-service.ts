import { and, asc, eq, isNull, lte, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import type { i18n } from "i18next";
import { questionFor } from "../../bot/conversation/questions.ts";
import { parseSession, type Session } from "../../bot/conversation/session.ts";
import { step } from "../../bot/conversation/step.ts";
import { parseCommand, schoolCodeFromStart } from "../../bot/conversation/text.ts";
import { STATUS_REPLY_KEY, type StepInput, type StepResult } from "../../bot/conversation/types.ts";
import type { Database } from "../../db/client.ts";
import type { Channel } from "../../db/schema/enums.ts";
import {
  conversations,
  inboundMessages,
  reporters,
  schools,
  transcriptMessages,
  units,
  type MediaMeta,
} from "../../db/schema/index.ts";
import type { TicketAlertReason } from "../oncall/alerts-types.ts";
import { queueOutbound } from "../outbox/outbox.ts";
import { renderReplies } from "./render.ts";
import {
  appendToReportTicket,
  createReportTicket,
  findReportTicket,
  finishReportTicket,
  syncReportTicket,
  type ReportRef,
  type TicketRow,
  type Unit,
} from "./report-ticket.ts";
import { IntakeResponseSchema, type InboundContent, type InboundMessage, type IntakeResponse, type Reply } from "./schemas.ts";
import { lookupStatus } from "./status-lookup.ts";
import type { Tx } from "./tx.ts";

/*
 * Runs the conversation for one inbound message inside one transaction: dedupe the update,
 * lock the reporter, step, apply the effects, save the session and remember the replies.
 * A report is either fully stored or not at all; a redelivered update gets the same replies
 * and changes nothing.
 */

export interface IntakeDeps {
  database: Database;
  i18n: i18n;
  logger: FastifyBaseLogger;
  /** Called after commit with the outbound messages the timers queued. */
  onOutbound?: (ids: string[]) => Promise<void>;
  /**
   * Called after commit when a report created a ticket, when the reporter's later words raised
   * its priority (both must reach the on-call peksos), and when the reporter wrote again on a
   * ticket (the peksos handling it must know).
   */
  onTicketAlert?: (ticketId: string, reason: TicketAlertReason) => Promise<void>;
  /** The unit this hotline number belongs to; the oldest unit when absent. */
  unitCode?: string;
}

export interface Intake {
  handle(message: InboundMessage, now?: Date): Promise<IntakeResponse>;
  /** Fires due reminders and auto-submits; returns how many conversations it stepped. */
  runTimers(now: Date, limit?: number): Promise<number>;
}

const UNIT_CACHE_MS = 60_000;

interface Applied {
  ticket: TicketRow | undefined;
  pin: string | null;
  createdTicketId: string | null;
  raisedTicketId: string | null;
  /** The ticket a message after the report joined. */
  appendedTicketId: string | null;
  replies: Reply[];
}

export function createIntake(deps: IntakeDeps): Intake {
  const { db } = deps.database;
  // The unit (SLA, leaflet numbers) is read on every message otherwise; a minute old is fresh enough.
  let unitCache: { unit: Unit; at: number } | undefined;

  async function loadUnit(tx: Tx): Promise<Unit> {
    if (unitCache && Date.now() - unitCache.at < UNIT_CACHE_MS) return unitCache.unit;
    const [unit] = await tx
      .select()
      .from(units)
      .where(deps.unitCode ? eq(units.code, deps.unitCode) : sql`true`)
      .orderBy(asc(units.createdAt))
      .limit(1);
    if (!unit) throw new Error(deps.unitCode ? "the configured unit does not exist" : "no unit: the database was not seeded");
    unitCache = { unit, at: Date.now() };
    return unit;
  }

  /** Steps a locked conversation and applies everything the step decided. */
  async function runStep(
    tx: Tx,
    context: { unit: Unit; reporterId: string; channel: Channel; now: Date; before: Session | null; input: StepInput; inbound?: InboundContent },
  ): Promise<Applied & { result: StepResult }> {
    const { unit, reporterId, channel, now, before, input } = context;
    const result = step(before, input, now);
    const session = result.session;
    const seqBefore = before?.reportSeq ?? session.reportSeq;
    const ref = (reportSeq: number): ReportRef => ({ unit, reporterId, reportSeq, channel, language: session.lang, now });

    // Effects that finish the old report after "start again" carry the answers of that report.
    const sameReport = seqBefore === session.reportSeq;
    const draftFor = sameReport || !before ? session.draft : before.draft;
    let ticket = await findReportTicket(tx, reporterId, seqBefore);

    let transcriptId: string | undefined;
    if (context.inbound) {
      // A new report (after "start again" or /lapor) has no ticket yet.
      transcriptId = await recordInbound(tx, {
        reporterId,
        reportSeq: session.reportSeq,
        ticketId: sameReport ? (ticket?.id ?? null) : null,
        step: before?.step ?? "idle",
        content: context.inbound,
        recordInput: result.recordInput,
        choiceLabel: choiceLabel(before, context.inbound, deps.i18n.getFixedT(before?.lang ?? session.lang)),
      });
    }

    let pin: string | null = null;
    let createdTicketId: string | null = null;
    let raisedTicketId: string | null = null;
    let appendedTicketId: string | null = null;
    const sync = async (current: TicketRow) => {
      const synced = await syncReportTicket(tx, ref(seqBefore), current, draftFor);
      if (synced.raised) raisedTicketId = current.id;
      return synced.ticket;
    };
    let statusReply: Reply[] = [];
    const t = deps.i18n.getFixedT(session.lang);

    for (const effect of result.effects) {
      switch (effect.type) {
        case "ticket.open":
          if (!ticket) {
            ticket = await createReportTicket(tx, ref(seqBefore), draftFor, true);
            createdTicketId = ticket.id;
          }
          break;
        case "ticket.sync":
          if (ticket) ticket = await sync(ticket);
          break;
        case "ticket.submit": {
          if (!ticket) {
            ticket = await createReportTicket(tx, ref(seqBefore), draftFor, !effect.confirmed);
            createdTicketId = ticket.id;
          } else if (sameReport) {
            ticket = await sync(ticket);
          }
          const finished = await finishReportTicket(tx, ref(seqBefore), ticket, effect.confirmed);
          ticket = finished.ticket;
          pin = finished.pin;
          break;
        }
        case "ticket.append":
          if (ticket && transcriptId && context.inbound) {
            const appended = await appendToReportTicket(tx, ref(seqBefore), ticket, {
              transcriptId,
              kind: context.inbound.type === "media" ? "media" : context.inbound.type,
              text: context.inbound.type === "text" ? context.inbound.text : null,
            });
            if (appended.raised) raisedTicketId = ticket.id;
            appendedTicketId = ticket.id;
          }
          break;
        case "report.discard":
          await tx
            .delete(transcriptMessages)
            .where(
              and(
                eq(transcriptMessages.reporterId, reporterId),
                eq(transcriptMessages.reportSeq, effect.reportSeq),
                isNull(transcriptMessages.ticketId),
              ),
            );
          break;
        case "status.lookup": {
          const spec = await lookupStatus(tx, { reporterId, code: effect.code, pin: effect.pin, now });
          statusReply = renderReplies([spec], renderContext(t, unit, ticket, pin));
          break;
        }
      }
    }

    const rendered = renderReplies(
      result.replies.filter((r) => r.key !== STATUS_REPLY_KEY),
      renderContext(t, unit, ticket, pin),
    );
    const statusAt = result.replies.findIndex((r) => r.key === STATUS_REPLY_KEY);
    const replies = statusAt < 0 ? rendered : [...rendered.slice(0, statusAt), ...statusReply, ...rendered.slice(statusAt)];
    await recordOutbound(tx, {
      reporterId,
      reportSeq: session.reportSeq,
      ticketId: sameReport ? (ticket?.id ?? null) : null,
      step: session.step,
      replies,
    });
    await saveConversation(tx, reporterId, session);
    return { result, ticket: sameReport ? ticket : undefined, pin, createdTicketId, raisedTicketId, appendedTicketId, replies };
  }

  return {
    async handle(message, now = new Date()) {
      const outcome = await db.transaction(async (tx) => {
        const [inbound] = await tx
          .insert(inboundMessages)
          .values({ channel: message.channel, externalId: message.externalId, receivedAt: now })
          .onConflictDoNothing()
          .returning({ id: inboundMessages.id });
        if (!inbound) return { response: await priorResponse(tx, message), alerts: [] };

        const unit = await loadUnit(tx);
        const reporterId = await lockReporter(tx, message, now);
        const [conversation] = await tx
          .select({ state: conversations.state })
          .from(conversations)
          .where(eq(conversations.reporterId, reporterId))
          .for("update");
        const before = conversation ? parseSession(conversation.state, "id") : null;
        const input = await toStepInput(tx, unit, message.content);
        const applied = await runStep(tx, {
          unit,
          reporterId,
          channel: message.channel,
          now,
          before,
          input,
          inbound: message.content,
        });
        const response: IntakeResponse = {
          replies: applied.replies,
          ticketCode: applied.ticket?.code ?? null,
          language: applied.result.session.lang,
          duplicate: false,
        };
        await tx
          .update(inboundMessages)
          .set({ reporterId, response: response as unknown as Record<string, unknown> })
          .where(eq(inboundMessages.id, inbound.id));
        if (before?.lang !== applied.result.session.lang) {
          await tx.update(reporters).set({ language: applied.result.session.lang }).where(eq(reporters.id, reporterId));
        }
        return { response, alerts: alertsOf(applied) };
      });
      for (const alert of outcome.alerts) await notifyTicket(alert.ticketId, alert.reason);
      return outcome.response;
    },

    async runTimers(now, limit = 50) {
      const due = await db
        .select({ reporterId: conversations.reporterId })
        .from(conversations)
        .where(lte(conversations.nextTimerAt, now))
        .orderBy(asc(conversations.nextTimerAt))
        .limit(limit);
      let stepped = 0;
      for (const { reporterId } of due) {
        const outcome = await db.transaction(async (tx) => {
          const [reporter] = await tx
            .select({ id: reporters.id, channel: reporters.channel })
            .from(reporters)
            .where(eq(reporters.id, reporterId))
            .for("update");
          const [conversation] = await tx
            .select({ state: conversations.state, nextTimerAt: conversations.nextTimerAt })
            .from(conversations)
            .where(eq(conversations.reporterId, reporterId))
            .for("update");
          // Another instance, or the reporter, got there first.
          if (!reporter || !conversation?.nextTimerAt || conversation.nextTimerAt > now) return undefined;
          const unit = await loadUnit(tx);
          const before = parseSession(conversation.state, "id");
          const applied = await runStep(tx, { unit, reporterId, channel: reporter.channel, now, before, input: { type: "timer" } });
          const purpose = applied.result.effects.some((e) => e.type === "ticket.submit") ? "auto_submitted" : "reminder";
          const ids: string[] = [];
          // One message, not one per reply: queued messages are not guaranteed to arrive in order,
          // and a reminder must come before the question it repeats.
          if (applied.replies.length > 0) {
            ids.push(
              await queueOutbound(tx, {
                reporterId,
                ticketId: applied.ticket?.id ?? null,
                channel: reporter.channel,
                purpose,
                text: applied.replies.map((r) => r.text).join("\n\n"),
                choices: applied.replies.flatMap((r) => r.choices),
              }),
            );
          }
          return { ids, alerts: alertsOf(applied) };
        });
        if (!outcome) continue;
        stepped++;
        if (outcome.ids.length > 0) await deps.onOutbound?.(outcome.ids);
        for (const alert of outcome.alerts) await notifyTicket(alert.ticketId, alert.reason);
      }
      return stepped;
    },
  };

  async function notifyTicket(ticketId: string, reason: TicketAlertReason) {
    try {
      await deps.onTicketAlert?.(ticketId, reason);
    } catch (error) {
      // The ticket is stored; a failed alert is retried by escalation, not by failing the reporter.
      deps.logger.error({ err: error, ticketId }, "intake: ticket alert failed");
    }
  }
}

/**
 * A new ticket is one alert; a message on an existing one is a "raised" alert when it raised the
 * priority, and always a "reporter_message" one (the alerts throttle it, and count the raise).
 */
function alertsOf(applied: Applied): { ticketId: string; reason: TicketAlertReason }[] {
  if (applied.createdTicketId) return [{ ticketId: applied.createdTicketId, reason: "created" }];
  const alerts: { ticketId: string; reason: TicketAlertReason }[] = [];
  if (applied.raisedTicketId) alerts.push({ ticketId: applied.raisedTicketId, reason: "raised" });
  if (applied.appendedTicketId) alerts.push({ ticketId: applied.appendedTicketId, reason: "reporter_message" });
  return alerts;
}

function renderContext(t: ReturnType<i18n["getFixedT"]>, unit: Unit, ticket: TicketRow | undefined, pin: string | null) {
  return {
    t,
    code: ticket?.code ?? null,
    pin,
    priority: ticket?.priority ?? null,
    unit: { hotlineNumbers: unit.hotlineNumbers, slaMinutes: unit.slaMinutes },
  };
}

async function priorResponse(tx: Tx, message: InboundMessage): Promise<IntakeResponse> {
  const [prior] = await tx
    .select({ response: inboundMessages.response })
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channel, message.channel), eq(inboundMessages.externalId, message.externalId)));
  const parsed = IntakeResponseSchema.safeParse(prior?.response);
  return parsed.success
    ? { ...parsed.data, duplicate: true }
    : { replies: [], ticketCode: null, language: "id", duplicate: true };
}

/**
 * Creates the reporter on first contact and locks their row for the rest of the transaction,
 * so two messages of one chat arriving together are stepped one after the other.
 */
async function lockReporter(tx: Tx, message: InboundMessage, now: Date): Promise<string> {
  const [row] = await tx
    .insert(reporters)
    .values({ channel: message.channel, address: message.address, lastSeenAt: now })
    .onConflictDoUpdate({ target: [reporters.channel, reporters.address], set: { lastSeenAt: now } })
    .returning({ id: reporters.id });
  if (!row) throw new Error("reporter upsert returned no row");
  return row.id;
}

async function toStepInput(tx: Tx, unit: Unit, content: InboundContent): Promise<StepInput> {
  if (content.type === "choice") return { type: "choice", choiceId: content.choiceId };
  if (content.type === "media") return { type: "media", kind: content.kind, ...(content.caption !== undefined && { caption: content.caption }) };
  const command = parseCommand(content.text);
  const code = command?.name === "start" ? schoolCodeFromStart(command.payload) : undefined;
  if (code === undefined) return { type: "text", text: content.text };
  const [school] = await tx
    .select({ code: schools.code, name: schools.name })
    .from(schools)
    .where(and(eq(schools.unitId, unit.id), eq(schools.code, code)))
    .limit(1);
  return { type: "text", text: content.text, startSchool: school ?? null };
}

/** The pressed button's words as the reporter saw them, for the transcript. */
function choiceLabel(before: Session | null, content: InboundContent, t: ReturnType<i18n["getFixedT"]>): string | undefined {
  if (content.type !== "choice" || !before) return undefined;
  const [menu, value] = content.choiceId.split(":");
  const question = questionFor(before);
  if (!question || Number(menu) !== before.menu || !value || !question.options.flat().includes(value)) return undefined;
  return t(`conversation:${question.label(value)}`);
}

async function recordInbound(
  tx: Tx,
  row: {
    reporterId: string;
    reportSeq: number;
    ticketId: string | null;
    step: string;
    content: InboundContent;
    recordInput: boolean;
    choiceLabel: string | undefined;
  },
): Promise<string | undefined> {
  const { content } = row;
  const base = { reporterId: row.reporterId, reportSeq: row.reportSeq, ticketId: row.ticketId, direction: "in" as const, step: row.step };
  let values: typeof transcriptMessages.$inferInsert;
  if (content.type === "text") {
    // A /status with a PIN is kept as the bare command: the PIN is a secret.
    values = { ...base, kind: "text", text: row.recordInput ? content.text : (content.text.trim().split(/\s+/)[0] ?? "") };
  } else if (content.type === "choice") {
    values = { ...base, kind: "choice", text: row.choiceLabel ?? null, media: null };
  } else {
    const { type: _type, caption, ...meta } = content;
    const media: MediaMeta = { ...meta, ...(caption !== undefined && { caption }) };
    values = { ...base, kind: "media", text: caption ?? null, media };
  }
  const [inserted] = await tx.insert(transcriptMessages).values(values).returning({ id: transcriptMessages.id });
  return inserted?.id;
}

async function recordOutbound(
  tx: Tx,
  row: { reporterId: string; reportSeq: number; ticketId: string | null; step: string; replies: Reply[] },
): Promise<void> {
  if (row.replies.length === 0) return;
  await tx.insert(transcriptMessages).values(
    row.replies.map((reply) => ({
      reporterId: row.reporterId,
      reportSeq: row.reportSeq,
      ticketId: row.ticketId,
      direction: "out" as const,
      kind: "text" as const,
      step: row.step,
      text: reply.text,
    })),
  );
}

async function saveConversation(tx: Tx, reporterId: string, session: Session): Promise<void> {
  const timer = session.timerAt ? new Date(session.timerAt) : null;
  await tx
    .insert(conversations)
    .values({ reporterId, state: session as unknown as Record<string, unknown>, version: 1, nextTimerAt: timer })
    .onConflictDoUpdate({
      target: conversations.reporterId,
      set: { state: session as unknown as Record<string, unknown>, version: sql`${conversations.version} + 1`, nextTimerAt: timer, updatedAt: new Date() },
    });
}
