import { and, asc, eq, gt, ne } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  agencies,
  referrals,
  reporters,
  staff,
  ticketEvents,
  tickets,
  transcriptMessages,
  type Channel,
  type MediaMeta,
} from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import type { StaffPrincipal } from "../auth/sessions.ts";
import type { Tx } from "../intake/tx.ts";
import { ContactMask } from "./contact-mask.ts";
import { evidenceFileSource, evidenceFileUrl } from "./evidence-source.ts";
import { isOverdue } from "./queue.ts";
import type { TicketDetail, TimelineEvent } from "./ticket-schemas.ts";
import { allowedNextStatuses } from "./transitions.ts";
import { mayReadReporterContact } from "./visibility.ts";
import { isContactAnswer } from "./contact-step.ts";
import { withoutStatusPin } from "./status-pin.ts";

/*
 * A ticket as the peksos works on it: the report, the conversation, the evidence, the timeline,
 * the other reports of the incident and the referrals. Reading it is itself recorded (UU PDP:
 * reads of a child's data are audited), and the reporter's contact details are shown only to
 * the assignee and supervisors.
 */

/** One "viewed" event per staff member and ticket in this window: the timeline shows who looked without flooding. */
export const VIEWED_EVENT_WINDOW_MS = 10 * 60_000;


type Principal = Pick<StaffPrincipal, "id" | "unitId" | "role">;

/** The detail, or null when the ticket does not exist or belongs to another unit (the same 404). */
export async function readTicketDetail(db: Db, principal: Principal, ticketId: string, now: Date): Promise<TicketDetail | null> {
  return db.transaction(async (tx) => {
    // No-key-update lock: two reads by one person at once still write one "viewed" event, while
    // events and referrals (which only hold a key-share lock on the ticket) are not held up.
    const [ticket] = await tx
      .select()
      .from(tickets)
      .where(and(eq(tickets.id, ticketId), eq(tickets.unitId, principal.unitId)))
      .for("no key update")
      .limit(1);
    if (!ticket) return null;

    const masked = !mayReadReporterContact(principal, ticket.assigneeId);
    await recordView(tx, principal, ticket.id, masked, now);

    const [reporter] = ticket.reporterId
      ? await tx
          .select({ channel: reporters.channel, address: reporters.address })
          .from(reporters)
          .where(eq(reporters.id, ticket.reporterId))
          .limit(1)
      : [];
    const mask = new ContactMask(masked ? [reporter?.address, ticket.reporterName, ticket.reporterPhone] : []);

    const [assignee] = ticket.assigneeId
      ? await tx.select({ id: staff.id, name: staff.name }).from(staff).where(eq(staff.id, ticket.assigneeId)).limit(1)
      : [];
    const { transcript, evidence } = await conversationOf(tx, ticket.id, mask, masked, reporter?.channel ?? ticket.channel);

    return {
      id: ticket.id,
      unitId: ticket.unitId,
      code: ticket.code,
      status: ticket.status,
      allowedStatuses: allowedNextStatuses(ticket.status, principal.role),
      priority: ticket.priority,
      category: ticket.category,
      triageSignals: ticket.triageSignals.map((signal) => ({ ...signal, phrase: mask.text(signal.phrase).text })),
      channel: ticket.channel,
      language: ticket.language,
      reporterRole: ticket.reporterRole,
      victimRelation: ticket.victimRelation,
      victimAge: ticket.victimAge,
      victimGrade: mask.nullable(ticket.victimGrade),
      schoolName: mask.nullable(ticket.schoolName),
      schoolCode: ticket.schoolCode,
      kecamatan: mask.nullable(ticket.kecamatan),
      location: mask.nullable(ticket.location),
      incidentWhen: mask.nullable(ticket.incidentWhen),
      frequency: ticket.frequency,
      description: mask.nullable(ticket.description),
      inDanger: ticket.inDanger,
      anonymous: ticket.anonymous,
      consentToContact: ticket.consentToContact,
      incomplete: ticket.incomplete,
      assignee: assignee ?? null,
      slaDueAt: ticket.slaDueAt.toISOString(),
      overdue: isOverdue(ticket, now),
      acknowledgedAt: iso(ticket.acknowledgedAt),
      closedAt: iso(ticket.closedAt),
      closeReason: mask.nullable(ticket.closeReason),
      incidentId: ticket.incidentId,
      escalationLevel: ticket.escalationLevel,
      alertedAt: iso(ticket.alertedAt),
      purgedAt: iso(ticket.purgedAt),
      createdAt: ticket.createdAt.toISOString(),
      updatedAt: ticket.updatedAt.toISOString(),
      reporter: {
        channel: reporter?.channel ?? ticket.channel,
        address: masked ? null : (reporter?.address ?? null),
        name: masked ? null : ticket.reporterName,
        phone: masked ? null : ticket.reporterPhone,
        consentToContact: ticket.consentToContact,
        anonymous: ticket.anonymous,
        masked,
      },
      transcript,
      evidence,
      timeline: await timelineOf(tx, ticket.id, mask),
      linked: ticket.incidentId ? await incidentGroup(tx, ticket.unitId, ticket.incidentId, ticket.id) : [],
      referrals: await referralsOf(tx, ticket.id),
    };
  });
}

