import type { FastifyReply, FastifyRequest } from "fastify";
import { STAFF_SESSION_LIFETIME_MS } from "./sessions.ts";

/*
 * The browser console's session: the same token as the bearer one, in an httpOnly cookie that
 * page scripts cannot read. SameSite=Strict keeps other sites from sending it, and requireStaff
 * asks cookie requests that change something for the session's CSRF token as well.
 *
 * Written and read here rather than through @fastify/cookie: requireStaff runs inside every
 * route module's own plugin context, where a root-registered plugin's request decoration is not
 * ours to rely on, and one cookie whose value is base64url needs no general parser or encoding.
 */

export const SESSION_COOKIE = "lapor_sesi";

function cookieHeader(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const attributes = [`${SESSION_COOKIE}=${value}`, `Max-Age=${maxAgeSeconds}`, "Path=/", "HttpOnly", "SameSite=Strict"];
  // Only over https, so a plain-http development setup can still sign in; behind a proxy this
  // depends on trustProxy reporting the original protocol.
  if (request.protocol === "https") attributes.push("Secure");
  return attributes.join("; ");
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.header("set-cookie", cookieHeader(request, token, Math.floor(STAFF_SESSION_LIFETIME_MS / 1000)));
}

/** Tells the browser to drop the cookie: the same name and path, empty, with Max-Age=0. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.header("set-cookie", cookieHeader(request, "", 0));
}

/**
 * The session token in a Cookie header, if any. The first `lapor_sesi` wins, as browsers send
 * the most specific cookie first; whatever it holds is only ever looked up as a token.
 */
export function sessionTokenFromCookie(header: string | undefined): string | undefined {
  for (const pair of (header ?? "").split(";")) {
    const separator = pair.indexOf("=");
    if (separator === -1 || pair.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(separator + 1).trim().replace(/^"(.*)"$/, "$1");
    return value === "" ? undefined : value;
  }
  return undefined;
}
