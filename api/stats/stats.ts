import { and, eq, gte, lt, ne, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  CATEGORIES,
  PRIORITIES,
  REPORTER_ROLES,
  TICKET_STATUSES,
  type Category,
  type Priority,
  type TicketStatus,
} from "../../db/schema/enums.ts";
import { tickets } from "../../db/schema/index.ts";
import { bucketStarts, type Granularity, type StatsPeriod, type StatsUnit } from "./period.ts";

/*
 * A unit's numbers for a period: the tickets received in it (by their arrival), broken down the
 * ways the monthly report to the Dinas Sosial's school partners needs. Every count and median is
 * over reports: tickets triaged "bukan_laporan" (a question, a mistaken message) are counted
 * once, on their own, and nowhere else, so they never swell a category of harm.
 * What happened to those tickets (acknowledged, closed, late) is counted up to now.
 */

/** Categories of harm: every category but "not a report". */
export const HARM_CATEGORIES = CATEGORIES.filter((c): c is Exclude<Category, "bukan_laporan"> => c !== "bukan_laporan");
export type HarmCategory = (typeof HARM_CATEGORIES)[number];

/** A report without a reporter role (taken by phone, abandoned before the question). */
const UNKNOWN_ROLE = "tidak_diketahui";
export const REPORTER_ROLE_KEYS = [...REPORTER_ROLES, UNKNOWN_ROLE] as const;
export type ReporterRoleKey = (typeof REPORTER_ROLE_KEYS)[number];

/** The school of a report that names none. */
export const NO_SCHOOL = "—";

export interface UnitStats {
  period: { since: string; until: string; timezone: string; granularity: Granularity };
  totals: { tickets: number; acknowledged: number; closed: number; slaBreaches: number; notReports: number };
  byPeriod: { start: string; count: number }[];
  byCategory: { category: HarmCategory; count: number }[];
  byPriority: { priority: Priority; count: number }[];
  bySchool: { school: string; count: number }[];
  byStatus: { status: TicketStatus; count: number }[];
  byReporterRole: { role: ReporterRoleKey; count: number }[];
  medianMinutesToAcknowledge: { overall: number | null; byPriority: Record<Priority, number | null> };
  medianMinutesToClose: number | null;
  slaBreaches: { total: number; byPriority: Record<Priority, number> };
}

const count = () => sql<number>`count(*)::int`.mapWith(Number);

/** Minutes from one instant to another, for medians. */
function minutes(from: SQLWrapper, to: SQLWrapper) {
  return sql`extract(epoch from (${to} - ${from}))::float8 / 60`;
}

/** The median of a value, ignoring the rows where it is null; null when there is none. */
function median(value: SQL) {
  return sql<number | null>`percentile_cont(0.5) within group (order by ${value})`.mapWith(Number);
}

