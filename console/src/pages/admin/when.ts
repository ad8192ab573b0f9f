import type { Language } from "../../lib/i18n.ts";
import { localeTag } from "../../lib/format.ts";
import { dayKey } from "./zoned-time.ts";

/** "19.00" on the reference day, "Sel, 15 Jul 07.00" on another: short enough for a phone row. */
export function formatWhen(instant: string | Date, language: Language, timeZone: string, reference: Date): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  const sameDay = dayKey(date, timeZone) === dayKey(reference, timeZone);
  return new Intl.DateTimeFormat(localeTag(language), {
    timeZone,
    ...(sameDay ? {} : { weekday: "short", day: "numeric", month: "short" }),
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

/** "Senin, 14 Juli": a day heading of the roster. */
export function formatDay(instant: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(localeTag(language), { timeZone, weekday: "long", day: "numeric", month: "long" }).format(instant);
}
