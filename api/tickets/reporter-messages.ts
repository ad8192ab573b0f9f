import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { reporters, ticketEvents, tickets, transcriptMessages } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import { queueOutbound } from "../outbox/outbox.ts";
import type { Actor } from "./lifecycle.ts";
import { isOpen } from "./transitions.ts";

/*
 * A peksos answering the reporter in the chat the report came from. The message is queued in
 * the outbox (the channel adapter delivers it, with retries), kept in the transcript like the
 * bot's own messages, and put on the timeline; delivery results arrive later as `delivery`
 * events. The text goes out exactly as written: no staff name is added, since a child may be
 * told only what the peksos chooses to say.
 */

/** The transcript step of a staff member's reply, so the console tells it from the bot's questions. */
export const STAFF_REPLY_STEP = "staff_reply";

export type ReplyOutcome =
  | { ok: true; outboundId: string }
  | { ok: false; error: "ticket_not_found" | "no_channel" | "no_consent" | "closed" };

/** Queues the reply in one transaction with its transcript row, event and audit line; call `outbox.dispatch` after. */
export async function replyToReporter(db: Db, input: { actor: Actor; ticketId: string; text: string; now: Date }): Promise<ReplyOutcome> {
  const { actor } = input;
  return db.transaction(async (tx) => {
    // A share lock: a ticket being closed at this moment is either closed before the reply or after it.
    const [ticket] = await tx
      .select({
        id: tickets.id,
        status: tickets.status,
        reporterId: tickets.reporterId,
        reportSeq: tickets.reportSeq,
        channel: tickets.channel,
        consentToContact: tickets.consentToContact,
        purgedAt: tickets.purgedAt,
        reporterChannel: reporters.channel,
      })
      .from(tickets)
      .leftJoin(reporters, eq(reporters.id, tickets.reporterId))
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.unitId, actor.unitId)))
      .for("share", { of: tickets })
      .limit(1);
    if (!ticket) return { ok: false, error: "ticket_not_found" } as const;
    // Walk-in and phone reports have no chat; a purged ticket's chat was deliberately forgotten.
    const channel = ticket.channel ?? ticket.reporterChannel;
    if (ticket.reporterId === null || ticket.reportSeq === null || channel === null || ticket.purgedAt !== null) {
      return { ok: false, error: "no_channel" } as const;
    }
    if (!ticket.consentToContact) return { ok: false, error: "no_consent" } as const;
    if (!isOpen(ticket.status)) return { ok: false, error: "closed" } as const;

    const outboundId = await queueOutbound(tx, {
      reporterId: ticket.reporterId,
      ticketId: ticket.id,
      channel,
      purpose: "staff_reply",
      text: input.text,
      choices: [],
    });
    await tx.insert(transcriptMessages).values({
      reporterId: ticket.reporterId,
      reportSeq: ticket.reportSeq,
      ticketId: ticket.id,
      direction: "out",
      kind: "text",
      step: STAFF_REPLY_STEP,
      text: input.text,
      createdAt: input.now,
    });
    await tx.insert(ticketEvents).values({
      ticketId: ticket.id,
      type: "message_out",
      actorKind: "staff",
      actorStaffId: actor.id,
      data: { outboundId, staffId: actor.id },
      createdAt: input.now,
    });
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.id,
      action: "ticket.message_sent",
      entityType: "ticket",
      entityId: ticket.id,
      data: { outboundId },
      at: input.now,
    });
    return { ok: true, outboundId } as const;
  });
}
