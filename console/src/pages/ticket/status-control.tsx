import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "../../lib/api.ts";
import type { TicketDetail } from "../../lib/api-types.ts";
import { useT } from "../../lib/i18n.ts";
import { Problem } from "../../ui/problem.tsx";
import { isOpen } from "../../../../api/tickets/transitions.ts";
import { needsReason, type Status } from "./ticket-facts.ts";
import { useAction, type OnDone } from "./use-action.ts";

/**
 * One button per status the API offers this person now (`allowedStatuses`). Closing as spam or a
 * duplicate and reopening a finished case ask for a reason first: others must be able to follow.
 */
export function StatusControl({ ticket, onDone }: { ticket: TicketDetail; onDone: OnDone }): JSX.Element {
  const t = useT("console-ticket");
  const tc = useT();
  const action = useAction(onDone);
  const [pending, setPending] = useState<Status | null>(null);
  const [reason, setReason] = useState("");
  const reasonField = useRef<HTMLTextAreaElement>(null);

  // The form appears because the person asked for it: their next step is typing the reason.
  useEffect(() => {
    if (pending !== null) reasonField.current?.focus();
  }, [pending]);

  const change = (status: Status, withReason?: string) =>
    action.run(
      () => api.post(`/v1/tickets/${ticket.id}/status`, { status, ...(withReason !== undefined && { reason: withReason }) }),
      () => t("actions.status_changed", { status: tc(`status.${status}`) }),
    );
  const choose = (status: Status) => {
    if (needsReason(ticket.status, status)) {
      setPending(status);
      return;
    }
    void change(status);
  };
  const submitReason = async (event: Event) => {
    event.preventDefault();
    if (pending === null) return;
    if (await change(pending, reason)) {
      setPending(null);
      setReason("");
    }
  };
  const label = (status: Status) => (isOpen(ticket.status) ? t(`status_action.${status}`) : t("status_action.reopen"));

  return (
    <div class="action-group">
      <h3>{t("actions.status_title")}</h3>
      {ticket.allowedStatuses.length === 0 ? (
        <p class="hint">{t("actions.status_none")}</p>
      ) : (
        <div class="actions">
          {ticket.allowedStatuses.map((status) => (
            <button
              key={status}
              type="button"
              class={status === "ditutup" ? "button secondary" : "button"}
              aria-pressed={needsReason(ticket.status, status) ? pending === status : undefined}
              disabled={action.busy}
              onClick={() => choose(status)}
            >
              {label(status)}
            </button>
          ))}
        </div>
      )}
      {pending !== null && (
        <form class="reason-form" onSubmit={submitReason}>
          <label class="field">
            <span>
              {t("actions.reason")} — {tc(`status.${pending}`)}
            </span>
            <textarea
              required
              minLength={3}
              maxLength={1000}
              rows={3}
              value={reason}
              onInput={(event) => setReason(event.currentTarget.value)}
              aria-describedby="status-reason-hint"
              ref={reasonField}
            />
            <small id="status-reason-hint">
              {isOpen(ticket.status) ? t("actions.reason_close_hint") : t("actions.reason_reopen_hint")}
            </small>
          </label>
          <div class="actions">
            <button type="submit" class={pending === "ditutup" ? "button danger" : "button primary"} disabled={action.busy}>
              {t("actions.confirm")}
            </button>
            <button type="button" class="button secondary" onClick={() => setPending(null)}>
              {tc("common.cancel")}
            </button>
          </div>
        </form>
      )}
      <Problem error={action.error} />
    </div>
  );
}
