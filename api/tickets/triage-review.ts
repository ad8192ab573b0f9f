import { and, asc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { Category, Priority } from "../../db/schema/enums.ts";
import { staff, ticketEvents, tickets, units } from "../../db/schema/index.ts";
import { explain } from "../triage/explain.ts";
import { slaDueAt } from "./sla.ts";
import { CategorySchema, PrioritySchema, TriageSignalSchema, type TicketTriage, type TriageOverride } from "./triage-schemas.ts";

/*
 * A ticket's triage as staff review it: what the rules decided and why, every override a person
 * made, and the counts of overrides that tell which rules need work. An override is always an
 * explicit, recorded event with its reason: even lowering a priority is never silent.
 */

interface PriorityCategory {
  priority: Priority;
  category: Category;
}

/**
 * What an "override" event stores. The ticket's signals at the time of the override are kept in
 * the event, so the rule counts still say which rules were wrong after the ticket is re-triaged.
 */
const OverrideEventDataSchema = z.object({
  from: z.object({ priority: PrioritySchema, category: CategorySchema }),
  to: z.object({ priority: PrioritySchema, category: CategorySchema }),
  reason: z.string(),
  signals: z.array(TriageSignalSchema),
});
type OverrideEventData = z.infer<typeof OverrideEventDataSchema>;

/**
 * The ticket's triage, or null when it does not exist or belongs to another unit: the caller
 * answers both with the same 404, so a ticket number reveals nothing outside its unit.
 * `db` may be a transaction (on PGlite it must be, inside one).
 */
export async function ticketTriage(db: Db, unitId: string, ticketId: string): Promise<TicketTriage | null> {
  const [ticket] = await db
    .select({ priority: tickets.priority, category: tickets.category, signals: tickets.triageSignals })
    .from(tickets)
    .where(and(eq(tickets.id, ticketId), eq(tickets.unitId, unitId)))
    .limit(1);
  if (!ticket) return null;
  return {
    priority: ticket.priority,
    category: ticket.category,
    signals: ticket.signals,
    explanation: explain(ticket.priority, ticket.category, ticket.signals),
    overrides: await overridesOf(db, ticketId),
  };
}

async function overridesOf(db: Db, ticketId: string): Promise<TriageOverride[]> {
  const rows = await db
    .select({ at: ticketEvents.createdAt, data: ticketEvents.data, staffId: staff.id, staffName: staff.name })
    .from(ticketEvents)
    .leftJoin(staff, eq(staff.id, ticketEvents.actorStaffId))
    .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, "override")))
    .orderBy(asc(ticketEvents.createdAt), asc(ticketEvents.id));
  return rows.map((row) => {
    // Only overrideTriage writes these events, always with its staff actor and this data: a row
    // that breaks that is a damaged audit trail, which must fail loudly rather than be hidden.
    if (row.staffId === null || row.staffName === null) throw new Error("override event without a staff actor");
    const data = OverrideEventDataSchema.parse(row.data);
    return { at: row.at.toISOString(), by: { id: row.staffId, name: row.staffName }, from: data.from, to: data.to, reason: data.reason };
  });
}

export interface OverrideInput {
  unitId: string;
  staffId: string;
  ticketId: string;
  priority: Priority | undefined;
  category: Category | undefined;
  reason: string;
  now: Date;
}

export type OverrideOutcome =
  | { ok: true; triage: TicketTriage; from: PriorityCategory; to: PriorityCategory }
  | { ok: false; error: "ticket_not_found" | "override_no_change" };

/**
 * Sets a ticket's priority and/or category by a person's decision, in one transaction with its
 * audit event. A new priority moves the acknowledge-by time to what the unit allows for it,
 * counted from when the report arrived, as if the rules had decided it then.
 */
