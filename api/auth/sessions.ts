import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, ne } from "drizzle-orm";
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

/** A live session and whom it belongs to: the session's own id lets logout and password change single it out. */
export interface StaffSessionMatch {
  principal: StaffPrincipal;
  sessionId: string;
  /** The stored sha256 of the token, from which the session's CSRF token is derived. */
  tokenHash: string;
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

/**
 * The CSRF token of a cookie session, derived from the stored token hash so nothing new is
 * stored and GET /v1/auth/me can hand it out again after a page reload. Another site can neither
 * read the cookie nor the database, so it cannot compute this value.
 */
export function csrfTokenFor(tokenHash: string): string {
  return createHash("sha256").update(`csrf:${tokenHash}`).digest("base64url");
}

/** Constant-time comparison of a presented CSRF token with the session's. */
export function csrfTokenMatches(tokenHash: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(tokenHash));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function createStaffSession(
  db: Pick<Db, "insert">,
  staffId: string,
  now: Date,
): Promise<{ token: string; expiresAt: Date; csrfToken: string }> {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const tokenHash = hashSessionToken(token);
  const expiresAt = new Date(now.getTime() + STAFF_SESSION_LIFETIME_MS);
  await db.insert(staffSessions).values({ staffId, tokenHash, expiresAt, createdAt: now });
  return { token, expiresAt, csrfToken: csrfTokenFor(tokenHash) };
}

/** The live session a token opens; null for an unknown or expired token or a deactivated account. */
export async function findStaffSession(db: Db, token: string, now: Date): Promise<StaffSessionMatch | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await db
    .select({
      sessionId: staffSessions.id,
      tokenHash: staffSessions.tokenHash,
      id: staff.id,
      unitId: staff.unitId,
      role: staff.role,
      name: staff.name,
      email: staff.email,
    })
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
  if (!row) return null;
  const { sessionId, tokenHash, ...principal } = row;
  return { principal, sessionId, tokenHash };
}

/** The active staff member a live token belongs to; null for an unknown or expired token or a deactivated account. */
export async function findStaffByToken(db: Db, token: string, now: Date): Promise<StaffPrincipal | null> {
  return (await findStaffSession(db, token, now))?.principal ?? null;
}

/** Ends one session (logout). */
export async function deleteSession(db: Pick<Db, "delete">, sessionId: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.id, sessionId));
}

/**
 * Ends every session of a staff member, or every one but `keepSessionId` (a password change keeps
 * the session it was made from). Returns how many ended.
 */
export async function deleteSessionsOf(
  db: Pick<Db, "delete">,
  staffId: string,
  keepSessionId?: string,
): Promise<number> {
  const rows = await db
    .delete(staffSessions)
    .where(
      keepSessionId === undefined
        ? eq(staffSessions.staffId, staffId)
        : and(eq(staffSessions.staffId, staffId), ne(staffSessions.id, keepSessionId)),
    )
    .returning({ id: staffSessions.id });
  return rows.length;
}
