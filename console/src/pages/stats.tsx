import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import { api, apiUrl } from "../lib/api.ts";
import type { Stats } from "../lib/api-types.ts";
import { formatDateTime } from "../lib/format.ts";
import { useLanguage, useT } from "../lib/i18n.ts";
import { useLocation } from "../lib/router.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock } from "../shell/status-blocks.tsx";
import { PeriodPicker } from "./reports/period-picker.tsx";
import { periodQuery, readPeriodChoice } from "./reports/period.ts";
import { StatsCharts } from "./reports/stats-charts.tsx";
import { periodDays } from "./reports/stats-format.ts";
import { SummaryTiles } from "./reports/summary-tiles.tsx";
import "./reports.css";

/**
 * The monthly report for supervisors and admins: a period, five headline numbers, the
 * breakdowns as charts with their tables, the same numbers as CSV, and a printable page.
 */
export function StatsPage(): JSX.Element {
  const t = useT("console-reports");
  const language = useLanguage();
  const { search } = useLocation();
  const choice = readPeriodChoice(search);
  const query = useMemo(() => periodQuery(choice, new Date()), [choice.preset, choice.since, choice.until]);
  const stats = useResource((signal) => api.get<Stats>("/v1/stats", { query, signal }), [query.since, query.until]);
  // After a refused period (until before since) the old numbers would pass for the new period's.
  const data = stats.state === "failed" ? undefined : stats.data;
  const days = data ? periodDays(data.period, language) : undefined;
  const csvHref = apiUrl("/v1/stats.csv", { ...query, lang: language });

  return (
    <div class="stats-page">
      <h1>{t("stats.title")}</h1>
      <p class="print-only">{t("stats.print.printed_at", { date: formatDateTime(new Date(), language) })}</p>
      <p class="page-intro no-print">{t("stats.intro")}</p>
      <PeriodPicker choice={choice} />
      <div class="stats-bar">
        <p class="stats-period" role="status" aria-live="polite">
          {stats.state === "loading" ? t("stats.loading") : days && t("stats.period.showing", days)}
        </p>
        <div class="actions no-print">
          <a class="button" href={csvHref} download>
            {t("stats.export.csv")}
          </a>
          <button type="button" class="button secondary" onClick={() => window.print()}>
            {t("stats.export.print")}
          </button>
        </div>
      </div>
      {stats.state === "failed" && <ErrorBlock error={stats.error} onRetry={stats.reload} />}
      {data && (
        <>
          <SummaryTiles stats={data} />
          {data.totals.tickets === 0 ? <p class="notice">{t("stats.empty")}</p> : <StatsCharts stats={data} />}
        </>
      )}
    </div>
  );
}
