import type { StaffPrincipal } from "../auth/sessions.ts";

/**
 * Whether a staff member may see a ticket's reporter address (chat id, phone) and contact
 * details (name, phone). UU PDP's minimisation: only the peksos handling the case and the
 * supervisors who answer for it; everyone else, admins included, gets them masked (null).
 */
export function mayReadReporterContact(principal: Pick<StaffPrincipal, "id" | "role">, assigneeId: string | null): boolean {
  return principal.role === "supervisor" || (assigneeId !== null && principal.id === assigneeId);
}