/** One decimal is enough for minutes, and keeps float noise out of the answer. */
function roundMinutes(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

export async function unitStats(db: Db, unit: StatsUnit, period: StatsPeriod, now: Date): Promise<UnitStats> {
  const received = and(eq(tickets.unitId, unit.id), gte(tickets.createdAt, period.since), lt(tickets.createdAt, period.until));
  const reports = and(received, ne(tickets.category, "bukan_laporan"));
  // Late: acknowledged after the deadline, or never acknowledged while it was still waiting when
  // the deadline passed. A ticket closed as a duplicate before its deadline was never late.
  const breach = sql`(${tickets.acknowledgedAt} > ${tickets.slaDueAt} or (${tickets.acknowledgedAt} is null and ${tickets.slaDueAt} < coalesce(${tickets.closedAt}, ${now.toISOString()}::timestamptz)))`;

  // One row per priority, and the rollup's row (priority null) for all of them together.
  const byPriorityRows = await db
    .select({
      priority: sql<Priority | null>`${tickets.priority}`,
      tickets: count(),
      acknowledged: sql<number>`count(${tickets.acknowledgedAt})::int`.mapWith(Number),
      closed: sql<number>`count(${tickets.closedAt})::int`.mapWith(Number),
      breaches: sql<number>`(count(*) filter (where ${breach}))::int`.mapWith(Number),
      medianAcknowledge: median(minutes(tickets.createdAt, tickets.acknowledgedAt)),
      medianClose: median(minutes(tickets.createdAt, tickets.closedAt)),
    })
    .from(tickets)
    .where(reports)
    .groupBy(sql`rollup(${tickets.priority})`);
  const overall = byPriorityRows.find((row) => row.priority === null);
  const ofPriority = (priority: Priority) => byPriorityRows.find((row) => row.priority === priority);

  const categoryRows = await db.select({ key: tickets.category, count: count() }).from(tickets).where(received).groupBy(tickets.category);
  const statusRows = await db.select({ key: tickets.status, count: count() }).from(tickets).where(reports).groupBy(tickets.status);
  const roleRows = await db.select({ key: tickets.reporterRole, count: count() }).from(tickets).where(reports).groupBy(tickets.reporterRole);
  const school = sql<string | null>`nullif(btrim(${tickets.schoolName}), '')`;
  const schoolRows = await db.select({ key: school, count: count() }).from(tickets).where(reports).groupBy(school);
  const bucket = sql<string>`to_char(date_trunc(${period.granularity}, ${tickets.createdAt} at time zone ${unit.timezone}), 'YYYY-MM-DD')`;
  // By position: the expression carries parameters, numbered anew in GROUP BY, so PostgreSQL
  // would not see it as the selected one.
  const bucketRows = await db.select({ key: bucket, count: count() }).from(tickets).where(reports).groupBy(sql`1`);

  const countOf = <K>(rows: { key: K; count: number }[], key: K) => rows.find((row) => row.key === key)?.count ?? 0;
  const priorityRecord = <V>(value: (priority: Priority) => V): Record<Priority, V> => ({
    darurat: value("darurat"),
    tinggi: value("tinggi"),
    sedang: value("sedang"),
    rendah: value("rendah"),
  });

  return {
    period: {
      since: period.since.toISOString(),
      until: period.until.toISOString(),
      timezone: period.timezone,
      granularity: period.granularity,
    },
    totals: {
      tickets: overall?.tickets ?? 0,
      acknowledged: overall?.acknowledged ?? 0,
      closed: overall?.closed ?? 0,
      slaBreaches: overall?.breaches ?? 0,
      notReports: countOf(categoryRows, "bukan_laporan"),
    },
    // Every bucket, empty ones too: a chart or a pasted table needs the zero weeks.
    byPeriod: bucketStarts(period).map((start) => ({ start, count: countOf(bucketRows, start) })),
    byCategory: HARM_CATEGORIES.map((category) => ({ category, count: countOf(categoryRows, category) })),
    byPriority: PRIORITIES.map((priority) => ({ priority, count: ofPriority(priority)?.tickets ?? 0 })),
    bySchool: schoolRows
      .map((row) => ({ school: row.key ?? NO_SCHOOL, count: row.count }))
      .sort((a, b) => b.count - a.count || a.school.localeCompare(b.school, "id")),
    byStatus: TICKET_STATUSES.map((status) => ({ status, count: countOf(statusRows, status) })),
    byReporterRole: REPORTER_ROLE_KEYS.map((role) => ({
      role,
      count: countOf(roleRows, role === UNKNOWN_ROLE ? null : role),
    })),
    medianMinutesToAcknowledge: {
      overall: roundMinutes(overall?.medianAcknowledge ?? null),
      byPriority: priorityRecord((priority) => roundMinutes(ofPriority(priority)?.medianAcknowledge ?? null)),
    },
    medianMinutesToClose: roundMinutes(overall?.medianClose ?? null),
    slaBreaches: { total: overall?.breaches ?? 0, byPriority: priorityRecord((priority) => ofPriority(priority)?.breaches ?? 0) },
  };
}
