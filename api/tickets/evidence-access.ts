import { and, eq, isNull, sql } from "drizzle-orm";
import { reporters, tickets, transcriptMessages, type Channel, type MediaMeta } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import type { StaffPrincipal } from "../auth/sessions.ts";
import type { Tx } from "../intake/tx.ts";
import { isContactAnswer } from "./contact-step.ts";
import { mayReadReporterContact } from "./visibility.ts";

/*
 * Who may open a file a reporter sent, shared by every route that gives one out (the stored-media
 * route and the evidence file route): staff of the ticket's unit, while the ticket is not purged
 * and its conversation holds the message. Each check answers null alike, so another unit's ticket
 * or file cannot be told from one that does not exist. Every file given out is audited.
 */

export type EvidenceReader = Pick<StaffPrincipal, "id" | "unitId" | "role">;

/** The ticket's id when the reader may see its files: of their unit and not purged. */
export async function readableTicketId(tx: Tx, reader: EvidenceReader, ticketId: string): Promise<string | null> {
  const [ticket] = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.unitId, reader.unitId), isNull(tickets.purgedAt)));
  return ticket?.id ?? null;
}

export interface EvidenceMessage {
  /** The transcript message's id: the evidence's `id` in the ticket detail. */
  id: string;
  media: MediaMeta;
  /** The channel of the reporter who sent it. */
  channel: Channel;
}

/**
 * A media message of the ticket's conversation: by its own id, or by the file id it carries.
 * A file sent as the answer to the contact question is the reporter's contact (a photo of a name
 * card, say): like that answer's text, it is only for those who may read the reporter's contact.
 */
export async function findEvidenceMessage(
  tx: Tx,
  reader: EvidenceReader,
  ticketId: string,
  match: { messageId: string } | { fileId: string },
): Promise<EvidenceMessage | null> {
  const [row] = await tx
    .select({
      id: transcriptMessages.id,
      media: transcriptMessages.media,
      channel: reporters.channel,
      step: transcriptMessages.step,
      direction: transcriptMessages.direction,
      assigneeId: tickets.assigneeId,
    })
    .from(transcriptMessages)
    .innerJoin(reporters, eq(reporters.id, transcriptMessages.reporterId))
    .innerJoin(tickets, eq(tickets.id, transcriptMessages.ticketId))
    .where(
      and(
        eq(transcriptMessages.ticketId, ticketId),
        eq(transcriptMessages.kind, "media"),
        "messageId" in match
          ? eq(transcriptMessages.id, match.messageId)
          : sql`${transcriptMessages.media} ->> 'fileId' = ${match.fileId}`,
      ),
    )
    .limit(1);
  if (!row || row.media === null) return null;
  if (isContactAnswer(row) && !mayReadReporterContact(reader, row.assigneeId)) return null;
  return { id: row.id, media: row.media, channel: row.channel };
}

/**
 * The audit line of one file given out (UU PDP: reads of a child's data are audited). The same
 * action whichever channel the file came from, so one filter finds every look at evidence.
 */
export async function recordEvidenceView(
  tx: Pick<Tx, "insert">,
  reader: EvidenceReader,
  ticketId: string,
  data: { transcriptMessageId: string; mediaId?: string; source: "stored" | "telegram" },
  now: Date,
): Promise<void> {
  await recordAudit(tx, {
    unitId: reader.unitId,
    actorStaffId: reader.id,
    action: "ticket.media_viewed",
    entityType: "ticket",
    entityId: ticketId,
    data,
    at: now,
  });
}
