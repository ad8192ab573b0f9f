import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { StaffList, TicketDetail } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { hasRole, useSession } from "../../lib/session.ts";
import { useResource } from "../../lib/use-resource.ts";
import { Problem } from "../../ui/problem.tsx";
import { isOpen } from "../../../../api/tickets/transitions.ts";
import { useAction, type OnDone } from "./use-action.ts";

type Colleague = { id: string; name: string; role: StaffList["items"][number]["role"] };

/**
 * Who has the ticket, by the API's rules (api/tickets/lifecycle.ts assignTicket): a peksos may take
 * a ticket nobody has and hand on their own; a supervisor may give any ticket to anyone, or take it.
 */
export function AssignControl({ ticket, onDone }: { ticket: TicketDetail; onDone: OnDone }): JSX.Element | null {
  const t = useT("console-ticket");
  const { me } = useSession();
  const action = useAction(onDone);
  if (!isOpen(ticket.status)) return null;

  const supervisor = hasRole(me, "supervisor");
  const holder = ticket.assignee;
  const mine = holder?.id === me.id;
  const canTake = supervisor ? !mine : holder === null;
  const canChoose = supervisor || mine;

  const assign = (staff: { id: string; name: string }) =>
    action.run(
      () => api.post(`/v1/tickets/${ticket.id}/assign`, { staffId: staff.id }),
      () => (staff.id === me.id ? t("actions.taken") : t("actions.assigned", { name: staff.name })),
    );

  return (
    <div class="action-group">
      <h3>{t("actions.assign_title")}</h3>
      {!canTake && !canChoose && holder !== null && <p class="hint">{t("actions.assign_other_holds", { name: holder.name })}</p>}
      {canTake && (
        <button type="button" class="button" disabled={action.busy} onClick={() => void assign(me)}>
          {t("actions.take")}
        </button>
      )}
      {canChoose && (
        <ColleaguePicker
          label={supervisor ? t("actions.assign_to_supervisor") : t("actions.assign_to")}
          exclude={[me.id, holder?.id]}
          busy={action.busy}
          onPick={assign}
        />
      )}
      <Problem error={action.error} />
    </div>
  );
}

/** The unit's active peksos and supervisors (GET /v1/staff gives peksos just these; supervisors get whole accounts). */
function ColleaguePicker(props: {
  label: string;
  exclude: (string | undefined)[];
  busy: boolean;
  onPick: (staff: Colleague) => Promise<boolean>;
}): JSX.Element {
  const t = useT("console-ticket");
  const tc = useT();
  const staff = useResource((signal) => api.get<StaffList>("/v1/staff", { signal }), []);
  const [chosen, setChosen] = useState("");

  if (!staff.data) {
    return staff.state === "failed" ? <Problem error={staff.error} /> : <p class="hint">{t("actions.staff_loading")}</p>;
  }
  const colleagues: Colleague[] = staff.data.items.filter(
    (member) => member.role !== "admin" && (!("active" in member) || member.active) && !props.exclude.includes(member.id),
  );
  if (colleagues.length === 0) return <p class="hint">{t("actions.staff_none")}</p>;

  const submit = async (event: Event) => {
    event.preventDefault();
    const colleague = colleagues.find((member) => member.id === chosen);
    if (colleague && (await props.onPick(colleague))) setChosen("");
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <label class="field">
        <span>{props.label}</span>
        <select required value={chosen} onChange={(event) => setChosen(event.currentTarget.value)}>
          <option value="">{t("actions.assign_pick")}</option>
          {colleagues.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name} ({tc(`role.${member.role}`)})
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button" disabled={props.busy || chosen === ""}>
        {t("actions.assign_submit")}
      </button>
    </form>
  );
}
