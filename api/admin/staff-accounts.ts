import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { Channel } from "../../db/schema/enums.ts";
import { staff, units } from "../../db/schema/index.ts";
import { recordAudit } from "../audit/audit.ts";
import { asAlertChannel } from "../oncall/chat-addresses.ts";
import { deleteSessionsOf } from "../auth/sessions.ts";
import { generatePassword, hashPassword } from "../staff/passwords.ts";
import type { StaffAccount, StaffCreateBody, StaffPatchBody, StaffPeer } from "./schemas.ts";
import { manageable, mayActInUnit, mayGrantRole, type Actor } from "./staff-policy.ts";
import { isUniqueViolation } from "./unique-violation.ts";

/*
 * Staff accounts as admins and supervisors manage them. The password hash, the lockout counters,
 * the linked chats' addresses and the link code never leave this module: the columns below are
 * all that is read, and the chats are shown only as where alerts go.
 */

const ACCOUNT_COLUMNS = {
  id: staff.id,
  unitId: staff.unitId,
  name: staff.name,
  email: staff.email,
  role: staff.role,
  phone: staff.phone,
  active: staff.active,
  telegramChatId: staff.telegramChatId,
  whatsappAddress: staff.whatsappAddress,
  alertChannel: staff.alertChannel,
  createdAt: staff.createdAt,
  updatedAt: staff.updatedAt,
};

interface AccountRow {
  id: string;
  unitId: string;
  name: string;
  email: string;
  role: StaffAccount["role"];
  phone: string | null;
  active: boolean;
  telegramChatId: string | null;
  whatsappAddress: string | null;
  alertChannel: Channel | null;
  createdAt: Date;
  updatedAt: Date;
}

function accountView(row: AccountRow): StaffAccount {
  return {
    id: row.id,
    unitId: row.unitId,
    name: row.name,
    email: row.email,
    role: row.role,
    phone: row.phone,
    active: row.active,
    alertChannel: asAlertChannel(row.alertChannel),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type Failure<E extends string> = { ok: false; error: E };

async function unitExists(db: Pick<Db, "select">, unitId: string): Promise<boolean> {
  const rows = await db.select({ id: units.id }).from(units).where(eq(units.id, unitId)).limit(1);
  return rows.length > 0;
}

/**
 * A unit's staff, by name. Admins and supervisors get whole accounts, inactive ones included;
 * a peksos gets the id, name and role of active colleagues, to hand a case to one of them.
 */
export async function listStaff(
  db: Db,
  input: { actor: Actor; unitId: string | undefined },
): Promise<{ ok: true; items: StaffAccount[] | StaffPeer[] } | Failure<"unit_not_found">> {
  const unitId = input.unitId ?? input.actor.unitId;
  if (!mayActInUnit(input.actor, unitId) || !(await unitExists(db, unitId))) return { ok: false, error: "unit_not_found" };
  if (input.actor.role === "peksos") {
    const peers = await db
      .select({ id: staff.id, name: staff.name, role: staff.role })
      .from(staff)
      .where(and(eq(staff.unitId, unitId), eq(staff.active, true)))
      .orderBy(asc(staff.name), asc(staff.id));
    return { ok: true, items: peers };
  }
  const rows = await db.select(ACCOUNT_COLUMNS).from(staff).where(eq(staff.unitId, unitId)).orderBy(asc(staff.name), asc(staff.id));
  return { ok: true, items: rows.map(accountView) };
}

export type CreateStaffOutcome =
  | { ok: true; staff: StaffAccount; oneTimePassword: string | undefined }
  | Failure<"unit_not_found" | "role_not_allowed" | "email_taken">;

/** A new account; without a chosen password, a generated one is returned to be shown once. */
export async function createStaffAccount(db: Db, input: { actor: Actor; body: StaffCreateBody; now: Date }): Promise<CreateStaffOutcome> {
  const { actor, body, now } = input;
  const unitId = body.unitId ?? actor.unitId;
  if (!mayActInUnit(actor, unitId) || !(await unitExists(db, unitId))) return { ok: false, error: "unit_not_found" };
  if (!mayGrantRole(actor, body.role)) return { ok: false, error: "role_not_allowed" };

  const password = body.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const account = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(staff)
        .values({
          unitId,
          email: body.email,
          name: body.name,
          role: body.role,
          phone: body.phone ?? null,
          passwordHash,
          createdAt: now,
          updatedAt: now,
        })
        .returning(ACCOUNT_COLUMNS);
      if (!row) throw new Error("staff insert returned no row");
      await recordAudit(tx, {
        unitId,
        actorStaffId: actor.id,
        action: "staff.created",
        entityType: "staff",
        entityId: row.id,
        data: { role: row.role, passwordGenerated: body.password === undefined },
        at: now,
      });
      return accountView(row);
    });
    return { ok: true, staff: account, oneTimePassword: body.password === undefined ? password : undefined };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, error: "email_taken" };
    throw error;
  }
}

export type UpdateStaffOutcome =
  | { ok: true; staff: StaffAccount; sessionsEnded: number }
  | Failure<"staff_not_found" | "role_not_allowed" | "own_account">;

