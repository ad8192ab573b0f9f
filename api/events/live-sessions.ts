import { and, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { staff, staffSessions } from "../../db/schema/index.ts";

/**
 * Which of these sessions are still live (not logged out, not expired, account active): one query
 * for every open stream of a process, so a stream outlives its session by one check at most.
 */
export async function liveSessionIds(db: Db, sessionIds: readonly string[], now: Date): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .select({ id: staffSessions.id })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(and(inArray(staffSessions.id, [...sessionIds]), gt(staffSessions.expiresAt, now), eq(staff.active, true)));
  return new Set(rows.map((row) => row.id));
}
