import type { TFunction } from "i18next";
import type { Stats } from "../../lib/api-types.ts";
import { localeTag } from "../../lib/format.ts";
import type { Language } from "../../lib/i18n.ts";

type Granularity = Stats["period"]["granularity"];

/**
 * A median time in the unit a person reads it in: "42,5 menit", "3,5 jam", "2,1 hari". One
 * decimal, unlike the queue's glance-durations, because a supervisor compares these month to month.
 */
export function formatMinutes(minutes: number, language: Language): string {
  const format = (value: number, unit: "minute" | "hour" | "day") =>
    new Intl.NumberFormat(localeTag(language), { style: "unit", unit, unitDisplay: "long", maximumFractionDigits: 1 }).format(value);
  if (minutes < 60) return format(minutes, "minute");
  if (minutes < 48 * 60) return format(minutes / 60, "hour");
  return format(minutes / 1440, "day");
}

/** The first and last day of the answered period, in the unit's time zone ("until" is exclusive). */
export function periodDays(period: Stats["period"], language: Language): { since: string; until: string } {
  const format = new Intl.DateTimeFormat(localeTag(language), { dateStyle: "long", timeZone: period.timezone });
  return {
    since: format.format(new Date(period.since)),
    until: format.format(new Date(new Date(period.until).getTime() - 1)),
  };
}

/**
 * A bucket's names: short under a bar, whole in the table. The API's `start` is a calendar date
 * in the unit's calendar, so it is read as a UTC date and printed in UTC, never shifted.
 */
export function bucketLabels(
  start: string,
  granularity: Granularity,
  language: Language,
  t: TFunction,
  tStats: TFunction,
): { axis: string; full: string } {
  const date = new Date(`${start}T00:00:00Z`);
  const tag = localeTag(language);
  const dayMonth = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", timeZone: "UTC" }).format(date);
  const full = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeZone: "UTC" }).format(date);
  if (granularity === "day") return { axis: String(date.getUTCDate()), full };
  if (granularity === "week") return { axis: dayMonth, full: t("stats.charts.week_of", { date: full }) };
  const month = tStats(`months.m${start.slice(5, 7)}`);
  return { axis: month.slice(0, 3), full: `${month} ${start.slice(0, 4)}` };
}
