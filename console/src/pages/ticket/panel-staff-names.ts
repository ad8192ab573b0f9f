import { useCallback, useMemo } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { StaffList, TicketDetail } from "../../lib/api-types.ts";
import { useResource } from "../../lib/use-resource.ts";

/**
 * Names for the staff ids that timeline events carry (who was alerted, to whom a ticket was
 * given). The ticket itself names its actors and assignee; the unit's staff list names the rest.
 * A name the caller cannot see (a deactivated colleague, for a peksos) stays null and reads as
 * "a colleague": names are a help to the reader, never a reason to fail the page.
 */
export function useStaffNames(ticket: TicketDetail): (id: string) => string | null {
  const staff = useResource((signal) => api.get<StaffList>("/v1/staff", { signal }), []);
  const names = useMemo(() => {
    const map = new Map<string, string>();
    for (const person of staff.data?.items ?? []) map.set(person.id, person.name);
    for (const event of ticket.timeline) if (event.actor.staff) map.set(event.actor.staff.id, event.actor.staff.name);
    if (ticket.assignee) map.set(ticket.assignee.id, ticket.assignee.name);
    return map;
  }, [staff.data, ticket.timeline, ticket.assignee]);
  return useCallback((id: string) => names.get(id) ?? null, [names]);
}
