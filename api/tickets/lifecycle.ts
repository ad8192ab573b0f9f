import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { TicketStatus } from "../../db/schema/enums.ts";
import { staff, ticketEvents, tickets } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";

/*
 * A ticket's life: acknowledge, assign, status transitions, closing. Each change is one
 * transaction with its timeline event and audit line, and the row locked, so two peksos acting
 * at once each see the other's result. Failures are values; routes map them to HTTP codes.
 */

/** Where the acknowledgement came from: the API (console) or the alert's button in a staff chat. */
export type ActionSource = "api" | "telegram" | "whatsapp";

export interface AcknowledgeInput {
  unitId: string;
  staffId: string;
  ticketId: string;
  now: Date;
  via: ActionSource;
}

export type AcknowledgeOutcome =
  | { ok: true; ticket: { id: string; code: string; status: TicketStatus; acknowledgedAt: Date; assigneeId: string } }
  | { ok: false; error: "ticket_not_found" }
  | { ok: false; error: "already_acknowledged"; acknowledgedAt: Date; byName: string | null };

/**
 * "Terima": the peksos takes the ticket. Stops the escalation clock, moves baru → diterima and,
 * when nobody has it yet, assigns it to them. A second acknowledgement changes nothing and says
 * who was first, so two peksos pressing the alert's button at once know who has it.
 */
export async function acknowledgeTicket(db: Db, input: AcknowledgeInput): Promise<AcknowledgeOutcome> {
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({
        id: tickets.id,
        code: tickets.code,
        status: tickets.status,
        acknowledgedAt: tickets.acknowledgedAt,
        assigneeId: tickets.assigneeId,
      })
      .from(tickets)
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.unitId, input.unitId)))
      .for("update")
      .limit(1);
    if (!ticket) return { ok: false, error: "ticket_not_found" } as const;
    if (ticket.acknowledgedAt !== null) {
      const [first] = await tx
        .select({ name: staff.name })
        .from(ticketEvents)
        .innerJoin(staff, eq(staff.id, ticketEvents.actorStaffId))
        .where(and(eq(ticketEvents.ticketId, ticket.id), eq(ticketEvents.type, "acknowledged")))
        .limit(1);
      return { ok: false, error: "already_acknowledged", acknowledgedAt: ticket.acknowledgedAt, byName: first?.name ?? null } as const;
    }

    const status: TicketStatus = ticket.status === "baru" ? "diterima" : ticket.status;
    const assigneeId = ticket.assigneeId ?? input.staffId;
    await tx
      .update(tickets)
      .set({ status, acknowledgedAt: input.now, assigneeId, updatedAt: input.now })
      .where(eq(tickets.id, ticket.id));
    const actor = { ticketId: ticket.id, actorKind: "staff" as const, actorStaffId: input.staffId, createdAt: input.now };
    await tx.insert(ticketEvents).values({ ...actor, type: "acknowledged", data: { via: input.via } });
    if (status !== ticket.status) {
      await tx.insert(ticketEvents).values({ ...actor, type: "status_changed", data: { from: ticket.status, to: status } });
    }
    if (ticket.assigneeId === null) {
      await tx.insert(ticketEvents).values({ ...actor, type: "assigned", data: { from: null, to: assigneeId } });
    }
    await recordAudit(tx, {
      unitId: input.unitId,
      actorStaffId: input.staffId,
      action: "ticket.acknowledged",
      entityType: "ticket",
      entityId: ticket.id,
      data: { via: input.via },
      at: input.now,
    });
    return { ok: true, ticket: { id: ticket.id, code: ticket.code, status, acknowledgedAt: input.now, assigneeId } } as const;
  });
}
