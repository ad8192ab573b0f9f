import type { JSX } from "preact";
import type { Stats } from "../../lib/api-types.ts";
import { formatNumber } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import type { ChartRow } from "./bar-chart.tsx";
import { ChartFigure } from "./chart-figure.tsx";
import { bucketLabels, formatMinutes } from "./stats-format.ts";

/** A unit can have dozens of schools: the drawing keeps the busiest, the table keeps them all. */
const DRAWN_SCHOOLS = 10;

/**
 * Every breakdown the monthly report needs, each a chart with its table. Categories, priorities
 * and reporters are named from the API's `stats` texts, exactly as in the CSV export.
 */
export function StatsCharts({ stats }: { stats: Stats }): JSX.Element {
  const t = useT("console-reports");
  const tStats = useT("stats");
  const language = useLanguage();
  const counted = (key: string, label: string, value: number, extra: Partial<ChartRow> = {}): ChartRow => ({
    key,
    label,
    value,
    display: formatNumber(value, language),
    ...extra,
  });
  const priorities = stats.byPriority.map((row) => row.priority);
  const priorityTone = (priority: string) => `tone-${priority}`;

  const periodRows = stats.byPeriod.map((bucket) => {
    const labels = bucketLabels(bucket.start, stats.period.granularity, language, t, tStats);
    return counted(bucket.start, labels.full, bucket.count, { axis: labels.axis });
  });
  // Most reports first, so the chart reads as a ranking; the API's order breaks ties.
  const categoryRows = [...stats.byCategory]
    .sort((a, b) => b.count - a.count)
    .map((row) => counted(row.category, tStats(`category.${row.category}`), row.count));
  const schoolRows = stats.bySchool.map((row) =>
    counted(row.school, row.school === "—" ? t("stats.charts.no_school") : row.school, row.count),
  );
  const roleRows = stats.byReporterRole.map((row) => counted(row.role, tStats(`reporter_role.${row.role}`), row.count));
  const priorityRows = stats.byPriority.map((row) =>
    counted(row.priority, tStats(`priority.${row.priority}`), row.count, { tone: priorityTone(row.priority) }),
  );
  const breachRows = priorities.map((priority) =>
    counted(priority, tStats(`priority.${priority}`), stats.slaBreaches.byPriority[priority], { tone: priorityTone(priority) }),
  );
  const medianRows = priorities.map((priority): ChartRow => {
    const minutes = stats.medianMinutesToAcknowledge.byPriority[priority];
    return {
      key: priority,
      label: tStats(`priority.${priority}`),
      value: minutes,
      display: minutes === null ? t("stats.charts.no_median") : formatMinutes(minutes, language),
      tone: priorityTone(priority),
    };
  });

  const count = t("stats.charts.columns.count");
  const priority = t("stats.charts.columns.priority");
  return (
    <div class="charts">
      <ChartFigure
        id="chart-period"
        title={t(`stats.charts.by_${stats.period.granularity}`)}
        kind="columns"
        rows={periodRows}
        labelHeading={t("stats.charts.columns.period")}
        valueHeading={count}
      />
      <ChartFigure
        id="chart-category"
        title={t("stats.charts.by_category")}
        kind="bars"
        rows={categoryRows}
        drawnRows={categoryRows.filter((row) => row.value)}
        {...(categoryRows.some((row) => !row.value) && { note: t("stats.charts.category_zero") })}
        labelHeading={t("stats.charts.columns.category")}
        valueHeading={count}
      />
      <ChartFigure
        id="chart-school"
        title={t("stats.charts.by_school")}
        kind="bars"
        rows={schoolRows}
        drawnRows={schoolRows.slice(0, DRAWN_SCHOOLS)}
        labelHeading={t("stats.charts.columns.school")}
        valueHeading={count}
        {...(schoolRows.length > DRAWN_SCHOOLS && { note: t("stats.charts.school_top", { shown: DRAWN_SCHOOLS }) })}
      />
      <ChartFigure
        id="chart-role"
        title={t("stats.charts.by_reporter_role")}
        kind="bars"
        rows={roleRows}
        labelHeading={t("stats.charts.columns.reporter_role")}
        valueHeading={count}
      />
      <ChartFigure id="chart-priority" title={t("stats.charts.by_priority")} kind="bars" rows={priorityRows} labelHeading={priority} valueHeading={count} />
      <ChartFigure id="chart-breaches" title={t("stats.charts.sla_breaches")} kind="bars" rows={breachRows} labelHeading={priority} valueHeading={count} />
      <ChartFigure
        id="chart-median"
        title={t("stats.charts.median_acknowledge")}
        kind="bars"
        rows={medianRows}
        labelHeading={priority}
        valueHeading={t("stats.charts.columns.median")}
      />
    </div>
  );
}
