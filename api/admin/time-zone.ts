/*
 * A unit's time zone decides what "today" and "this month" mean in its reports and rosters, so a
 * name the runtime does not know must be refused when it is set, not fail later in a job.
 */

/** Area/Location names and UTC. A bare offset like "+07:00" is refused: a unit is a place, and a place's zone is what its reports and rosters follow. */
const NAME_PATTERN = /^(?:UTC|[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+)$/;

export function isTimeZone(name: string): boolean {
  if (!NAME_PATTERN.test(name)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The runtime's spelling of a known zone ("asia/jakarta" → "Asia/Jakarta"); anything else unchanged. */
export function canonicalTimeZone(name: string): string {
  return isTimeZone(name) ? new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone : name;
}
