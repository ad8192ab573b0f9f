import type { JSX } from "preact";

/** One bar: `label` names it in full (table, tooltip), `axis` under a column, `display` is the value as read. */
export interface ChartRow {
  key: string;
  label: string;
  axis?: string;
  value: number | null;
  display: string;
  /** An extra class for the bar, e.g. a priority's colour; the label always says what the bar is. */
  tone?: string;
}

const ROW_HEIGHT = 46;
const LABEL_BASELINE = 16;
const BAR_TOP = 22;
const BAR_HEIGHT = 18;
/** Roughly the width of a character at the chart's 14 px text: enough to cut long school names. */
const CHAR_WIDTH = 7.4;

function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/**
 * Bars lying down, the label above each: the layout that fits long category and school names on a
 * phone. Drawn at the real width; the numbers are written next to the bars and in the table too.
 */
export function HorizontalBars({ rows, width }: { rows: ChartRow[]; width: number }): JSX.Element {
  const longestValue = Math.max(...rows.map((row) => row.display.length), 1);
  const valueSpace = Math.min(160, Math.max(48, longestValue * CHAR_WIDTH + 12));
  const track = Math.max(40, width - valueSpace);
  const max = Math.max(1, ...rows.map((row) => row.value ?? 0));
  const height = rows.length * ROW_HEIGHT;
  const maxChars = Math.floor(width / CHAR_WIDTH);
  return (
    <svg class="chart-svg" viewBox={`0 0 ${width} ${height}`} width={width} height={height} focusable="false">
      {rows.map((row, index) => {
        const length = row.value ? Math.max(2, (row.value / max) * track) : 0;
        return (
          <g key={row.key} transform={`translate(0 ${index * ROW_HEIGHT})`}>
            <title>{`${row.label}: ${row.display}`}</title>
            <text class="chart-label" x={0} y={LABEL_BASELINE}>
              {clip(row.label, maxChars)}
            </text>
            <rect class="chart-track" x={0} y={BAR_TOP} width={track} height={BAR_HEIGHT} rx={3} />
            {length > 0 && <rect class={`chart-bar ${row.tone ?? ""}`} x={0} y={BAR_TOP} width={length} height={BAR_HEIGHT} rx={3} />}
            <text class="chart-value" x={length + 6} y={BAR_TOP + BAR_HEIGHT - 4}>
              {row.display}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

const COLUMN_HEIGHT = 220;
const PLOT_TOP = 20;
const PLOT_BOTTOM = 28;
const AXIS_LEFT = 34;

/** 1, 2, 5, 10, 20, 50…: the smallest such step giving at most four gridlines above zero. */
function gridStep(max: number): number {
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const step of [1, 2, 5]) if (step * magnitude * 4 >= max) return step * magnitude;
  }
}

/**
 * Standing bars over time (days, weeks or months), with gridlines. Under the bars only every so
 * many labels fit on a phone; the table names every bucket.
 */
export function ColumnBars({ rows, width }: { rows: ChartRow[]; width: number }): JSX.Element {
  const plotWidth = Math.max(40, width - AXIS_LEFT - 4);
  const plotHeight = COLUMN_HEIGHT - PLOT_TOP - PLOT_BOTTOM;
  const step = gridStep(Math.max(1, ...rows.map((row) => row.value ?? 0)));
  const top = step * Math.max(1, Math.ceil(Math.max(...rows.map((row) => row.value ?? 0), 1) / step));
  const band = plotWidth / Math.max(1, rows.length);
  const barWidth = Math.max(2, Math.min(48, band * 0.72));
  const longestAxis = Math.max(...rows.map((row) => (row.axis ?? row.label).length), 1);
  const labelEvery = Math.max(1, Math.ceil((longestAxis * CHAR_WIDTH + 8) / band));
  const showValues = band >= 22;
  const y = (value: number) => PLOT_TOP + plotHeight - (value / top) * plotHeight;
  const gridlines = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  return (
    <svg class="chart-svg" viewBox={`0 0 ${width} ${COLUMN_HEIGHT}`} width={width} height={COLUMN_HEIGHT} focusable="false">
      {gridlines.map((value) => (
        <g key={value}>
          <line class={value === 0 ? "chart-axis" : "chart-grid"} x1={AXIS_LEFT} x2={width} y1={y(value)} y2={y(value)} />
          <text class="chart-tick" x={AXIS_LEFT - 6} y={y(value) + 4} text-anchor="end">
            {value}
          </text>
        </g>
      ))}
      {rows.map((row, index) => {
        const centre = AXIS_LEFT + band * index + band / 2;
        const value = row.value ?? 0;
        return (
          <g key={row.key}>
            <title>{`${row.label}: ${row.display}`}</title>
            {value > 0 && (
              <rect class={`chart-bar ${row.tone ?? ""}`} x={centre - barWidth / 2} y={y(value)} width={barWidth} height={y(0) - y(value)} rx={2} />
            )}
            {showValues && value > 0 && (
              <text class="chart-value" x={centre} y={y(value) - 5} text-anchor="middle">
                {row.display}
              </text>
            )}
            {index % labelEvery === 0 && (
              <text class="chart-tick" x={centre} y={COLUMN_HEIGHT - 8} text-anchor="middle">
                {row.axis ?? row.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
