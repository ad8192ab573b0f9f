import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { StaffRoleName, TicketStatus } from "../../db/schema/enums.ts";
import { staff, ticketEvents, tickets } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import { checkTransition } from "./transitions.ts";

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

/** The staff member acting through the console; routes pass `currentStaff(request)`. */
export interface Actor {
  id: string;
  unitId: string;
  role: StaffRoleName;
}

/** Who may hold a case: those who work on cases, not the admins who run the accounts. */
const CASE_ROLES = ["peksos", "supervisor"] as const satisfies readonly StaffRoleName[];

export type AssignOutcome =
  | { ok: true; from: string | null; to: string }
  | { ok: false; error: "ticket_not_found" | "invalid_assignee" | "already_assigned" | "not_your_ticket" };

/**
 * Gives a ticket to a colleague, or takes it. A peksos may take a ticket nobody has, and hand
 * on their own; moving a colleague's case is the supervisor's call, so a case is never taken
 * from under the person working on it without one.
 */
export async function assignTicket(
  db: Db,
  input: { actor: Actor; ticketId: string; assigneeId: string; now: Date },
): Promise<AssignOutcome> {
  const { actor } = input;
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ id: tickets.id, assigneeId: tickets.assigneeId })
      .from(tickets)
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.unitId, actor.unitId)))
      .for("update")
      .limit(1);
    if (!ticket) return { ok: false, error: "ticket_not_found" } as const;
    const [assignee] = await tx
      .select({ id: staff.id })
      .from(staff)
      .where(
        and(
          eq(staff.id, input.assigneeId),
          eq(staff.unitId, actor.unitId),
          eq(staff.active, true),
          inArray(staff.role, [...CASE_ROLES]),
        ),
      )
      .limit(1);
    if (!assignee) return { ok: false, error: "invalid_assignee" } as const;
    if (ticket.assigneeId === assignee.id) return { ok: false, error: "already_assigned" } as const;
    if (actor.role !== "supervisor") {
      const takesFreeTicket = ticket.assigneeId === null && assignee.id === actor.id;
      const handsOnOwnTicket = ticket.assigneeId === actor.id;
      if (!takesFreeTicket && !handsOnOwnTicket) return { ok: false, error: "not_your_ticket" } as const;
    }

    await tx.update(tickets).set({ assigneeId: assignee.id, updatedAt: input.now }).where(eq(tickets.id, ticket.id));
    const change = { from: ticket.assigneeId, to: assignee.id };
    await tx.insert(ticketEvents).values({
      ticketId: ticket.id,
      type: "assigned",
      actorKind: "staff",
      actorStaffId: actor.id,
      data: change,
      createdAt: input.now,
    });
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.id,
      action: "ticket.assigned",
      entityType: "ticket",
      entityId: ticket.id,
      data: change,
      at: input.now,
    });
    return { ok: true, ...change } as const;
  });
}

export type StatusChangeOutcome =
  | { ok: true; from: TicketStatus; to: TicketStatus }
  | { ok: false; error: "ticket_not_found" | "reason_required" }
  | { ok: false; error: "acknowledge_first" | "invalid_transition"; from: TicketStatus; allowed: TicketStatus[] };

/**
 * Moves a ticket along baru → diterima → ditangani → dirujuk → selesai, closes it (ditutup, with
 * a reason), or, for a supervisor, reopens a finished one (with a reason). The rules are in
 * transitions.ts; closedAt and closeReason follow the status.
 */
export async function changeTicketStatus(
  db: Db,
  input: { actor: Actor; ticketId: string; status: TicketStatus; reason: string | undefined; now: Date },
): Promise<StatusChangeOutcome> {
  const { actor } = input;
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ id: tickets.id, status: tickets.status })
      .from(tickets)
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.unitId, actor.unitId)))
      .for("update")
      .limit(1);
    if (!ticket) return { ok: false, error: "ticket_not_found" } as const;
    const check = checkTransition(ticket.status, input.status, actor.role);
    if (!check.ok) return { ok: false, error: check.error, from: ticket.status, allowed: check.allowed } as const;
    if (check.reasonRequired && input.reason === undefined) return { ok: false, error: "reason_required" } as const;

    const closes = input.status === "selesai" || input.status === "ditutup";
    await tx
      .update(tickets)
      .set({
        status: input.status,
        ...(closes && { closedAt: input.now, closeReason: input.reason ?? null }),
        ...(check.reopen && { closedAt: null, closeReason: null }),
        updatedAt: input.now,
      })
      .where(eq(tickets.id, ticket.id));
    const change = { from: ticket.status, to: input.status };
    await tx.insert(ticketEvents).values({
      ticketId: ticket.id,
      type: "status_changed",
      actorKind: "staff",
      actorStaffId: actor.id,
      data: { ...change, ...(input.reason !== undefined && { reason: input.reason }) },
      createdAt: input.now,
    });
    // The reason stays on the timeline only: staff may quote the reporter in it.
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.id,
      action: "ticket.status_changed",
      entityType: "ticket",
      entityId: ticket.id,
      data: change,
      at: input.now,
    });
    return { ok: true, ...change } as const;
  });
}
