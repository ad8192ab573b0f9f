import type { Language } from "./i18n.ts";

const LOCALE_TAGS: Record<Language, string> = { id: "id-ID", en: "en-GB" };

/** The signed-in unit's zone (set at sign-in): a peksos travelling with a phone in another zone still reads unit time. */
let displayTimeZone: string | undefined;

export function setDisplayTimeZone(timeZone: string | undefined): void {
  displayTimeZone = timeZone;
}

/** Staff read times in their unit's zone (a Metro peksos and a Jayapura one differ by two hours). */
export function formatDateTime(iso: string | Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[language], {
    dateStyle: "medium",
    timeStyle: "short",
    ...zoneOption(timeZone),
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}

export function formatTime(iso: string | Date, language: Language, timeZone?: string): string {
  return new Intl.DateTimeFormat(LOCALE_TAGS[language], { timeStyle: "short", ...zoneOption(timeZone) }).format(
    typeof iso === "string" ? new Date(iso) : iso,
  );
}

export function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(LOCALE_TAGS[language]).format(value);
}

/** "12 mnt", "3 jam", "2 hari": for SLA countdowns and ages, where a glance matters more than precision. */
export function formatDuration(ms: number, language: Language): string {
  const abs = Math.abs(ms);
  const minutes = Math.round(abs / 60_000);
  const format = (value: number, unit: "minute" | "hour" | "day") =>
    new Intl.NumberFormat(LOCALE_TAGS[language], { style: "unit", unit, unitDisplay: "short" }).format(value);
  if (minutes < 60) return format(Math.max(minutes, abs > 0 && minutes === 0 ? 1 : minutes), "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 48) return format(hours, "hour");
  return format(Math.round(hours / 24), "day");
}

export function localeTag(language: Language): string {
  return LOCALE_TAGS[language];
}

function zoneOption(timeZone: string | undefined): { timeZone?: string } {
  const zone = timeZone ?? displayTimeZone;
  return zone ? { timeZone: zone } : {};
}
