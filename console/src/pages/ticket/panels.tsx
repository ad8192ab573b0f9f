import type { JSX } from "preact";
import type { TicketDetail } from "../../lib/api-types.ts";
import { hasRole, useSession } from "../../lib/session.ts";
import { LinksPanel } from "./panel-links.tsx";
import { NotesPanel } from "./panel-notes.tsx";
import { ReferralsPanel } from "./panel-referrals.tsx";
import { useStaffNames } from "./panel-staff-names.ts";
import { TimelinePanel } from "./panel-timeline.tsx";
import "../ticket-panels.css";

/**
 * The ticket page's follow-up panels: referrals, reports of the same incident, internal notes
 * and the timeline. Admins read them (contacts masked by the API); only peksos and supervisors
 * change anything, as the API allows. Each change calls onChanged so the page reloads the ticket.
 */
export function TicketPanels({ ticket, onChanged }: { ticket: TicketDetail; onChanged: () => void }): JSX.Element {
  const { me } = useSession();
  const canWrite = hasRole(me, "peksos", "supervisor");
  const staffName = useStaffNames(ticket);
  return (
    <div class="ticket-panels">
      <div class="ticket-panels-grid">
        <div class="ticket-panels-work">
          <ReferralsPanel ticket={ticket} canWrite={canWrite} onChanged={onChanged} />
          <LinksPanel ticket={ticket} canWrite={canWrite} onChanged={onChanged} />
        </div>
        <div class="ticket-panels-history">
          <NotesPanel ticketId={ticket.id} canWrite={canWrite} onChanged={onChanged} />
          <TimelinePanel ticket={ticket} staffName={staffName} />
        </div>
      </div>
    </div>
  );
}
