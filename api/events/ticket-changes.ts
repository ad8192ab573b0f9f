import { and, asc, eq, gt, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Priority, TicketStatus } from "../../db/schema/enums.ts";
import { ticketEvents, tickets, units } from "../../db/schema/index.ts";

/*
 * What changed in a unit's tickets lately, read from the database so every API instance sees the
 * changes of every other one. Two sources, because not every change touches the ticket row:
 * status, priority, assignee, acknowledgement, triage and a reporter's new message bump
 * `tickets.updated_at`, but a note, a reply to the reporter or a delivery report only adds a
 * `ticket_events` row.
 *
 * Both stamps are written before their transaction commits (by the writer's clock, or the
 * database's `now()`, which is the transaction's start), so a row can become visible after a poll
 * that already looked past its stamp. Each poll therefore looks back a window (`lagMs`) before the
 * previous poll, and the caller drops what it has already seen.
 */

/** One row that changed: `key` tells repeated sightings of the same change apart from new ones. */
export interface ChangeRow {
  key: string;
  /** When the change was stamped; the caller forgets its key once the window has passed it. */
  stamp: Date;
  ticket: { id: string; code: string; priority: Priority; status: TicketStatus; createdAt: Date };
}

export interface ChangePoll {
  /** The database's clock at the poll: the next poll looks back from here. */
  polledAt: Date;
  /** The oldest stamp this poll looked at. */
  windowStart: Date;
  rows: ChangeRow[];
}

/** A flood (a retention run touching thousands of tickets) is read over several polls instead of one huge answer. */
const ROWS_PER_SOURCE = 500;

/**
 * The unit's ticket changes stamped after `previousPoll - lagMs` (the first poll: after now - lagMs).
 * Views (`viewed` events) are left out: opening a ticket must not tell every console to fetch it again.
 */
export async function recentTicketChanges(db: Db, unitId: string, previousPoll: Date | undefined, lagMs: number): Promise<ChangePoll> {
  // One snapshot for the clock and both sources: a report committing between two separate reads
  // would otherwise be seen half in one poll and half in the next, and reported twice.
  return db.transaction(
    async (tx) => {
      // The database's own time, read through the unit's row: one clock for every API instance.
      const [clock] = await tx
        .select({ now: sql`now()`.mapWith(units.createdAt) })
        .from(units)
        .where(eq(units.id, unitId));
      if (!clock) throw new Error("live updates: the unit does not exist");
      const polledAt = clock.now;
      const windowStart = new Date((previousPoll ?? polledAt).getTime() - lagMs);
      const ticketColumns = { id: tickets.id, code: tickets.code, priority: tickets.priority, status: tickets.status, createdAt: tickets.createdAt };

      const updated = await tx
        .select({ ...ticketColumns, stamp: tickets.updatedAt })
        .from(tickets)
        .where(and(eq(tickets.unitId, unitId), gt(tickets.updatedAt, windowStart)))
        .orderBy(asc(tickets.updatedAt))
        .limit(ROWS_PER_SOURCE);
      const events = await tx
        .select({ ...ticketColumns, eventId: ticketEvents.id, stamp: ticketEvents.createdAt })
        .from(ticketEvents)
        .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
        .where(and(eq(tickets.unitId, unitId), gt(ticketEvents.createdAt, windowStart), ne(ticketEvents.type, "viewed")))
        .orderBy(asc(ticketEvents.createdAt))
        .limit(ROWS_PER_SOURCE);

      const rows: ChangeRow[] = [
        ...updated.map(({ stamp, ...ticket }) => ({ key: `t:${ticket.id}:${stamp.getTime()}`, stamp, ticket })),
        ...events.map(({ eventId, stamp, ...ticket }) => ({ key: `e:${eventId}`, stamp, ticket })),
      ];
      return { polledAt, windowStart, rows };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
