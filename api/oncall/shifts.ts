import { and, asc, eq, gt, lt, ne, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { shifts, staff, units } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import type { Tx } from "../intake/tx.ts";
import { asAlertChannel } from "./chat-addresses.ts";
import type { ShiftTier } from "./roster.ts";
import type { StaffChannel } from "./staff-link-schemas.ts";

/*
 * The on-call roster's shifts: one primary and one backup at any instant per unit, and nobody
 * holding two shifts at once (a peksos cannot be their own backup). Every change is one
 * transaction with its audit line. Writes lock the unit's row, so two supervisors filling the
 * same hole at once cannot both pass the overlap check.
 */

/** Longer shifts are a roster typo (a month instead of a day), not a plan. */
export const MAX_SHIFT_MS = 7 * 24 * 60 * 60_000;

export interface Shift {
  id: string;
  staffId: string;
  staffName: string;
  /** False once the account is deactivated: the shift no longer counts, and should be reassigned. */
  staffActive: boolean;
  /** Where the person's alerts go; null when they linked no chat. */
  alertChannel: StaffChannel | null;
  tier: ShiftTier;
  startsAt: Date;
  endsAt: Date;
}

const shiftColumns = {
  id: shifts.id,
  staffId: shifts.staffId,
  staffName: staff.name,
  staffActive: staff.active,
  alertChannel: staff.alertChannel,
  tier: shifts.tier,
  startsAt: shifts.startsAt,
  endsAt: shifts.endsAt,
};

async function selectShifts(db: Db, where: SQL | undefined): Promise<Shift[]> {
  const rows = await db
    .select(shiftColumns)
    .from(shifts)
    .innerJoin(staff, eq(staff.id, shifts.staffId))
    .where(where)
    .orderBy(asc(shifts.startsAt), asc(shifts.tier), asc(shifts.id));
  return rows.map((row) => ({ ...row, alertChannel: asAlertChannel(row.alertChannel) }));
}

/** The unit's shifts that overlap [from, to), earliest first. */
export function listShifts(db: Db, unitId: string, from: Date, to: Date): Promise<Shift[]> {
  return selectShifts(db, and(eq(shifts.unitId, unitId), lt(shifts.startsAt, to), gt(shifts.endsAt, from)));
}

export interface ShiftFields {
  staffId: string;
  tier: ShiftTier;
  startsAt: Date;
  endsAt: Date;
}

export type ShiftFailure =
  | { ok: false; error: "shift_not_found" }
  | { ok: false; error: "staff_not_found" }
  | { ok: false; error: "staff_not_eligible" }
  | { ok: false; error: "period_invalid" }
  | { ok: false; error: "shift_too_long" }
  | { ok: false; error: "overlap"; conflict: Shift };

export type ShiftOutcome = { ok: true; shift: Shift } | ShiftFailure;

interface Actor {
  unitId: string;
  actorStaffId: string;
  now: Date;
}

export async function createShift(db: Db, actor: Actor, fields: ShiftFields): Promise<ShiftOutcome> {
  return db.transaction(async (tx) => {
    await lockUnit(tx, actor.unitId);
    const problem = await checkShift(tx, actor.unitId, fields, null);
    if (problem) return problem;
    const [row] = await tx
      .insert(shifts)
      .values({ unitId: actor.unitId, ...fields, createdAt: actor.now })
      .returning({ id: shifts.id });
    if (!row) throw new Error("insert into shifts returned no row");
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.actorStaffId,
      action: "shift.created",
      entityType: "shift",
      entityId: row.id,
      data: auditFields(fields),
      at: actor.now,
    });
    return { ok: true, shift: await readShift(tx, row.id) };
  });
}

