import type { FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../db/client.ts";
import type { ErrorBody } from "../plugins/error-handler.ts";
import { sessionTokenFromCookie } from "./session-cookie.ts";
import { csrfTokenMatches, findStaffSession, type StaffPrincipal, type StaffRole } from "./sessions.ts";

export type { StaffPrincipal, StaffRole };

/** The session a guarded request came with: logout ends it, a password change keeps only it. */
export interface CurrentSession {
  id: string;
  /** The stored sha256 of the token: the session's CSRF token is derived from it. */
  tokenHash: string;
  via: "bearer" | "cookie";
}

declare module "fastify" {
  interface FastifyRequest {
    /** Set by `requireStaff` on the routes it guards; read it with `currentStaff(request)`. */
    staff?: StaffPrincipal;
    /** Set by `requireStaff` with `staff`; read it with `currentSession(request)`. */
    staffSession?: CurrentSession;
  }
}

export interface RequireStaffOptions {
  /** "Now" for the session's expiry; route modules pass their deps' clock so tests control time. */
  clock?: () => Date;
}

/** Methods a browser may send cross-site without consequence; they must not change anything anyway. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Guards a staff route: a live session from POST /v1/auth/login, and, when `roles` is given, one
 * of those roles. Omitting `roles` admits any signed-in staff member; an empty list admits
 * nobody, so a route whose roles were never filled in fails closed.
 *
 * The session comes as `Authorization: Bearer` or as the `lapor_sesi` cookie. A request with an
 * Authorization header is judged by it alone. A cookie is sent by the browser on its own, so a
 * cookie request that may change something must also carry the session's CSRF token in
 * `x-csrf-token`; a bearer token is only ever sent on purpose, so it needs none.
 * Use it as `onRequest`, so a caller without a session is refused before its body is parsed.
 */
export function requireStaff(database: Database, roles?: readonly StaffRole[], options: RequireStaffOptions = {}) {
  const allowed = roles === undefined ? undefined : new Set<StaffRole>(roles);
  const clock = options.clock ?? (() => new Date());
  return async function staffGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const credential = presentedCredential(request);
    const match = credential === undefined ? null : await findStaffSession(database.db, credential.token, clock());
    if (!credential || !match) {
      await reply
        .status(401)
        .header("www-authenticate", "Bearer")
        .send({ error: "unauthorized", message: request.t("errors.staff_unauthorized") } satisfies ErrorBody);
      return;
    }
    const principal = match.principal;
    if (credential.via === "cookie" && !SAFE_METHODS.has(request.method)) {
      const presented = request.headers["x-csrf-token"];
      if (!csrfTokenMatches(match.tokenHash, typeof presented === "string" ? presented : undefined)) {
        request.log.info({ staffId: principal.id }, "cookie request without the session's csrf token refused");
        await reply.status(403).send({ error: "csrf", message: request.t("errors.csrf_failed") } satisfies ErrorBody);
        return;
      }
    }
    if (allowed && !allowed.has(principal.role)) {
      request.log.info({ staffId: principal.id, role: principal.role }, "staff role not allowed on this route");
      await reply
        .status(403)
        .send({ error: "forbidden", message: request.t("errors.staff_forbidden") } satisfies ErrorBody);
      return;
    }
    request.staff = principal;
    request.staffSession = { id: match.sessionId, tokenHash: match.tokenHash, via: credential.via };
  };
}

/**
 * The principal `requireStaff` admitted. Throws (a 500) on a route registered without the guard:
 * a wiring mistake must fail loudly, never act for nobody.
 */
export function currentStaff(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new Error("currentStaff called on a route without requireStaff");
  return request.staff;
}

/** The session `requireStaff` admitted; throws like `currentStaff` on an unguarded route. */
export function currentSession(request: FastifyRequest): CurrentSession {
  if (!request.staffSession) throw new Error("currentSession called on a route without requireStaff");
  return request.staffSession;
}

function presentedCredential(request: FastifyRequest): { token: string; via: CurrentSession["via"] } | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const token = bearerToken(authorization);
    return token === undefined ? undefined : { token, via: "bearer" };
  }
  const token = sessionTokenFromCookie(request.headers.cookie);
  return token === undefined ? undefined : { token, via: "cookie" };
}

function bearerToken(header: string): string | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  return match?.[1];
}
