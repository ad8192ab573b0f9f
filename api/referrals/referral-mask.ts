import type { Db } from "../../db/client.ts";
import type { StaffPrincipal } from "../auth/sessions.ts";
import { contactMaskFor } from "../tickets/viewer-mask.ts";
import type { Referral } from "./referral-schemas.ts";

/**
 * A referral's note and refusal reason are free text a peksos wrote, and may quote the
 * reporter's name or number: for staff who may not see those, they are masked the way the
 * ticket detail masks its texts. All referrals given belong to one ticket.
 */
export async function maskReferralTexts<T extends Referral>(db: Db, viewer: Pick<StaffPrincipal, "id" | "role">, list: T[]): Promise<T[]> {
  const ticketId = list[0]?.ticket.id;
  if (ticketId === undefined) return list;
  const mask = await contactMaskFor(db, viewer, ticketId);
  return list.map((referral) => ({ ...referral, note: mask.nullable(referral.note), rejectionReason: mask.nullable(referral.rejectionReason) }));
}
