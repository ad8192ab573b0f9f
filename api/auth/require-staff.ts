import type { FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "../../db/client.ts";
import type { ErrorBody } from "../plugins/error-handler.ts";
import { findStaffByToken, type StaffPrincipal, type StaffRole } from "./sessions.ts";

export type { StaffPrincipal, StaffRole };

declare module "fastify" {
  interface FastifyRequest {
    /** Set by `requireStaff` on the routes it guards; read it with `currentStaff(request)`. */
    staff?: StaffPrincipal;
  }
}

/**
 * Guards a staff route: a live bearer token from POST /v1/auth/login, and, when `roles` is
 * given, one of those roles. Omitting `roles` admits any signed-in staff member; an empty
 * list admits nobody, so a route whose roles were never filled in fails closed.
 * Use it as `onRequest`, so a caller without a session is refused before its body is parsed.
 */
export function requireStaff(database: Database, roles?: readonly StaffRole[]) {
  const allowed = roles === undefined ? undefined : new Set<StaffRole>(roles);
  return async function staffGuard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = bearerToken(request.headers.authorization);
    const principal = token === undefined ? null : await findStaffByToken(database.db, token, new Date());
    if (!principal) {
      await reply
        .status(401)
        .header("www-authenticate", "Bearer")
        .send({ error: "unauthorized", message: request.t("errors.staff_unauthorized") } satisfies ErrorBody);
      return;
    }
    if (allowed && !allowed.has(principal.role)) {
      request.log.info({ staffId: principal.id, role: principal.role }, "staff role not allowed on this route");
      await reply
        .status(403)
        .send({ error: "forbidden", message: request.t("errors.staff_forbidden") } satisfies ErrorBody);
      return;
    }
    request.staff = principal;
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

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? "");
  return match?.[1];
}