/** The audit line for every read, and a timeline "viewed" event unless this person looked in the last ten minutes. */
async function recordView(tx: Tx, principal: Principal, ticketId: string, masked: boolean, now: Date): Promise<void> {
  await recordAudit(tx, {
    unitId: principal.unitId,
    actorStaffId: principal.id,
    action: "ticket.viewed",
    entityType: "ticket",
    entityId: ticketId,
    data: { masked },
    at: now,
  });
  const [recent] = await tx
    .select({ id: ticketEvents.id })
    .from(ticketEvents)
    .where(
      and(
        eq(ticketEvents.ticketId, ticketId),
        eq(ticketEvents.type, "viewed"),
        eq(ticketEvents.actorStaffId, principal.id),
        gt(ticketEvents.createdAt, new Date(now.getTime() - VIEWED_EVENT_WINDOW_MS)),
      ),
    )
    .limit(1);
  if (recent) return;
  await tx.insert(ticketEvents).values({
    ticketId,
    type: "viewed",
    actorKind: "staff",
    actorStaffId: principal.id,
    data: { masked },
    createdAt: now,
  });
}

/** `channel`: the reporter's, which tells what kind of file id the evidence carries. */
async function conversationOf(tx: Tx, ticketId: string, mask: ContactMask, masked: boolean, channel: Channel | null) {
  // A step's inbound message and its replies are written in one transaction with one timestamp:
  // "in" sorts before "out", which keeps each answer before the bot's next question.
  const rows = await tx
    .select()
    .from(transcriptMessages)
    .where(eq(transcriptMessages.ticketId, ticketId))
    .orderBy(asc(transcriptMessages.createdAt), asc(transcriptMessages.direction), asc(transcriptMessages.id));
  const transcript: TicketDetail["transcript"] = rows.map((row) => {
    if (masked && isContactAnswer(row)) {
      return { ...transcriptBase(row), text: null, media: null, redacted: true };
    }
    const text = row.text === null ? null : mask.text(withoutStatusPin(row.text));
    const caption = row.media?.caption === undefined ? undefined : mask.text(row.media.caption);
    return {
      ...transcriptBase(row),
      text: text?.text ?? null,
      media: row.media === null ? null : { ...row.media, ...(caption && { caption: caption.text }) },
      redacted: Boolean(text?.changed || caption?.changed),
    };
  });
  const evidence: TicketDetail["evidence"] = rows.flatMap((row) =>
    row.kind === "media" && row.media !== null && !(masked && isContactAnswer(row)) ? [evidenceOf(ticketId, row.id, row.media, channel, row.createdAt, mask)] : [],
  );
  return { transcript, evidence };
}

function transcriptBase(row: typeof transcriptMessages.$inferSelect) {
  return { id: row.id, direction: row.direction, kind: row.kind, step: row.step, createdAt: row.createdAt.toISOString() };
}

function evidenceOf(
  ticketId: string,
  id: string,
  media: MediaMeta,
  channel: Channel | null,
  createdAt: Date,
  mask: ContactMask,
): TicketDetail["evidence"][number] {
  return {
    id,
    kind: media.kind,
    fileId: media.fileId ?? null,
    url: evidenceFileSource(media, channel) === null ? null : evidenceFileUrl(ticketId, id),
    mimeType: media.mimeType ?? null,
    caption: media.caption === undefined ? null : mask.text(media.caption).text,
    createdAt: createdAt.toISOString(),
  };
}

/**
 * Oldest first. Events of one change share its timestamp; the event type's declared order
 * (acknowledged before assigned before status_changed…) keeps them in the order they happen.
 */
export async function timelineOf(tx: Tx, ticketId: string, mask: ContactMask): Promise<TimelineEvent[]> {
  const rows = await tx
    .select({
      id: ticketEvents.id,
      type: ticketEvents.type,
      actorKind: ticketEvents.actorKind,
      staffId: staff.id,
      staffName: staff.name,
      data: ticketEvents.data,
      createdAt: ticketEvents.createdAt,
    })
    .from(ticketEvents)
    .leftJoin(staff, eq(staff.id, ticketEvents.actorStaffId))
    .where(eq(ticketEvents.ticketId, ticketId))
    .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.type), asc(ticketEvents.id));
  return rows.map((row) => timelineEvent(row, mask));
}

export function timelineEvent(
  row: { id: string; type: TimelineEvent["type"]; actorKind: TimelineEvent["actor"]["kind"]; staffId: string | null; staffName: string | null; data: Record<string, unknown>; createdAt: Date },
  mask: ContactMask,
): TimelineEvent {
  return {
    id: row.id,
    type: row.type,
    actor: { kind: row.actorKind, staff: row.staffId !== null && row.staffName !== null ? { id: row.staffId, name: row.staffName } : null },
    data: mask.deep(row.data) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The other tickets of an incident, oldest report first. */
export async function incidentGroup(tx: Tx, unitId: string, incidentId: string, exceptId: string) {
  return tx
    .select({ id: tickets.id, code: tickets.code, status: tickets.status, priority: tickets.priority })
    .from(tickets)
    .where(and(eq(tickets.unitId, unitId), eq(tickets.incidentId, incidentId), ne(tickets.id, exceptId)))
    .orderBy(asc(tickets.createdAt), asc(tickets.id));
}

async function referralsOf(tx: Tx, ticketId: string): Promise<TicketDetail["referrals"]> {
  const rows = await tx
    .select({
      id: referrals.id,
      agencyId: agencies.id,
      agencyName: agencies.name,
      agencyType: agencies.type,
      status: referrals.status,
      dueAt: referrals.dueAt,
      createdAt: referrals.createdAt,
    })
    .from(referrals)
    .innerJoin(agencies, eq(agencies.id, referrals.agencyId))
    .where(eq(referrals.ticketId, ticketId))
    .orderBy(asc(referrals.createdAt), asc(referrals.id));
  return rows.map((row) => ({
    id: row.id,
    agency: { id: row.agencyId, name: row.agencyName, type: row.agencyType },
    status: row.status,
    dueAt: iso(row.dueAt),
    createdAt: row.createdAt.toISOString(),
  }));
}

function iso(value: Date | null): string | null {
  return value?.toISOString() ?? null;
}
