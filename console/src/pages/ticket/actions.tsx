import type { JSX } from "preact";
import { api } from "../../lib/api.ts";
import type { TicketDetail } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { hasRole, useSession } from "../../lib/session.ts";
import { Problem } from "../../ui/problem.tsx";
import { AssignControl } from "./assign-control.tsx";
import { OverrideForm } from "./override-form.tsx";
import { StatusControl } from "./status-control.tsx";
import { isOpen } from "../../../../api/tickets/transitions.ts";
import { useAction, type OnDone } from "./use-action.ts";

/**
 * What this person may do with the ticket now, and nothing else: "Terima" first (it stops the
 * escalation), then who has it, its status and its priority. Admins read tickets but do not work them.
 */
export function TicketActions({ ticket, onDone }: { ticket: TicketDetail; onDone: OnDone }): JSX.Element {
  const t = useT("console-ticket");
  const { me } = useSession();
  const caseWorker = hasRole(me, "peksos", "supervisor");

  return (
    <section class="card ticket-actions" aria-labelledby="ticket-actions-title">
      <h2 id="ticket-actions-title">{t("actions.title")}</h2>
      {caseWorker ? (
        <>
          {ticket.acknowledgedAt === null && isOpen(ticket.status) && <AcknowledgeButton ticket={ticket} onDone={onDone} />}
          <AssignControl ticket={ticket} onDone={onDone} />
          <StatusControl ticket={ticket} onDone={onDone} />
          <OverrideForm ticket={ticket} onDone={onDone} />
        </>
      ) : (
        <p class="hint">{t("actions.read_only")}</p>
      )}
    </section>
  );
}

function AcknowledgeButton({ ticket, onDone }: { ticket: TicketDetail; onDone: OnDone }): JSX.Element {
  const t = useT("console-ticket");
  const action = useAction(onDone);
  const acknowledge = () =>
    void action.run(
      () => api.post(`/v1/tickets/${ticket.id}/acknowledge`),
      () => t("actions.acknowledged"),
    );
  return (
    <div class="acknowledge">
      <button type="button" class="button primary big" disabled={action.busy} onClick={acknowledge} aria-describedby="acknowledge-hint">
        {t("actions.acknowledge")}
      </button>
      <p id="acknowledge-hint" class="hint">
        {t("actions.acknowledge_hint")}
      </p>
      <Problem error={action.error} />
    </div>
  );
}
