import type { TFunction } from "i18next";
import { PRIORITIES } from "../../db/schema/enums.ts";
import { csvDocument, type CsvValue } from "./csv.ts";
import { localDate, type StatsPeriod, type StatsUnit } from "./period.ts";
import { NO_SCHOOL, type UnitStats } from "./stats.ts";

/*
 * The monthly report as a long table of three columns (section, item, count): one number per
 * row, so a clerk can copy any section straight into the report to the school partners, and a
 * pivot table can regroup it. Only counts and the unit's own words: no reporter data, no ticket
 * descriptions, no ticket codes.
 */

export interface StatsCsv {
  filename: string;
  body: string;
}

/** `t` is fixed to the report's language and the stats namespace. */
export function statsCsv(stats: UnitStats, unit: StatsUnit, period: StatsPeriod, t: TFunction): StatsCsv {
  const firstDay = localDate(period.since, period.timezone);
  const lastDay = localDate(new Date(period.until.getTime() - 1), period.timezone);
  const rows: CsvValue[][] = [[t("csv.columns.section"), t("csv.columns.item"), t("csv.columns.count")]];
  const section = (name: string, items: readonly (readonly [string, CsvValue])[]) => {
    for (const [item, value] of items) rows.push([name, item, value]);
  };
  // Whole minutes: a decimal would need the reader's decimal comma or point, and a minute is precise enough.
  const wholeMinutes = (value: number | null) => (value === null ? null : Math.round(value));

  rows.push([t("csv.report.unit"), unit.name, null]);
  rows.push([t("csv.report.period"), t("csv.report.period_value", { since: firstDay, until: lastDay }), null]);
  section(t("csv.sections.summary"), [
    [t("csv.summary.tickets"), stats.totals.tickets],
    [t("csv.summary.acknowledged"), stats.totals.acknowledged],
    [t("csv.summary.closed"), stats.totals.closed],
    [t("csv.summary.sla_breaches"), stats.totals.slaBreaches],
    [t("csv.summary.median_acknowledge"), wholeMinutes(stats.medianMinutesToAcknowledge.overall)],
    [t("csv.summary.median_close"), wholeMinutes(stats.medianMinutesToClose)],
    [t("csv.summary.not_reports"), stats.totals.notReports],
  ]);
  section(
    t(`csv.sections.by_${period.granularity}`),
    stats.byPeriod.map(({ start, count }) => [bucketLabel(start, period.granularity, t), count] as const),
  );
  section(t("csv.sections.category"), stats.byCategory.map(({ category, count }) => [t(`category.${category}`), count] as const));
  section(t("csv.sections.priority"), stats.byPriority.map(({ priority, count }) => [t(`priority.${priority}`), count] as const));
  section(
    t("csv.sections.school"),
    stats.bySchool.map(({ school, count }) => [school === NO_SCHOOL ? t("csv.no_school") : school, count] as const),
  );
  section(t("csv.sections.status"), stats.byStatus.map(({ status, count }) => [t(`status.${status}`), count] as const));
  section(t("csv.sections.reporter_role"), stats.byReporterRole.map(({ role, count }) => [t(`reporter_role.${role}`), count] as const));
  section(
    t("csv.sections.sla_breaches"),
    PRIORITIES.map((priority) => [t(`priority.${priority}`), stats.slaBreaches.byPriority[priority]] as const),
  );
  section(
    t("csv.sections.median_acknowledge"),
    PRIORITIES.map((priority) => [t(`priority.${priority}`), wholeMinutes(stats.medianMinutesToAcknowledge.byPriority[priority])] as const),
  );

  // One whole month's report is named by its month; any other period by its first and last day.
  const named = isWholeMonth(firstDay, localDate(period.until, period.timezone)) ? firstDay.slice(0, 7) : `${firstDay}_${lastDay}`;
  return { filename: `laporan-${unit.code}-${named}.csv`, body: csvDocument(rows) };
}

function bucketLabel(start: string, granularity: StatsPeriod["granularity"], t: TFunction): string {
  if (granularity === "day") return start;
  if (granularity === "week") return t("csv.week_of", { date: start });
  return t("csv.month_of", { month: t(`months.m${start.slice(5, 7)}`), year: start.slice(0, 4) });
}

/** Whether [firstDay, dayAfter) is one calendar month, both as local YYYY-MM-DD dates. */
function isWholeMonth(firstDay: string, dayAfter: string): boolean {
  const next = new Date(`${firstDay}T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return firstDay.endsWith("-01") && next.toISOString().slice(0, 10) === dayAfter;
}
