import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { ticketEvents, tickets } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import type { StaffPrincipal } from "../auth/sessions.ts";
import { ContactMask } from "./contact-mask.ts";
import { timelineEvent } from "./detail.ts";
import type { TimelineEvent } from "./ticket-schemas.ts";

/**
 * An internal note on the timeline, for colleagues and the supervisor: what was done, who was
 * called. It is never sent to the reporter; replies to them go through reporter-messages.ts.
 */
export async function addNote(
  db: Db,
  input: { author: Pick<StaffPrincipal, "id" | "unitId" | "name">; ticketId: string; text: string; now: Date },
): Promise<{ ok: true; event: TimelineEvent } | { ok: false; error: "ticket_not_found" }> {
  const { author } = input;
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ id: tickets.id })
      .from(tickets)
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.unitId, author.unitId)))
      .limit(1);
    if (!ticket) return { ok: false, error: "ticket_not_found" } as const;
    const [event] = await tx
      .insert(ticketEvents)
      .values({ ticketId: ticket.id, type: "note", actorKind: "staff", actorStaffId: author.id, data: { text: input.text }, createdAt: input.now })
      .returning();
    if (!event) throw new Error("insert into ticket_events returned no row");
    // The audit line names the event, not its words.
    await recordAudit(tx, {
      unitId: author.unitId,
      actorStaffId: author.id,
      action: "ticket.note_added",
      entityType: "ticket",
      entityId: ticket.id,
      data: { eventId: event.id },
      at: input.now,
    });
    const row = { ...event, staffId: author.id, staffName: author.name };
    // The author wrote it, so nothing in it is hidden from them.
    return { ok: true, event: timelineEvent(row, new ContactMask([])) } as const;
  });
}
