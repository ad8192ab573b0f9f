import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";

/** No 0/O, 1/I/L, 5/S, 8/B: a child reading the code aloud or copying it cannot confuse them. */
export const CODE_ALPHABET = "234679ACDEFGHJKMNPQRTUVWXYZ";

export function newTicketCode(unitCode: string): string {
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${unitCode}-${suffix}`;
}

export function newPin(): string {
  return String(randomInt(10_000)).padStart(4, "0");
}

/*
 * A 4-digit PIN has 10,000 values: no hash makes it hard to guess offline, so a slow
 * password hash would only slow the intake. What protects it is the attempt limit in
 * status-lookup.ts; the salted hash keeps the PIN out of a database dump's plain sight.
 */
export function hashPin(pin: string): string {
  const salt = randomBytes(12).toString("base64url");
  return `sha256$${salt}$${digest(salt, pin)}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split("$");
  if (scheme !== "sha256" || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, "base64url");
  const actual = Buffer.from(digest(salt, pin), "base64url");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function digest(salt: string, pin: string): string {
  return createHash("sha256").update(`${salt}:${pin}`).digest("base64url");
}
