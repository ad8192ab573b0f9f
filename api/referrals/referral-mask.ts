import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { reporters, tickets } from "../../db/schema/index.ts";
import type { StaffPrincipal } from "../auth/sessions.ts";
import { ContactMask } from "../tickets/contact-mask.ts";
import { mayReadReporterContact } from "../tickets/visibility.ts";
import type { Referral } from "./referral-schemas.ts";

/**
 * A referral's note and refusal reason are free text a peksos wrote, and may quote the
 * reporter's name or number: for staff who may not see those, they are masked the way the
 * ticket detail masks its texts. All referrals given belong to one ticket.
 */
export async function maskReferralTexts<T extends Referral>(db: Db, viewer: Pick<StaffPrincipal, "id" | "role">, list: T[]): Promise<T[]> {
  const ticketId = list[0]?.ticket.id;
  if (ticketId === undefined) return list;
  const [ticket] = await db
    .select({ assigneeId: tickets.assigneeId, name: tickets.reporterName, phone: tickets.reporterPhone, address: reporters.address })
    .from(tickets)
    .leftJoin(reporters, eq(reporters.id, tickets.reporterId))
    .where(eq(tickets.id, ticketId))
    .limit(1);
  if (!ticket || mayReadReporterContact(viewer, ticket.assigneeId)) return list;
  const mask = new ContactMask([ticket.address, ticket.name, ticket.phone]);
  return list.map((referral) => ({ ...referral, note: mask.nullable(referral.note), rejectionReason: mask.nullable(referral.rejectionReason) }));
}
