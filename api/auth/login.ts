import { verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { staff } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import { createStaffSession, type StaffPrincipal } from "./sessions.ts";

/**
 * Verified against when the email matches no account, so an unknown email costs the same argon2
 * work as a wrong password and response times do not reveal which addresses have accounts. It
 * hashes random bytes nobody kept, and has hashPassword's parameters (m=19456, t=2, p=1): keep
 * them in step if those change (tests/api/auth.test.ts checks).
 */
export const DUMMY_PASSWORD_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$tWbcMHkIP5KEFHtY41PhUw$zLLonc60MaxM8U1OJDbvbMyBS8Z22bQnNSg+0EXdOBw";

/** Wrong passwords in a row that lock an account. */
export const MAX_FAILED_LOGINS = 5;

/**
 * How long a lock lasts. Long enough to make guessing hopeless (five tries per quarter hour),
 * short enough that a peksos who mistyped on a shaking phone is back before the next alert.
 */
export const LOCKOUT_MS = 15 * 60 * 1000;

export type SignInOutcome =
  | { ok: true; principal: StaffPrincipal; session: { token: string; expiresAt: Date; csrfToken: string } }
  /** `staffId` is for the log only; the caller answers every failure alike. */
  | { ok: false; staffId: string | null; reason: "unknown" | "inactive" | "locked" | "wrong_password"; lockedNow: boolean };

/**
 * Checks an email and password and opens a session. Every refusal looks the same from outside:
 * an unknown email, a deactivated account, a locked one (even with the right password) and a
 * wrong password, so an attacker learns neither that an account exists nor that it is locked.
 */
export async function signIn(db: Db, input: { email: string; password: string; now: Date }): Promise<SignInOutcome> {
  const [row] = await db
    .select({
      id: staff.id,
      unitId: staff.unitId,
      role: staff.role,
      name: staff.name,
      email: staff.email,
      passwordHash: staff.passwordHash,
      active: staff.active,
      failedLogins: staff.failedLogins,
      lockedUntil: staff.lockedUntil,
    })
    .from(staff)
    .where(eq(staff.email, input.email))
    .limit(1);
  // Always verify, even for an unknown, inactive or locked account: see DUMMY_PASSWORD_HASH.
  const passwordMatches = await verify(row?.passwordHash ?? DUMMY_PASSWORD_HASH, input.password);
  if (!row) return { ok: false, staffId: null, reason: "unknown", lockedNow: false };
  if (!row.active) return { ok: false, staffId: row.id, reason: "inactive", lockedNow: false };
  if (isLocked(row.lockedUntil, input.now)) return { ok: false, staffId: row.id, reason: "locked", lockedNow: false };
  if (!passwordMatches) {
    const lockedNow = await countFailure(db, { staffId: row.id, unitId: row.unitId, now: input.now });
    return { ok: false, staffId: row.id, reason: "wrong_password", lockedNow };
  }

  const principal: StaffPrincipal = { id: row.id, unitId: row.unitId, role: row.role, name: row.name, email: row.email };
  const session = await db.transaction(async (tx) => {
    if (row.failedLogins > 0 || row.lockedUntil !== null) {
      await tx.update(staff).set({ failedLogins: 0, lockedUntil: null }).where(eq(staff.id, row.id));
    }
    return createStaffSession(tx, row.id, input.now);
  });
  return { ok: true, principal, session };
}

function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil > now;
}

/**
 * Counts one wrong password; the fifth in a row locks the account and starts the count again,
 * so after a lock ends the next five tries are counted afresh. Returns whether this one locked it.
 */
async function countFailure(db: Db, input: { staffId: string; unitId: string; now: Date }): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Row lock: parallel wrong guesses must each be counted, not overwrite one another.
    const [current] = await tx
      .select({ failedLogins: staff.failedLogins, lockedUntil: staff.lockedUntil })
      .from(staff)
      .where(eq(staff.id, input.staffId))
      .for("update")
      .limit(1);
    // Another guess locked it while this one was being verified: the lock already covers this one.
    if (!current || isLocked(current.lockedUntil, input.now)) return false;
    const failures = current.failedLogins + 1;
    if (failures < MAX_FAILED_LOGINS) {
      await tx.update(staff).set({ failedLogins: failures }).where(eq(staff.id, input.staffId));
      return false;
    }
    const lockedUntil = new Date(input.now.getTime() + LOCKOUT_MS);
    await tx.update(staff).set({ failedLogins: 0, lockedUntil }).where(eq(staff.id, input.staffId));
    // The system acts here: whoever typed the passwords is not known to be the account's owner.
    await recordAudit(tx, {
      unitId: input.unitId,
      actorStaffId: null,
      action: "session.locked",
      entityType: "staff",
      entityId: input.staffId,
      data: { failedLogins: failures, lockedUntil: lockedUntil.toISOString() },
      at: input.now,
    });
    return true;
  });
}
