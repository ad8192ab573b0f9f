import type { StaffRoleName as StaffRole, TicketStatus } from "../../db/schema/enums.ts";

/*
 * Which status a ticket may move to, by whom: the one table the status route and the console's
 * buttons agree on. Pure, so the rules are tested without a database.
 */

/** Statuses of a case somebody still has to work on: the queue shows these by default. */
export const OPEN_STATUSES = ["baru", "diterima", "ditangani", "dirujuk"] as const satisfies readonly TicketStatus[];

export function isOpen(status: TicketStatus): boolean {
  return (OPEN_STATUSES as readonly TicketStatus[]).includes(status);
}

/**
 * baru → diterima happens only by acknowledging ("terima"), which also stops the escalation
 * clock; a status change cannot skip it. dirujuk → ditangani is the agency declining the case.
 * Any open ticket may be closed as spam or a duplicate (ditutup).
 */
const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  baru: ["ditutup"],
  diterima: ["ditangani", "ditutup"],
  ditangani: ["dirujuk", "selesai", "ditutup"],
  dirujuk: ["ditangani", "selesai", "ditutup"],
  selesai: [],
  ditutup: [],
};

/** Where a finished case goes back to when a supervisor reopens it. */
const REOPENED_STATUS: TicketStatus = "ditangani";

/** What the console offers this person now; admins change no case, so nothing. */
export function allowedNextStatuses(from: TicketStatus, role: StaffRole): TicketStatus[] {
  if (role === "admin") return [];
  if (!isOpen(from)) return role === "supervisor" ? [REOPENED_STATUS] : [];
  return [...NEXT[from]];
}

export type TransitionCheck =
  | { ok: true; reopen: boolean; reasonRequired: boolean }
  | { ok: false; error: "acknowledge_first" | "invalid_transition"; allowed: TicketStatus[] };

export function checkTransition(from: TicketStatus, to: TicketStatus, role: StaffRole): TransitionCheck {
  const allowed = allowedNextStatuses(from, role);
  if (allowed.includes(to)) {
    const reopen = !isOpen(from);
    // Closing as spam or duplicate and reopening a finished case are the decisions others must be able to follow.
    return { ok: true, reopen, reasonRequired: reopen || to === "ditutup" };
  }
  return { ok: false, error: from === "baru" ? "acknowledge_first" : "invalid_transition", allowed };
}
