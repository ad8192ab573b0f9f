/**
 * The statistics page's period, kept in the address bar (`/stats?period=last_month`) so a
 * supervisor can bookmark "last month" and reopen the same report. Preset ranges are whole months
 * counted in the browser's calendar, which is the unit's for staff working in it; "this month"
 * sends no dates at all, so the API picks the month in the unit's own time zone.
 */

export const PERIOD_PRESETS = ["this_month", "last_month", "last_3_months", "last_12_months", "custom"] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

export interface PeriodChoice {
  preset: PeriodPreset;
  /** YYYY-MM-DD, both ends included; only for "custom". */
  since: string;
  until: string;
}

/** What GET /v1/stats and /v1/stats.csv get: dates, or nothing for the API's default month. */
export type PeriodQuery = {
  since?: string;
  until?: string;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function readPeriodChoice(search: URLSearchParams): PeriodChoice {
  const asked = search.get("period");
  const preset = PERIOD_PRESETS.find((p) => p === asked) ?? "this_month";
  const date = (name: string) => {
    const value = search.get(name) ?? "";
    return DATE.test(value) ? value : "";
  };
  return { preset, since: date("since"), until: date("until") };
}

export function periodHref(choice: PeriodChoice): string {
  const params = new URLSearchParams();
  if (choice.preset !== "this_month") params.set("period", choice.preset);
  if (choice.preset === "custom") {
    if (choice.since) params.set("since", choice.since);
    if (choice.until) params.set("until", choice.until);
  }
  const qs = params.toString();
  return qs ? `/stats?${qs}` : "/stats";
}

function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** From the first day of the month `monthsBack` months ago to the last day of the month `endBack` months ago. */
function wholeMonths(today: Date, monthsBack: number, endBack: number): PeriodQuery {
  const first = new Date(today.getFullYear(), today.getMonth() - monthsBack, 1);
  // Day 0 of the next month is the last day of this one.
  const last = new Date(today.getFullYear(), today.getMonth() - endBack + 1, 0);
  return { since: localDate(first), until: localDate(last) };
}

export function periodQuery(choice: PeriodChoice, today: Date): PeriodQuery {
  switch (choice.preset) {
    case "this_month":
      return {};
    case "last_month":
      return wholeMonths(today, 1, 1);
    case "last_3_months":
      return wholeMonths(today, 2, 0);
    case "last_12_months":
      return wholeMonths(today, 11, 0);
    case "custom":
      return {
        ...(choice.since && { since: choice.since }),
        ...(choice.until && { until: choice.until }),
      };
  }
}
