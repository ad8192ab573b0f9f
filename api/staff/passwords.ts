import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";

/** argon2id with the library's defaults (19 MiB, 2 passes), OWASP's recommended minimum. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** 24 URL-safe characters (144 bits): printed once to whoever starts the first install. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
