import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { useT } from "../../lib/i18n.ts";
import { ColumnBars, HorizontalBars, type ChartRow } from "./bar-chart.tsx";
import { useWidth } from "./use-width.ts";

export interface ChartFigureProps {
  id: string;
  title: string;
  kind: "bars" | "columns";
  rows: ChartRow[];
  /** Headings of the table's two columns. */
  labelHeading: string;
  valueHeading: string;
  /** Fewer rows for the drawing than for the table (the top schools of many). */
  drawnRows?: ChartRow[];
  note?: string;
}

/**
 * A chart with its numbers. The drawing is hidden from screen readers; the table is always in
 * the page for them and for the printout, and folded away on screen until asked for.
 */
export function ChartFigure({ id, title, kind, rows, labelHeading, valueHeading, drawnRows, note }: ChartFigureProps): JSX.Element {
  const t = useT("console-reports");
  const [tableShown, setTableShown] = useState(false);
  const [plotRef, width] = useWidth<HTMLDivElement>(320);
  const drawn = drawnRows ?? rows;
  return (
    <section class="card chart" aria-labelledby={`${id}-title`}>
      <div class="chart-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button
          type="button"
          class="link-button no-print"
          aria-expanded={tableShown}
          aria-controls={`${id}-table`}
          onClick={() => setTableShown((shown) => !shown)}
        >
          {tableShown ? t("stats.charts.hide_table") : t("stats.charts.show_table")}
        </button>
      </div>
      <div class="chart-plot" ref={plotRef} aria-hidden="true">
        {kind === "columns" ? <ColumnBars rows={drawn} width={width} /> : <HorizontalBars rows={drawn} width={width} />}
      </div>
      {note && <p class="chart-note">{note}</p>}
      <div id={`${id}-table`} class={tableShown ? "table-wrap chart-table" : "table-wrap chart-table folded"}>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{labelHeading}</th>
              <th scope="col" class="number">
                {valueHeading}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td class="number">{row.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
