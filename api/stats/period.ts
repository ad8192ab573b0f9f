import { eq, sql, type SQLWrapper } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { units } from "../../db/schema/index.ts";

/*
 * The period a report covers, read in the unit's own time zone: a report at 05:00 on 1 August
 * in Kota Metro (WIB) is 22:00 on 31 July in UTC. The two calendars disagree at the edges, and
 * the monthly report follows the unit's.
 */

export const GRANULARITIES = ["day", "week", "month"] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Two calendar years, a leap day included. */
export const MAX_PERIOD_DAYS = 731;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface StatsUnit {
  id: string;
  name: string;
  code: string;
  timezone: string;
}

export interface StatsPeriod {
  since: Date;
  /** Exclusive. */
  until: Date;
  timezone: string;
  granularity: Granularity;
}

export interface PeriodQuery {
  /** A date (the unit's midnight starting it) or an instant with its offset. */
  since?: string | undefined;
  /** A date (the whole day is included) or an instant with its offset (excluded). */
  until?: string | undefined;
  granularity?: Granularity | undefined;
}

export type PeriodOutcome =
  | { ok: true; unit: StatsUnit; period: StatsPeriod }
  | { ok: false; error: "period_reversed" | "period_too_long" };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** An instant as text, to the millisecond, in UTC: the same from both drivers, whatever their timestamp parsing. */
function isoText(instant: SQLWrapper) {
  return sql<string | null>`to_char((${instant}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * The unit and the period a stats query asks for. A bound left out is that of the current month
 * in the unit's time zone, so no bounds at all is "this month so far, and the rest of it".
 */
export async function resolvePeriod(db: Db, unitId: string, query: PeriodQuery, now: Date): Promise<PeriodOutcome> {
  const sinceDate = query.since !== undefined && DATE_ONLY.test(query.since) ? query.since : null;
  const untilDate = query.until !== undefined && DATE_ONLY.test(query.until) ? query.until : null;
  const tz = units.timezone;
  const monthStart = sql`date_trunc('month', ${now.toISOString()}::timestamptz at time zone ${tz})`;
  const [row] = await db
    .select({
      id: units.id,
      name: units.name,
      code: units.code,
      timezone: units.timezone,
      monthStart: isoText(sql`${monthStart} at time zone ${tz}`),
      monthEnd: isoText(sql`(${monthStart} + interval '1 month') at time zone ${tz}`),
      sinceMidnight: isoText(sql`${sinceDate}::date::timestamp at time zone ${tz}`),
      // A date as the end means "to the end of that day": the next day's midnight.
      untilMidnight: isoText(sql`(${untilDate}::date + 1)::timestamp at time zone ${tz}`),
    })
    .from(units)
    .where(eq(units.id, unitId));
  if (!row || row.monthStart === null || row.monthEnd === null) throw new Error("resolvePeriod: the staff member's unit does not exist");

  const since = new Date(row.sinceMidnight ?? query.since ?? row.monthStart);
  const until = new Date(row.untilMidnight ?? query.until ?? row.monthEnd);
  if (until.getTime() <= since.getTime()) return { ok: false, error: "period_reversed" };
  const days = (until.getTime() - since.getTime()) / DAY_MS;
  if (days > MAX_PERIOD_DAYS) return { ok: false, error: "period_too_long" };

  const unit: StatsUnit = { id: row.id, name: row.name, code: row.code, timezone: row.timezone };
  return { ok: true, unit, period: { since, until, timezone: row.timezone, granularity: query.granularity ?? defaultGranularity(days) } };
}

/** A month by day, a half-year by week, anything longer by month: about 30 rows or fewer. */
function defaultGranularity(days: number): Granularity {
  if (days <= 31) return "day";
  if (days <= 184) return "week";
  return "month";
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(instant: Date, timezone: string): string {
  let format = dateFormats.get(timezone);
  if (!format) {
    // en-CA writes dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(timezone, format);
  }
  return format.format(instant);
}

/**
 * The first day of every bucket the period touches, as local dates, in order; the same keys
 * PostgreSQL's date_trunc gives (weeks start on Monday). Calendar arithmetic on plain dates:
 * a Date at UTC midnight stands for a local date here, never for an instant.
 */
export function bucketStarts(period: StatsPeriod): string[] {
  const first = truncateDate(localDate(period.since, period.timezone), period.granularity);
  const last = truncateDate(localDate(new Date(period.until.getTime() - 1), period.timezone), period.granularity);
  const starts: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); ; ) {
    const key = day.toISOString().slice(0, 10);
    if (key > last) return starts;
    starts.push(key);
    if (period.granularity === "day") day.setUTCDate(day.getUTCDate() + 1);
    else if (period.granularity === "week") day.setUTCDate(day.getUTCDate() + 7);
    else day.setUTCMonth(day.getUTCMonth() + 1);
  }
}

function truncateDate(date: string, granularity: Granularity): string {
  if (granularity === "day") return date;
  if (granularity === "month") return `${date.slice(0, 7)}-01`;
  const day = new Date(`${date}T00:00:00Z`);
  // getUTCDay: Sunday 0 … Saturday 6; Monday starts the week, as in date_trunc('week').
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return day.toISOString().slice(0, 10);
}
