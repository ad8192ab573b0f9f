import { and, asc, desc, eq, gt, isNotNull, lt, lte } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { SHIFT_TIERS } from "../../db/schema/enums.ts";
import { shifts, staff } from "../../db/schema/index.ts";
import { asAlertChannel } from "./chat-addresses.ts";
import type { StaffChannel } from "./staff-link-schemas.ts";

/*
 * Who is on call, read from the roster. Only shifts of active staff count: a deactivated
 * account cannot sign in or receive an alert, so its shifts are holes in the roster.
 * `db` may be a transaction (on PGlite, inside one it must be).
 */

export type ShiftTier = (typeof SHIFT_TIERS)[number];

export interface OnCallStaff {
  staffId: string;
  name: string;
  /** Where their alerts go; null when they linked no chat: an alert cannot reach them. */
  alertChannel: StaffChannel | null;
  /** When their shift ends. */
  until: Date;
}

/** The staff member holding `tier` at instant `at` (a shift covers [startsAt, endsAt)), or null. */
export async function onCallAt(db: Db, unitId: string, tier: ShiftTier, at: Date): Promise<OnCallStaff | null> {
  const [row] = await db
    .select({ staffId: staff.id, name: staff.name, alertChannel: staff.alertChannel, until: shifts.endsAt })
    .from(shifts)
    .innerJoin(staff, eq(staff.id, shifts.staffId))
    .where(
      and(
        eq(shifts.unitId, unitId),
        eq(shifts.tier, tier),
        lte(shifts.startsAt, at),
        gt(shifts.endsAt, at),
        eq(staff.active, true),
      ),
    )
    // The roster allows one shift per tier at a time; should two ever overlap, the latest-started wins, always the same one.
    .orderBy(desc(shifts.startsAt), asc(shifts.id))
    .limit(1);
  return row ? { ...row, alertChannel: asAlertChannel(row.alertChannel) } : null;
}

export interface Supervisor {
  staffId: string;
  name: string;
  alertChannel: StaffChannel | null;
}

/** The unit's active supervisors, by name; the ones alerts can reach have an alert channel. */
export async function supervisorsOf(db: Db, unitId: string): Promise<Supervisor[]> {
  const rows = await db
    .select({ staffId: staff.id, name: staff.name, alertChannel: staff.alertChannel })
    .from(staff)
    .where(and(eq(staff.unitId, unitId), eq(staff.role, "supervisor"), eq(staff.active, true)))
    .orderBy(asc(staff.name), asc(staff.id));
  return rows.map((row) => ({ ...row, alertChannel: asAlertChannel(row.alertChannel) }));
}

/** A staff member an alert can reach, and the channel it goes out on. */
export interface AlertRecipient {
  staffId: string;
  channel: StaffChannel;
}

/** The supervisors an alert can reach (active, with an alert channel), by id. */
export async function reachableSupervisors(db: Db, unitId: string): Promise<AlertRecipient[]> {
  const rows = await db
    .select({ staffId: staff.id, alertChannel: staff.alertChannel })
    .from(staff)
    .where(and(eq(staff.unitId, unitId), eq(staff.role, "supervisor"), eq(staff.active, true), isNotNull(staff.alertChannel)))
    .orderBy(asc(staff.id));
  return rows.flatMap((row) => {
    const channel = asAlertChannel(row.alertChannel);
    return channel === null ? [] : [{ staffId: row.staffId, channel }];
  });
}

/** The next instant after `at` when a shift of active staff starts or ends; null when the roster is empty from then on. */
export async function nextRosterChange(db: Db, unitId: string, at: Date): Promise<Date | null> {
  const activeShifts = and(eq(shifts.unitId, unitId), eq(staff.active, true));
  const [nextStart] = await db
    .select({ at: shifts.startsAt })
    .from(shifts)
    .innerJoin(staff, eq(staff.id, shifts.staffId))
    .where(and(activeShifts, gt(shifts.startsAt, at)))
    .orderBy(asc(shifts.startsAt))
    .limit(1);
  const [nextEnd] = await db
    .select({ at: shifts.endsAt })
    .from(shifts)
    .innerJoin(staff, eq(staff.id, shifts.staffId))
    .where(and(activeShifts, gt(shifts.endsAt, at)))
    .orderBy(asc(shifts.endsAt))
    .limit(1);
  const candidates = [nextStart?.at, nextEnd?.at].filter((d): d is Date => d !== undefined);
  return candidates.length === 0 ? null : new Date(Math.min(...candidates.map((d) => d.getTime())));
}

export type RosterGap =
  | { kind: "no_primary"; from: Date; to: Date }
  | { kind: "primary_unlinked"; from: Date; to: Date; staffId: string; name: string };

/**
 * The holes in [from, to): periods with no primary on call (nobody would be alerted but the
 * supervisors), and periods whose primary has no linked chat (the alert could not reach them).
 */
export async function rosterGaps(db: Db, unitId: string, from: Date, to: Date): Promise<RosterGap[]> {
  const primaries = await db
    .select({
      staffId: staff.id,
      name: staff.name,
      alertChannel: staff.alertChannel,
      startsAt: shifts.startsAt,
      endsAt: shifts.endsAt,
    })
    .from(shifts)
    .innerJoin(staff, eq(staff.id, shifts.staffId))
    .where(
      and(eq(shifts.unitId, unitId), eq(shifts.tier, "primary"), eq(staff.active, true), lt(shifts.startsAt, to), gt(shifts.endsAt, from)),
    )
    .orderBy(asc(shifts.startsAt), asc(shifts.id));

  const gaps: RosterGap[] = [];
  let covered = from;
  for (const shift of primaries) {
    const start = shift.startsAt > from ? shift.startsAt : from;
    const end = shift.endsAt < to ? shift.endsAt : to;
    if (start > covered) gaps.push({ kind: "no_primary", from: covered, to: start });
    // Shifts of one tier do not overlap, but guard anyway: only the part not yet walked counts.
    const fresh = start > covered ? start : covered;
    if (shift.alertChannel === null && end > fresh) {
      gaps.push({ kind: "primary_unlinked", from: fresh, to: end, staffId: shift.staffId, name: shift.name });
    }
    if (end > covered) covered = end;
  }
  if (covered < to) gaps.push({ kind: "no_primary", from: covered, to });
  return gaps;
}
