import { localeTag } from "../../lib/format.ts";
import type { Language } from "../../lib/i18n.ts";

/** A due date is a day, not a minute: "21 Jul 2025". */
export function formatDay(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(localeTag(language), { dateStyle: "medium" }).format(new Date(iso));
}

/** `yyyy-mm-dd` of a local day, as a date input takes it. */
export function dateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The end of a date input's day in the browser's zone: "by the 21st" still holds on the evening of the 21st. */
export function endOfDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 0);
}

export function daysFromToday(days: number): Date {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
}
