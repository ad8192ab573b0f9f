import { and, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { PRIORITIES, type Category, type Priority, type TicketStatus } from "../../db/schema/enums.ts";
import { staff, tickets } from "../../db/schema/index.ts";
import type { QueueItem } from "./ticket-schemas.ts";
import { isOpen } from "./transitions.ts";

/*
 * The peksos's queue: the most urgent first (the priority enum's order already is darurat <
 * tinggi < sedang < rendah), then the earliest acknowledge-by time, then the id so equal keys
 * still have one order. Pages are keyset pages: a cursor holds the last row's sort key, so page
 * 200 costs what page 1 does and a ticket added meanwhile shifts nothing.
 */

export interface QueueFilters {
  unitId: string;
  statuses: readonly TicketStatus[];
  priorities: readonly Priority[] | undefined;
  categories: readonly Category[] | undefined;
  /** A staff id, or null for "nobody has it yet". */
  assigneeId: string | null | undefined;
  school: string | undefined;
  /** One ticket's public code, upper case. */
  code?: string | undefined;
  since: Date | undefined;
  until: Date | undefined;
  limit: number;
  cursor: QueueCursor | undefined;
}

// ---------------------------------------------------------------------------------------------
// The cursor

/**
 * The last row's sort key. The time is kept as PostgreSQL wrote it, to the microsecond: a
 * JavaScript Date keeps milliseconds, and a rounded key would skip or repeat rows whose
 * acknowledge-by times differ by less than that.
 */
const CursorSchema = z.object({
  p: z.enum(PRIORITIES),
  s: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  i: z.uuid(),
});
export type QueueCursor = z.infer<typeof CursorSchema>;

export function encodeCursor(cursor: QueueCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** Undefined for anything that is not a cursor this module wrote: the route answers 400. */
export function decodeCursor(text: string): QueueCursor | undefined {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The time part of the sort key, in the cursor's exact text form. */
const slaKey = sql<string>`to_char(${tickets.slaDueAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// ---------------------------------------------------------------------------------------------
// Filters from the query string

/**
 * `a,b` or repeated keys → the listed values, or undefined when one is not among `allowed`
 * (the route answers 400 naming the field). Absent → an empty list.
 */
export function parseListFilter<T extends string>(raw: string | string[] | undefined, allowed: readonly T[]): T[] | undefined {
  const values = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .flatMap((part) => part.split(","))
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const known = new Set<string>(allowed);
  if (!values.every((value) => known.has(value))) return undefined;
  return [...new Set(values)] as T[];
}

// ---------------------------------------------------------------------------------------------
// The query

/** `%` and `_` typed into the school filter are letters, not wildcards. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function conditionsOf(filters: QueueFilters): SQL[] {
  const conditions: (SQL | undefined)[] = [eq(tickets.unitId, filters.unitId)];
  if (filters.priorities?.length) conditions.push(inArray(tickets.priority, [...filters.priorities]));
  if (filters.categories?.length) conditions.push(inArray(tickets.category, [...filters.categories]));
  if (filters.assigneeId === null) conditions.push(isNull(tickets.assigneeId));
  else if (filters.assigneeId !== undefined) conditions.push(eq(tickets.assigneeId, filters.assigneeId));
  if (filters.school !== undefined) {
    conditions.push(or(eq(tickets.schoolCode, filters.school), ilike(tickets.schoolName, containsPattern(filters.school))));
  }
  if (filters.code !== undefined) conditions.push(eq(tickets.code, filters.code));
  if (filters.since) conditions.push(gte(tickets.createdAt, filters.since));
  if (filters.until) conditions.push(lt(tickets.createdAt, filters.until));
  if (filters.cursor) {
    const { p, s, i } = filters.cursor;
    conditions.push(
      sql`(${tickets.priority}, ${tickets.slaDueAt}, ${tickets.id}) > (${p}::priority, ${s}::timestamptz, ${i}::uuid)`,
    );
  }
  return conditions.filter((c): c is SQL => c !== undefined);
}

/**
 * What a queue item is read from. Column names stay distinct (the assignee's id is the ticket's
 * column, not staff.id), so a union of these rows can be ordered by name.
 */
const QUEUE_FIELDS = {
  id: tickets.id,
  code: tickets.code,
  status: tickets.status,
  priority: tickets.priority,
  category: tickets.category,
  reporterRole: tickets.reporterRole,
  victimAge: tickets.victimAge,
  schoolName: tickets.schoolName,
  schoolCode: tickets.schoolCode,
  createdAt: tickets.createdAt,
  slaDueAt: tickets.slaDueAt,
  acknowledgedAt: tickets.acknowledgedAt,
  assigneeId: tickets.assigneeId,
  assigneeName: staff.name,
  incidentId: tickets.incidentId,
  incomplete: tickets.incomplete,
  inDanger: tickets.inDanger,
};

const ORDER = [tickets.priority, tickets.slaDueAt, tickets.id] as const;

/**
 * One page of the queue, in one round trip. Without a period, each status is read on its own, in
 * sort order, from the index (unit_id, status, priority, sla_due_at), and at most one page of
 * each is merged: PostgreSQL cannot read several statuses of that index in priority order in one
 * scan, and sorting all open tickets of a busy unit for every page would grow with the unit's
 * history. With a period, the reports of that period (index unit_id, created_at) are fewer than
 * a page of every status would make it read, so one query takes them and sorts them.
 */
export async function listQueue(db: Db, filters: QueueFilters, now: Date): Promise<{ items: QueueItem[]; nextCursor: string | null }> {
  const conditions = conditionsOf(filters);
  const take = filters.limit + 1;
  const pageOf = (statusCondition: SQL) =>
    db
      .select({ ...QUEUE_FIELDS, slaKey: slaKey.as("sla_key") })
      .from(tickets)
      .leftJoin(staff, eq(staff.id, tickets.assigneeId))
      .where(and(...conditions, statusCondition))
      .orderBy(...ORDER)
      .limit(take);
  const byPeriod = filters.since !== undefined || filters.until !== undefined;
  const perStatus = byPeriod
    ? [pageOf(inArray(tickets.status, [...filters.statuses]))]
    : filters.statuses.map((status) => pageOf(eq(tickets.status, status)));
  const [first, second, ...rest] = perStatus;
  if (!first) return { items: [], nextCursor: null };
  const rows = second ? await unionAll(first, second, ...rest).orderBy(...ORDER).limit(take) : await first;

  const page = rows.slice(0, filters.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > filters.limit && last ? encodeCursor({ p: last.priority, s: last.slaKey, i: last.id }) : null;
  return { items: page.map((row) => queueItem(row, now)), nextCursor };
}

/** Tickets as the queue shows them, in the order of `ids`. No reporter contact: the list is for everyone on duty. */
export async function queueItems(db: Db, ids: readonly string[], now: Date): Promise<QueueItem[]> {
  if (ids.length === 0) return [];
  const rows = await selectQueueRows(db).where(inArray(tickets.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [queueItem(row, now)] : [];
  });
}

function selectQueueRows(db: Db) {
  return db.select(QUEUE_FIELDS).from(tickets).leftJoin(staff, eq(staff.id, tickets.assigneeId));
}
type QueueRow = Awaited<ReturnType<typeof selectQueueRows>>[number];

function queueItem(row: QueueRow, now: Date): QueueItem {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    priority: row.priority,
    category: row.category,
    reporterRole: row.reporterRole,
    victimAge: row.victimAge,
    schoolName: row.schoolName,
    schoolCode: row.schoolCode,
    createdAt: row.createdAt.toISOString(),
    slaDueAt: row.slaDueAt.toISOString(),
    overdue: isOverdue(row, now),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    assignee: row.assigneeId !== null && row.assigneeName !== null ? { id: row.assigneeId, name: row.assigneeName } : null,
    incidentId: row.incidentId,
    incomplete: row.incomplete,
    inDanger: row.inDanger,
  };
}

/** Still waiting for someone to say "terima" after its acknowledge-by time. */
export function isOverdue(ticket: { status: TicketStatus; acknowledgedAt: Date | null; slaDueAt: Date }, now: Date): boolean {
  return isOpen(ticket.status) && ticket.acknowledgedAt === null && ticket.slaDueAt < now;
}
