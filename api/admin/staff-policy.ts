import type { StaffPrincipal, StaffRole } from "../auth/sessions.ts";

/*
 * Who may see and manage whose account. Admins run the deployment: every unit, every role.
 * Supervisors run their own unit's peksos. Another unit's account is answered like an unknown
 * one, so an id reveals nothing across units.
 */

export type Actor = Pick<StaffPrincipal, "id" | "unitId" | "role">;

/** Whether the actor may see a unit's staff at all; for anyone else the unit does not exist. */
export function mayActInUnit(actor: Actor, unitId: string): boolean {
  return actor.role === "admin" || actor.unitId === unitId;
}

/** Whether the actor may give an account this role: supervisors add peksos only. */
export function mayGrantRole(actor: Actor, role: StaffRole): boolean {
  return actor.role === "admin" || (actor.role === "supervisor" && role === "peksos");
}

/**
 * Whether the actor may edit or reset an account: "not_found" for another unit (as if unknown),
 * "forbidden" for an account of the unit the actor may see but not manage.
 */
export function manageable(actor: Actor, target: { unitId: string; role: StaffRole }): "yes" | "not_found" | "forbidden" {
  if (!mayActInUnit(actor, target.unitId)) return "not_found";
  if (actor.role === "admin") return "yes";
  return actor.role === "supervisor" && target.role === "peksos" ? "yes" : "forbidden";
}
