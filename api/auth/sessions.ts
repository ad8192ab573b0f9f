import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { staff, staffSessions, type STAFF_ROLES } from "../../db/schema/index.ts";

export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who a request acts for once its bearer token checks out; what routes need to scope and audit. */
export interface StaffPrincipal {
  id: string;
  unitId: string;
  role: StaffRole;
  name: string;
  email: string;
}

/**
 * One working shift plus handover: a peksos signs in once per shift, and a token copied from a
 * shared or lost phone stops working by the next shift instead of lingering for days.
 */
export const STAFF_SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** 256 bits: guessing a live token is hopeless, so the lookup needs no attempt counter. */
const TOKEN_BYTES = 32;

/** 32 bytes in unpadded base64url; anything else cannot be a token and costs no query. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * A plain sha256 suffices (no salt, no slow hash): the token is random and long, so there is no
 * dictionary to precompute, and a fast digest keeps it a unique-index lookup on every request.
 */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function createStaffSession(
  db: Db,
  staffId: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_LIFETIME_MS);
  await db.insert(staffSessions).values({ staffId, tokenHash: hashSessionToken(token), expiresAt });
  return { token, expiresAt };
}

/** The active staff member a live token belongs to; null for an unknown or expired token or a deactivated account. */
export async function findStaffByToken(db: Db, token: string, now: Date): Promise<StaffPrincipal | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await db
    .select({ id: staff.id, unitId: staff.unitId, role: staff.role, name: staff.name, email: staff.email })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(
      and(
        eq(staffSessions.tokenHash, hashSessionToken(token)),
        gt(staffSessions.expiresAt, now),
        eq(staff.active, true),
      ),
    )
    .limit(1);
  return row ?? null;
}
