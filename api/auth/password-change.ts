import { verify } from "@node-rs/argon2";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { staff } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import { hashPassword } from "../staff/passwords.ts";
import { deleteSessionsOf } from "./sessions.ts";

export interface PasswordChangeInput {
  staffId: string;
  unitId: string;
  /** The session the change is made from: it stays signed in, every other one ends. */
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  now: Date;
}

export type PasswordChangeOutcome =
  | { ok: true; sessionsEnded: number }
  | { ok: false; error: "wrong_current_password" | "password_unchanged" };

/**
 * A staff member sets a new password, proving the current one first: a console left open on a
 * shared computer must not let the next person take the account over. Other sessions end, so a
 * token on a lost phone or a colleague's browser stops working with the old password.
 */
export async function changeOwnPassword(db: Db, input: PasswordChangeInput): Promise<PasswordChangeOutcome> {
  const [row] = await db.select({ passwordHash: staff.passwordHash }).from(staff).where(eq(staff.id, input.staffId)).limit(1);
  if (!row) throw new Error("a signed-in staff member has no staff row");
  if (!(await verify(row.passwordHash, input.currentPassword))) return { ok: false, error: "wrong_current_password" };
  if (input.newPassword === input.currentPassword) return { ok: false, error: "password_unchanged" };

  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(staff).set({ passwordHash, updatedAt: input.now }).where(eq(staff.id, input.staffId));
    const sessionsEnded = await deleteSessionsOf(tx, input.staffId, input.sessionId);
    await recordAudit(tx, {
      unitId: input.unitId,
      actorStaffId: input.staffId,
      action: "staff.password_changed",
      entityType: "staff",
      entityId: input.staffId,
      data: { sessionsEnded },
      at: input.now,
    });
    return { ok: true, sessionsEnded } as const;
  });
}
