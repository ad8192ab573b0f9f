/**
 * Wall-clock time in the unit's zone, whatever zone the browser is in: a supervisor planning
 * Jayapura's roster from a laptop set to Jakarta time must type and read Jayapura's hours.
 * `datetime-local` inputs carry no zone, so the conversion to and from instants happens here.
 */

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function wallClock(instant: Date, timeZone: string): WallClock {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's clock is ahead of UTC at that instant, in ms. */
function offsetAt(instantMs: number, timeZone: string): number {
  const wholeSeconds = instantMs - (((instantMs % 1000) + 1000) % 1000);
  const w = wallClock(new Date(wholeSeconds), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - wholeSeconds;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2025-07-14": the calendar day of an instant in the zone. */
export function dayKey(instant: string | Date, timeZone: string): string {
  const w = wallClock(typeof instant === "string" ? new Date(instant) : instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The value of a `datetime-local` input showing the instant in the zone: "2025-07-14T07:00". */
export function toLocalInput(instant: string | Date, timeZone: string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  const w = wallClock(date, timeZone);
  return `${dayKey(date, timeZone)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** The instant a `datetime-local` value means in the zone; null for an empty or broken value. */
export function fromLocalInput(value: string, timeZone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number);
  const asUtc = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  // The offset is looked up twice: once near the answer, once at it, so a zone that changes
  // its offset between the two (daylight saving elsewhere) still lands on the typed hour.
  let instant = asUtc - offsetAt(asUtc, timeZone);
  const second = offsetAt(instant, timeZone);
  if (asUtc - second !== instant) instant = asUtc - second;
  return new Date(instant);
}

/** Midnight starting the instant's day in the zone, `days` calendar days later. */
export function startOfDay(instant: Date, timeZone: string, days = 0): Date {
  const [y = 0, m = 1, d = 1] = dayKey(instant, timeZone).split("-").map(Number);
  const shifted = new Date(Date.UTC(y, m - 1, d + days));
  const key = `${pad(shifted.getUTCFullYear(), 4)}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  return fromLocalInput(`${key}T00:00`, timeZone) ?? instant;
}

/** The name staff use for the zone: WIB, WITA, WIT (Indonesian names, understood in either language). */
export function zoneName(timeZone: string): string {
  const part = new Intl.DateTimeFormat("id-ID", { timeZone, timeZoneName: "short" })
    .formatToParts(new Date())
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}
