import { randomUUID } from "node:crypto";
import { and, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { ticketEvents, tickets } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import type { Tx } from "../intake/tx.ts";
import { incidentGroup } from "./detail.ts";
import type { Actor } from "./lifecycle.ts";
import type { IncidentGroup } from "./ticket-schemas.ts";

/*
 * Reports of the same incident (several children reporting the same bully) share an incident
 * id, so the peksos handles them as one case and sees each report's own words. Linking two
 * tickets merges their groups; unlinking takes one ticket out of its group.
 */

export type LinkOutcome =
  | { ok: true; group: IncidentGroup }
  | { ok: false; error: "ticket_not_found" | "link_self" | "already_linked" };

export async function linkTickets(db: Db, input: { actor: Actor; ticketId: string; otherId: string; now: Date }): Promise<LinkOutcome> {
  const { actor } = input;
  if (input.ticketId === input.otherId) return { ok: false, error: "link_self" };
  return db.transaction(async (tx) => {
    const pair = await tx
      .select({ id: tickets.id, incidentId: tickets.incidentId })
      .from(tickets)
      .where(and(inArray(tickets.id, [input.ticketId, input.otherId]), eq(tickets.unitId, actor.unitId)))
      .for("update");
    const ticket = pair.find((row) => row.id === input.ticketId);
    const other = pair.find((row) => row.id === input.otherId);
    // Another unit's ticket is answered like an unknown one.
    if (!ticket || !other) return { ok: false, error: "ticket_not_found" } as const;
    if (ticket.incidentId !== null && ticket.incidentId === other.incidentId) return { ok: false, error: "already_linked" } as const;

    // The ticket's own group survives a merge; the other's members join it.
    const incidentId = ticket.incidentId ?? other.incidentId ?? randomUUID();
    const mergedGroups = [ticket.incidentId, other.incidentId].filter((id): id is string => id !== null && id !== incidentId);
    const moved = await tx
      .update(tickets)
      .set({ incidentId, updatedAt: input.now })
      .where(
        and(
          eq(tickets.unitId, actor.unitId),
          or(inArray(tickets.id, [ticket.id, other.id]), mergedGroups.length > 0 ? inArray(tickets.incidentId, mergedGroups) : undefined),
        ),
      )
      .returning({ id: tickets.id });
    const touched = new Set([ticket.id, other.id, ...moved.map((row) => row.id)]);
    const data = { incidentId, tickets: [ticket.id, other.id] };
    await tx.insert(ticketEvents).values(
      [...touched].map((id) => ({ ticketId: id, type: "linked" as const, actorKind: "staff" as const, actorStaffId: actor.id, data, createdAt: input.now })),
    );
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.id,
      action: "ticket.linked",
      entityType: "ticket",
      entityId: ticket.id,
      data: { incidentId, linkedTicketId: other.id, moved: touched.size },
      at: input.now,
    });
    return { ok: true, group: { incidentId, linked: await incidentGroup(tx, actor.unitId, incidentId, ticket.id) } } as const;
  });
}

export type UnlinkOutcome = { ok: true; group: IncidentGroup } | { ok: false; error: "ticket_not_found" | "not_linked" };

/**
 * Takes the ticket out of its incident. A group left with one ticket is no group: that ticket
 * is unlinked too, so "linked" never shows an incident of one.
 */
export async function unlinkTicket(db: Db, input: { actor: Actor; ticketId: string; now: Date }): Promise<UnlinkOutcome> {
  const { actor } = input;
  return db.transaction(async (tx) => {
    const [ticket] = await tx
      .select({ id: tickets.id, incidentId: tickets.incidentId })
      .from(tickets)
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.unitId, actor.unitId)))
      .for("update")
      .limit(1);
    if (!ticket) return { ok: false, error: "ticket_not_found" } as const;
    if (ticket.incidentId === null) return { ok: false, error: "not_linked" } as const;

    const incidentId = ticket.incidentId;
    const rest = await incidentGroup(tx, actor.unitId, incidentId, ticket.id);
    const leaving = rest.length === 1 ? [ticket.id, rest[0]!.id] : [ticket.id];
    await removeFromIncident(tx, leaving, { actor, incidentId, removedTicketId: ticket.id, now: input.now });
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.id,
      action: "ticket.unlinked",
      entityType: "ticket",
      entityId: ticket.id,
      data: { incidentId },
      at: input.now,
    });
    return { ok: true, group: { incidentId: null, linked: [] } } as const;
  });
}

async function removeFromIncident(
  tx: Tx,
  ids: string[],
  change: { actor: Actor; incidentId: string; removedTicketId: string; now: Date },
): Promise<void> {
  await tx.update(tickets).set({ incidentId: null, updatedAt: change.now }).where(inArray(tickets.id, ids));
  const data = { removed: true, incidentId: change.incidentId, ticketId: change.removedTicketId };
  await tx.insert(ticketEvents).values(
    ids.map((id) => ({ ticketId: id, type: "linked" as const, actorKind: "staff" as const, actorStaffId: change.actor.id, data, createdAt: change.now })),
  );
}
