import { CATEGORIES, PRIORITIES } from "../../../../db/schema/values.ts";
import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { TicketDetail, TicketTriage } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { useAction, type OnDone } from "./use-action.ts";

type Priority = TicketDetail["priority"];
type Category = TicketDetail["category"];


/**
 * Correcting the triage (POST /v1/tickets/:id/triage/override): folded away, since it is the
 * exception; the reason is required and shown with the override to everyone after.
 */
export function OverrideForm({ ticket, onDone }: { ticket: TicketDetail; onDone: OnDone }): JSX.Element {
  const t = useT("console-ticket");
  const tt = useT("triage");
  const action = useAction(onDone);
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  const [category, setCategory] = useState<Category>(ticket.category);
  const [reason, setReason] = useState("");

  // A live update or another override moved the ticket: start from what it is now.
  useEffect(() => setPriority(ticket.priority), [ticket.priority]);
  useEffect(() => setCategory(ticket.category), [ticket.category]);

  const submit = async (event: Event) => {
    event.preventDefault();
    const body = {
      ...(priority !== ticket.priority && { priority }),
      ...(category !== ticket.category && { category }),
      reason,
    };
    const done = await action.run(
      () => api.post<TicketTriage>(`/v1/tickets/${ticket.id}/triage/override`, body),
      (result) =>
        t("actions.overridden", { priority: tt(`priority.${result.priority}`), category: tt(`category.${result.category}`) }),
    );
    if (done) setReason("");
  };

  return (
    <details class="action-group override">
      <summary>
        <h3>{t("actions.override_title")}</h3>
      </summary>
      <form onSubmit={submit}>
        <p class="hint">{t("actions.override_hint")}</p>
        <label class="field">
          <span>{t("actions.priority")}</span>
          <select value={priority} onChange={(event) => setPriority(event.currentTarget.value as Priority)}>
            {PRIORITIES.map((value) => (
              <option key={value} value={value}>
                {tt(`priority.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t("actions.category")}</span>
          <select value={category} onChange={(event) => setCategory(event.currentTarget.value as Category)}>
            {CATEGORIES.map((value) => (
              <option key={value} value={value}>
                {tt(`category.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t("actions.reason")}</span>
          <textarea
            required
            minLength={3}
            maxLength={1000}
            rows={3}
            value={reason}
            onInput={(event) => setReason(event.currentTarget.value)}
            aria-describedby="override-reason-hint"
          />
          <small id="override-reason-hint">{t("actions.override_reason_hint")}</small>
        </label>
        <button type="submit" class="button" disabled={action.busy}>
          {t("actions.override_submit")}
        </button>
        <Problem error={action.error} />
      </form>
    </details>
  );
}