export async function overrideTriage(db: Db, input: OverrideInput): Promise<OverrideOutcome> {
  return db.transaction(async (tx) => {
    // Row lock: two peksos overriding at once must each see the other's result as their "from".
    const [ticket] = await tx
      .select({
        priority: tickets.priority,
        category: tickets.category,
        signals: tickets.triageSignals,
        createdAt: tickets.createdAt,
        slaMinutes: units.slaMinutes,
      })
      .from(tickets)
      .innerJoin(units, eq(units.id, tickets.unitId))
      .where(and(eq(tickets.id, input.ticketId), eq(tickets.unitId, input.unitId)))
      .for("update", { of: tickets })
      .limit(1);
    if (!ticket) return { ok: false, error: "ticket_not_found" } as const;

    const from: PriorityCategory = { priority: ticket.priority, category: ticket.category };
    const to: PriorityCategory = { priority: input.priority ?? from.priority, category: input.category ?? from.category };
    if (to.priority === from.priority && to.category === from.category) return { ok: false, error: "override_no_change" } as const;

    const priorityChanged = to.priority !== from.priority;
    await tx
      .update(tickets)
      .set({
        priority: to.priority,
        category: to.category,
        ...(priorityChanged && { slaDueAt: slaDueAt(ticket.slaMinutes, to.priority, ticket.createdAt) }),
        updatedAt: input.now,
      })
      .where(eq(tickets.id, input.ticketId));
    const data: OverrideEventData = { from, to, reason: input.reason, signals: ticket.signals };
    await tx.insert(ticketEvents).values({
      ticketId: input.ticketId,
      type: "override",
      actorKind: "staff",
      actorStaffId: input.staffId,
      data,
      createdAt: input.now,
    });

    // Read back inside the transaction: on PGlite the outer db would wait for this one to end.
    const triage = await ticketTriage(tx, input.unitId, input.ticketId);
    if (!triage) throw new Error("ticket vanished inside its override transaction");
    return { ok: true, triage, from, to } as const;
  });
}

export interface OverrideStats {
  total: number;
  byChange: { from: PriorityCategory; to: PriorityCategory; count: number }[];
  byRule: { rule: string; count: number }[];
}

/**
 * Counts of a unit's overrides in [since, until). Each override counts each rule of its signals
 * once, however many phrases matched it: the question is how often a rule was part of a
 * decision a person corrected, not how wordy the reports were.
 */
export async function overrideStats(
  db: Db,
  query: { unitId: string; since: Date | undefined; until: Date | undefined },
): Promise<OverrideStats> {
  const conditions = [eq(tickets.unitId, query.unitId), eq(ticketEvents.type, "override")];
  if (query.since) conditions.push(gte(ticketEvents.createdAt, query.since));
  if (query.until) conditions.push(lt(ticketEvents.createdAt, query.until));
  const rows = await db
    .select({ data: ticketEvents.data })
    .from(ticketEvents)
    .innerJoin(tickets, eq(tickets.id, ticketEvents.ticketId))
    .where(and(...conditions));

  const changes = new Map<string, { from: PriorityCategory; to: PriorityCategory; count: number }>();
  const rules = new Map<string, number>();
  for (const row of rows) {
    const data = OverrideEventDataSchema.parse(row.data);
    const key = [data.from.priority, data.from.category, data.to.priority, data.to.category].join("\u0000");
    const change = changes.get(key) ?? { from: data.from, to: data.to, count: 0 };
    change.count++;
    changes.set(key, change);
    for (const rule of new Set(data.signals.map((s) => s.rule))) rules.set(rule, (rules.get(rule) ?? 0) + 1);
  }

  // Ties broken by name, so the same data always gives the same list.
  const changeName = (c: { from: PriorityCategory; to: PriorityCategory }) =>
    `${c.from.priority}/${c.from.category}>${c.to.priority}/${c.to.category}`;
  return {
    total: rows.length,
    byChange: [...changes.values()].sort((a, b) => b.count - a.count || changeName(a).localeCompare(changeName(b))),
    byRule: [...rules]
      .map(([rule, count]) => ({ rule, count }))
      .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule)),
  };
}