/**
 * Changes an account's name, role, phone or active flag. Deactivating ends the person's sessions
 * at once and unlinks their Telegram and WhatsApp chats, so alerts stop too. Nobody can deactivate or demote
 * themselves: that is how a unit would lose its last admin.
 */
export async function updateStaffAccount(
  db: Db,
  input: { actor: Actor; staffId: string; changes: StaffPatchBody; now: Date },
): Promise<UpdateStaffOutcome> {
  const { actor, changes, now } = input;
  return db.transaction(async (tx) => {
    const [target] = await tx.select(ACCOUNT_COLUMNS).from(staff).where(eq(staff.id, input.staffId)).for("update").limit(1);
    if (!target) return { ok: false, error: "staff_not_found" } as const;
    const access = manageable(actor, target);
    if (access === "not_found") return { ok: false, error: "staff_not_found" } as const;
    if (access === "forbidden") return { ok: false, error: "role_not_allowed" } as const;

    // Only what really differs counts: a console that sends the whole form changes nothing else.
    const changed: StaffPatchBody = {};
    if (changes.name !== undefined && changes.name !== target.name) changed.name = changes.name;
    if (changes.role !== undefined && changes.role !== target.role) changed.role = changes.role;
    if (changes.phone !== undefined && changes.phone !== target.phone) changed.phone = changes.phone;
    if (changes.active !== undefined && changes.active !== target.active) changed.active = changes.active;

    // Supervisors manage peksos but never make anyone a supervisor or admin, nor the reverse.
    if (changed.role !== undefined && actor.role !== "admin") return { ok: false, error: "role_not_allowed" } as const;
    if (target.id === actor.id && (changed.role !== undefined || changed.active === false)) {
      return { ok: false, error: "own_account" } as const;
    }
    const fields = Object.keys(changed).sort();
    if (fields.length === 0) return { ok: true, staff: accountView(target), sessionsEnded: 0 } as const;

    const deactivated = changed.active === false;
    const [row] = await tx
      .update(staff)
      .set({
        ...changed,
        // alertChannel with the chats: the check constraint wants it null once no chat is linked.
        ...(deactivated && { telegramChatId: null, whatsappAddress: null, alertChannel: null, linkCodeHash: null, linkCodeExpiresAt: null }),
        updatedAt: now,
      })
      .where(eq(staff.id, target.id))
      .returning(ACCOUNT_COLUMNS);
    if (!row) throw new Error("staff row vanished inside its update transaction");
    const sessionsEnded = deactivated ? await deleteSessionsOf(tx, target.id) : 0;
    await recordAudit(tx, {
      unitId: target.unitId,
      actorStaffId: actor.id,
      action: "staff.updated",
      entityType: "staff",
      entityId: target.id,
      data: {
        fields,
        ...(changed.role !== undefined && { role: { from: target.role, to: changed.role } }),
        ...(changed.active !== undefined && { active: changed.active }),
        ...(deactivated && {
          sessionsEnded,
          telegramUnlinked: target.telegramChatId !== null,
          whatsappUnlinked: target.whatsappAddress !== null,
        }),
      },
      at: now,
    });
    return { ok: true, staff: accountView(row), sessionsEnded } as const;
  });
}

export type ResetPasswordOutcome =
  | { ok: true; oneTimePassword: string; sessionsEnded: number }
  | Failure<"staff_not_found" | "role_not_allowed" | "own_account">;

/**
 * Gives an account a new generated password, shown once, for a person who forgot theirs or was
 * locked out: the lock is lifted and every session ends, in case the old password leaked.
 * One's own password is changed with POST /v1/auth/password, which asks for the current one.
 */
export async function resetStaffPassword(db: Db, input: { actor: Actor; staffId: string; now: Date }): Promise<ResetPasswordOutcome> {
  const { actor, now } = input;
  const oneTimePassword = generatePassword();
  // Hashed before the transaction: argon2's 50 ms would otherwise hold PGlite's only transaction.
  const passwordHash = await hashPassword(oneTimePassword);
  return db.transaction(async (tx) => {
    const [target] = await tx
      .select({ id: staff.id, unitId: staff.unitId, role: staff.role })
      .from(staff)
      .where(eq(staff.id, input.staffId))
      .for("update")
      .limit(1);
    if (!target) return { ok: false, error: "staff_not_found" } as const;
    const access = manageable(actor, target);
    if (access === "not_found") return { ok: false, error: "staff_not_found" } as const;
    if (access === "forbidden") return { ok: false, error: "role_not_allowed" } as const;
    if (target.id === actor.id) return { ok: false, error: "own_account" } as const;

    await tx
      .update(staff)
      .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: now })
      .where(eq(staff.id, target.id));
    const sessionsEnded = await deleteSessionsOf(tx, target.id);
    await recordAudit(tx, {
      unitId: target.unitId,
      actorStaffId: actor.id,
      action: "staff.password_reset",
      entityType: "staff",
      entityId: target.id,
      data: { sessionsEnded },
      at: now,
    });
    return { ok: true, oneTimePassword, sessionsEnded } as const;
  });
}
