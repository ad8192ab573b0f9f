/**
 * Whether a failed insert broke a unique constraint (SQLSTATE 23505). Drizzle wraps the driver's
 * error in `cause`; postgres.js and PGlite both carry the code. A pre-check alone would not do:
 * two admins creating the same code at once both pass it on PostgreSQL.
 */
export function isUniqueViolation(error: unknown): boolean {
  let current = error;
  // A few levels of `cause` at most: enough for drizzle's wrapping, and no loop on a cyclic chain.
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    if ("code" in current && current.code === "23505") return true;
    current = "cause" in current ? current.cause : undefined;
  }
  return false;
}
