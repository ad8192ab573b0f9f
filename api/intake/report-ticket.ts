import { and, eq, isNull } from "drizzle-orm";
import type { Draft } from "../../bot/conversation/session.ts";
import type { Channel, Language } from "../../db/schema/enums.ts";
import { schools, ticketEvents, tickets, transcriptMessages, type units } from "../../db/schema/index.ts";
import { higherPriority, TRIAGE_RULES_VERSION, type TriageResult } from "../triage/triage.ts";
import { slaDueAt } from "../tickets/sla.ts";
import { triageFollowUp, triageReport } from "./report-triage.ts";
import { hashPin, newPin, newTicketCode } from "./ticket-code.ts";
import { ticketFields, type PlaceContext } from "./ticket-fields.ts";
import type { Tx } from "./tx.ts";

/*
 * The ticket side of a report: created from the reporter's answers (early when a child is in
 * danger, otherwise when the summary is confirmed), kept in step with later answers, and joined
 * by every message the reporter sends afterwards.
 */

export type Unit = typeof units.$inferSelect;
export type TicketRow = typeof tickets.$inferSelect;

export interface ReportRef {
  unit: Unit;
  reporterId: string;
  reportSeq: number;
  channel: Channel;
  language: Language;
  now: Date;
}

export async function findReportTicket(tx: Tx, reporterId: string, reportSeq: number): Promise<TicketRow | undefined> {
  const [row] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.reporterId, reporterId), eq(tickets.reportSeq, reportSeq)))
    .limit(1);
  return row;
}

/** Codes are random; a clash is retried rather than trusted never to happen. */
const CODE_ATTEMPTS = 8;

export async function createReportTicket(tx: Tx, ref: ReportRef, draft: Draft, incomplete: boolean): Promise<TicketRow> {
  const triage = triageReport(draft);
  const fields = ticketFields(draft, await placeContext(tx, ref.unit, draft));
  const dueAt = slaDueAt(ref.unit.slaMinutes, triage.priority, ref.now);
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const [ticket] = await tx
      .insert(tickets)
      .values({
        ...fields,
        unitId: ref.unit.id,
        code: newTicketCode(ref.unit.code),
        priority: triage.priority,
        category: triage.category,
        triageSignals: triage.signals,
        reporterId: ref.reporterId,
        reportSeq: ref.reportSeq,
        channel: ref.channel,
        language: ref.language,
        incomplete,
        slaDueAt: dueAt,
        createdAt: ref.now,
      })
      .onConflictDoNothing({ target: tickets.code })
      .returning();
    if (!ticket) continue;
    await tx.insert(ticketEvents).values([
      { ticketId: ticket.id, type: "created", actorKind: "reporter", data: { source: "conversation", incomplete }, createdAt: ref.now },
      {
        ticketId: ticket.id,
        type: "triaged",
        actorKind: "system",
        data: triagedEvent(triage),
        createdAt: ref.now,
      },
    ]);
    // Everything said before the ticket existed belongs to it.
    await tx
      .update(transcriptMessages)
      .set({ ticketId: ticket.id })
      .where(
        and(
          eq(transcriptMessages.reporterId, ref.reporterId),
          eq(transcriptMessages.reportSeq, ref.reportSeq),
          isNull(transcriptMessages.ticketId),
        ),
      );
    return ticket;
  }
  throw new Error("could not find a free ticket code");
}

/** Copies later answers onto the ticket. Priority may rise with them, never fall. */
export async function syncReportTicket(
  tx: Tx,
  ref: ReportRef,
  ticket: TicketRow,
  draft: Draft,
): Promise<{ ticket: TicketRow; raised: boolean }> {
  const triage = triageReport(draft);
  const fields = ticketFields(draft, await placeContext(tx, ref.unit, draft));
  const raised = higherPriority(ticket.priority, triage.priority) !== ticket.priority;
  const [updated] = await tx
    .update(tickets)
    .set({
      ...fields,
      ...(await retriaged(tx, ref, ticket, triage)),
      // Until staff have looked, the reporter's answers and words decide the category.
      ...(ticket.acknowledgedAt === null && !raised && { category: triage.category, triageSignals: triage.signals }),
      updatedAt: ref.now,
    })
    .where(eq(tickets.id, ticket.id))
    .returning();
  return { ticket: updated ?? ticket, raised };
}

