import type { JSX } from "preact";
import type { Stats } from "../../lib/api-types.ts";
import { formatNumber } from "../../lib/format.ts";
import { useLanguage, useT } from "../../lib/i18n.ts";
import { formatMinutes } from "./stats-format.ts";

function Tile({ label, value, detail, warn }: { label: string; value: string; detail?: string; warn?: boolean }): JSX.Element {
  return (
    <div class={warn ? "tile warn" : "tile"}>
      <dt>{label}</dt>
      <dd>
        <span class="tile-value">{value}</span>
        {detail && <span class="tile-detail">{detail}</span>}
      </dd>
    </div>
  );
}

/** The five numbers a supervisor reads first; a late count above zero is marked in words, not colour alone. */
export function SummaryTiles({ stats }: { stats: Stats }): JSX.Element {
  const t = useT("console-reports");
  const language = useLanguage();
  const { totals } = stats;
  const number = (value: number) => formatNumber(value, language);
  const ofTickets = t("stats.tiles.of_tickets", { total: number(totals.tickets) });
  const median = stats.medianMinutesToAcknowledge.overall;
  return (
    <section aria-labelledby="stats-summary">
      <h2 id="stats-summary" class="visually-hidden">
        {t("stats.tiles.label")}
      </h2>
      <dl class="tiles">
        <Tile label={t("stats.tiles.tickets")} value={number(totals.tickets)} />
        <Tile label={t("stats.tiles.acknowledged")} value={number(totals.acknowledged)} detail={ofTickets} />
        <Tile
          label={t("stats.tiles.median_acknowledge")}
          value={median === null ? t("stats.charts.no_median") : formatMinutes(median, language)}
        />
        <Tile
          label={t("stats.tiles.sla_breaches")}
          value={number(totals.slaBreaches)}
          detail={totals.slaBreaches > 0 ? t("stats.tiles.sla_breaches_detail") : ofTickets}
          warn={totals.slaBreaches > 0}
        />
        <Tile label={t("stats.tiles.closed")} value={number(totals.closed)} detail={ofTickets} />
      </dl>
      {totals.notReports > 0 && <p class="tiles-note">{t("stats.tiles.not_reports", { total: number(totals.notReports) })}</p>}
    </section>
  );
}