/** Changes some fields of a shift; the result is checked as a whole, like a new one. */
export async function updateShift(db: Db, actor: Actor, shiftId: string, changes: Partial<ShiftFields>): Promise<ShiftOutcome> {
  return db.transaction(async (tx) => {
    await lockUnit(tx, actor.unitId);
    const before = await findShift(tx, actor.unitId, shiftId);
    if (!before) return { ok: false, error: "shift_not_found" } as const;
    const after: ShiftFields = {
      staffId: changes.staffId ?? before.staffId,
      tier: changes.tier ?? before.tier,
      startsAt: changes.startsAt ?? before.startsAt,
      endsAt: changes.endsAt ?? before.endsAt,
    };
    const problem = await checkShift(tx, actor.unitId, after, shiftId);
    if (problem) return problem;
    await tx.update(shifts).set(after).where(eq(shifts.id, shiftId));
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.actorStaffId,
      action: "shift.updated",
      entityType: "shift",
      entityId: shiftId,
      data: { from: auditFields(before), to: auditFields(after) },
      at: actor.now,
    });
    return { ok: true, shift: await readShift(tx, shiftId) };
  });
}

export async function deleteShift(
  db: Db,
  actor: Actor,
  shiftId: string,
): Promise<{ ok: true } | { ok: false; error: "shift_not_found" }> {
  return db.transaction(async (tx) => {
    await lockUnit(tx, actor.unitId);
    const before = await findShift(tx, actor.unitId, shiftId);
    if (!before) return { ok: false, error: "shift_not_found" } as const;
    await tx.delete(shifts).where(eq(shifts.id, shiftId));
    await recordAudit(tx, {
      unitId: actor.unitId,
      actorStaffId: actor.actorStaffId,
      action: "shift.deleted",
      entityType: "shift",
      entityId: shiftId,
      data: auditFields(before),
      at: actor.now,
    });
    return { ok: true } as const;
  });
}

async function lockUnit(tx: Tx, unitId: string): Promise<void> {
  await tx.select({ id: units.id }).from(units).where(eq(units.id, unitId)).for("update");
}

async function findShift(tx: Tx, unitId: string, shiftId: string): Promise<ShiftFields | undefined> {
  const [row] = await tx
    .select({ staffId: shifts.staffId, tier: shifts.tier, startsAt: shifts.startsAt, endsAt: shifts.endsAt })
    .from(shifts)
    .where(and(eq(shifts.id, shiftId), eq(shifts.unitId, unitId)));
  return row;
}

async function readShift(tx: Tx, shiftId: string): Promise<Shift> {
  const [shift] = await selectShifts(tx, eq(shifts.id, shiftId));
  if (!shift) throw new Error("shift vanished inside its own transaction");
  return shift;
}

/** Why these fields cannot be a shift of the unit (ignoring shift `self`), or null when they can. */
async function checkShift(tx: Tx, unitId: string, fields: ShiftFields, self: string | null): Promise<ShiftFailure | null> {
  if (fields.endsAt <= fields.startsAt) return { ok: false, error: "period_invalid" };
  if (fields.endsAt.getTime() - fields.startsAt.getTime() > MAX_SHIFT_MS) return { ok: false, error: "shift_too_long" };

  // Another unit's staff answers like an unknown id: ids reveal nothing across units.
  const [member] = await tx
    .select({ role: staff.role, active: staff.active })
    .from(staff)
    .where(and(eq(staff.id, fields.staffId), eq(staff.unitId, unitId)));
  if (!member) return { ok: false, error: "staff_not_found" };
  if (!member.active || member.role === "admin") return { ok: false, error: "staff_not_eligible" };

  // Every shift counts here, a deactivated colleague's too: reactivating them must not make two primaries.
  const [conflict] = await selectShifts(
    tx,
    and(
      eq(shifts.unitId, unitId),
      self === null ? undefined : ne(shifts.id, self),
      lt(shifts.startsAt, fields.endsAt),
      gt(shifts.endsAt, fields.startsAt),
      or(eq(shifts.tier, fields.tier), eq(shifts.staffId, fields.staffId)),
    ),
  );
  return conflict ? { ok: false, error: "overlap", conflict } : null;
}

/** Ids, tier and times: what a roster audit needs, nothing personal. */
function auditFields(fields: ShiftFields) {
  return {
    staffId: fields.staffId,
    tier: fields.tier,
    startsAt: fields.startsAt.toISOString(),
    endsAt: fields.endsAt.toISOString(),
  };
}
