import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { reporters, tickets } from "../../db/schema/index.ts";
import type { StaffPrincipal } from "../auth/sessions.ts";
import { ContactMask } from "./contact-mask.ts";
import type { TicketTriage } from "./triage-schemas.ts";
import { mayReadReporterContact } from "./visibility.ts";

/**
 * The mask for what `viewer` reads about a ticket outside its detail (its triage, say): empty for
 * the assignee and supervisors, the reporter's address, name and phone for everyone else, the way
 * the detail and the referral notes are masked. Staff quote the reporter in free text anywhere.
 */
export async function contactMaskFor(db: Db, viewer: Pick<StaffPrincipal, "id" | "role">, ticketId: string): Promise<ContactMask> {
  const [ticket] = await db
    .select({ assigneeId: tickets.assigneeId, name: tickets.reporterName, phone: tickets.reporterPhone, address: reporters.address })
    .from(tickets)
    .leftJoin(reporters, eq(reporters.id, tickets.reporterId))
    .where(eq(tickets.id, ticketId))
    .limit(1);
  if (!ticket || mayReadReporterContact(viewer, ticket.assigneeId)) return new ContactMask([]);
  return new ContactMask([ticket.address, ticket.name, ticket.phone]);
}

/** A ticket's triage as `mask` leaves it: the phrases found in the story, the explanation quoting them, the overrides' reasons. */
export function maskTriage(triage: TicketTriage, mask: ContactMask): TicketTriage {
  return {
    ...triage,
    signals: triage.signals.map((signal) => ({ ...signal, phrase: mask.text(signal.phrase).text })),
    explanation: mask.deep(triage.explanation) as TicketTriage["explanation"],
    overrides: triage.overrides.map((override) => ({ ...override, reason: mask.text(override.reason).text })),
  };
}