/**
 * A new reading of the report. The priority only rises (a child who adds "aku mau mati aja" to a
 * bullying report is darurat now); a lower reading changes nothing, so no ticket is ever quietly
 * demoted. A rise is a timeline event and moves the SLA forward.
 */
async function retriaged(tx: Tx, ref: ReportRef, ticket: TicketRow, triage: TriageResult) {
  const priority = higherPriority(ticket.priority, triage.priority);
  if (priority === ticket.priority) return {};
  await tx.insert(ticketEvents).values({
    ticketId: ticket.id,
    type: "triaged",
    actorKind: "system",
    data: { ...triagedEvent(triage), previous: ticket.priority },
    createdAt: ref.now,
  });
  const dueForNew = slaDueAt(ref.unit.slaMinutes, priority, ticket.createdAt);
  return {
    priority,
    category: triage.category,
    triageSignals: triage.signals,
    slaDueAt: dueForNew < ticket.slaDueAt ? dueForNew : ticket.slaDueAt,
  };
}

function triagedEvent(triage: TriageResult) {
  return { priority: triage.priority, category: triage.category, signals: triage.signals, rulesVersion: TRIAGE_RULES_VERSION };
}

/** The reporter confirmed the summary (or the report was submitted for them): mark it, and give a PIN when confirmed. */
export async function finishReportTicket(
  tx: Tx,
  ref: ReportRef,
  ticket: TicketRow,
  confirmed: boolean,
): Promise<{ ticket: TicketRow; pin: string | null }> {
  const pin = confirmed ? newPin() : null;
  const [updated] = await tx
    .update(tickets)
    .set({ incomplete: !confirmed, ...(pin !== null && { pinHash: hashPin(pin) }), updatedAt: ref.now })
    .where(eq(tickets.id, ticket.id))
    .returning();
  await tx.insert(ticketEvents).values({
    ticketId: ticket.id,
    type: "note",
    actorKind: confirmed ? "reporter" : "system",
    data: { kind: confirmed ? "report_confirmed" : "report_submitted_incomplete" },
    createdAt: ref.now,
  });
  return { ticket: updated ?? ticket, pin };
}

/** A message after the report was sent: it joins the ticket's transcript and timeline, and is triaged with the report. */
export async function appendToReportTicket(
  tx: Tx,
  ref: ReportRef,
  ticket: TicketRow,
  message: { transcriptId: string; kind: "text" | "choice" | "media"; text: string | null },
): Promise<{ raised: boolean }> {
  await tx.insert(ticketEvents).values({
    ticketId: ticket.id,
    type: message.kind === "media" ? "evidence" : "message_in",
    actorKind: "reporter",
    data: { transcriptId: message.transcriptId },
    createdAt: ref.now,
  });
  const changes = message.text ? await retriaged(tx, ref, ticket, triageFollowUp(ticket, message.text)) : {};
  await tx
    .update(tickets)
    .set({ ...changes, updatedAt: ref.now })
    .where(eq(tickets.id, ticket.id));
  return { raised: "priority" in changes };
}

async function placeContext(tx: Tx, unit: Unit, draft: Draft): Promise<PlaceContext> {
  let schoolKecamatan: string | null = null;
  if (draft.schoolCode) {
    const [school] = await tx
      .select({ kecamatan: schools.kecamatan })
      .from(schools)
      .where(and(eq(schools.unitId, unit.id), eq(schools.code, draft.schoolCode)))
      .limit(1);
    schoolKecamatan = school?.kecamatan ?? null;
  }
  return { kecamatan: unit.kecamatan, schoolKecamatan };
}
