import type { ReferralStatus } from "../../db/schema/enums.ts";

/*
 * A referral's life: dikirim → diterima → ditindaklanjuti → selesai, or ditolak from any open
 * status. Forward jumps are allowed (an agency often answers "done" without the steps in between
 * reaching the peksos); going back is not: the timeline would say something that never happened.
 */

/** The forward path, in order. */
const PATH = ["dikirim", "diterima", "ditindaklanjuti", "selesai"] as const satisfies readonly ReferralStatus[];

/** Still waiting on the agency: these can become overdue and can still be refused. */
export const OPEN_REFERRAL_STATUSES = ["dikirim", "diterima", "ditindaklanjuti"] as const satisfies readonly ReferralStatus[];

export function isOpenReferral(status: ReferralStatus): boolean {
  return (OPEN_REFERRAL_STATUSES as readonly ReferralStatus[]).includes(status);
}

/** The statuses a referral in `from` may move to; empty once it is selesai or ditolak. */
export function nextReferralStatuses(from: ReferralStatus): ReferralStatus[] {
  if (!isOpenReferral(from)) return [];
  const at = PATH.findIndex((status) => status === from);
  return [...PATH.slice(at + 1), "ditolak"];
}

/** Past its due date and still waiting on the agency. */
export function isOverdue(referral: { status: ReferralStatus; dueAt: Date | null }, now: Date): boolean {
  return referral.dueAt !== null && referral.dueAt < now && isOpenReferral(referral.status);
}
