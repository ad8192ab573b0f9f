import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { units } from "../../db/schema/index.ts";
import type { Locale } from "../config.ts";

/** The unit's time zone: a peksos reads "09.04" as their own clock, not UTC. */
export async function unitTimeZone(db: Db, unitId: string): Promise<string> {
  const [unit] = await db.select({ timezone: units.timezone }).from(units).where(eq(units.id, unitId)).limit(1);
  return unit?.timezone ?? "Asia/Jakarta";
}

const INTL_LOCALE: Record<Locale, string> = { id: "id-ID", en: "en-GB" };

/** A date and time for a message to staff, e.g. "14 Jul 2025, 09.04" in the unit's zone. */
export function formatLocalTime(at: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "medium", timeStyle: "short", timeZone }).format(at);
}
