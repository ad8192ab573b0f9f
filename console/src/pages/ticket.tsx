import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { api } from "../lib/api.ts";
import type { TicketDetail, TicketTriage } from "../lib/api-types.ts";
import { useT } from "../lib/i18n.ts";
import { hasRole, useSession } from "../lib/session.ts";
import { useTicketChanges } from "../lib/live.ts";
import { useResource } from "../lib/use-resource.ts";
import { ErrorBlock, LoadingBlock } from "../shell/status-blocks.tsx";
import { TicketActions } from "./ticket/actions.tsx";
import { Chat } from "./ticket/chat.tsx";
import { TicketHeader } from "./ticket/header.tsx";
import { TicketPanels } from "./ticket/panels.tsx";
import { ReplyBox } from "./ticket/reply-box.tsx";
import { WhyUrgent } from "./ticket/why-urgent.tsx";
import "./ticket.css";

/**
 * One ticket, phone first: who and what (header), what to do now (actions), why the triage
 * said so, the conversation, and the answer box. On a desktop the conversation gets the wide
 * column and the actions and panels sit beside it.
 */
export function TicketPage({ id }: { id: string }): JSX.Element {
  const t = useT("console-ticket");
  const tc = useT();
  const { me } = useSession();
  const detail = useResource((signal) => api.get<TicketDetail>(`/v1/tickets/${id}`, { signal }), [id]);
  // Tagged with its ticket: while another ticket loads, the last one's reasons must not show under it.
  const triage = useResource(
    (signal) => api.get<TicketTriage>(`/v1/tickets/${id}/triage`, { signal }).then((data) => ({ id, data })),
    [id],
  );
  const [announcement, setAnnouncement] = useState({ text: "", n: 0 });

  // Another ticket opened (a linked report): the last one's result is not news about this one.
  useEffect(() => setAnnouncement((previous) => ({ text: "", n: previous.n + 1 })), [id]);

  // Shown for a moment; screen readers have heard it by then.
  useEffect(() => {
    if (!announcement.text) return;
    const n = announcement.n;
    const timer = setTimeout(() => setAnnouncement((current) => (current.n === n ? { text: "", n } : current)), 6000);
    return () => clearTimeout(timer);
  }, [announcement]);

  const reloadDetail = detail.reload;
  const reloadTriage = triage.reload;
  const reload = useCallback(() => {
    reloadDetail();
    reloadTriage();
  }, [reloadDetail, reloadTriage]);
  // A new reporter message, a colleague's "Terima"…: reload when this ticket changed, or when the
  // stream says changes may have been missed (an empty list).
  useTicketChanges((changed) => {
    if (changed.length === 0 || changed.some((change) => change.id === id)) reload();
  });
  const onDone = useCallback(
    (message: string) => {
      reload();
      setAnnouncement((previous) => ({ text: message, n: previous.n + 1 }));
    },
    [reload],
  );

  const ticket = detail.data;
  return (
    <div class="ticket-page">
      <p class="ticket-back no-print">
        <a href="/tickets">← {t("back")}</a>
      </p>
      {/* Always in the page, so screen readers hear each result; the key makes a repeated text new. */}
      <div class="ticket-announcement" role="status" aria-live="polite">
        {announcement.text && (
          <p key={announcement.n} class="notice">
            {announcement.text}
          </p>
        )}
      </div>
      {ticket === undefined || ticket.id !== id ? (
        detail.state === "failed" ? (
          <ErrorBlock error={detail.error} onRetry={detail.reload} />
        ) : (
          <LoadingBlock />
        )
      ) : (
        <>
          {detail.state === "failed" && (
            <div class="problem" role="alert">
              {t("reload_failed")}{" "}
              <button type="button" class="link-button" onClick={reload}>
                {tc("common.retry")}
              </button>
            </div>
          )}
          {/* Keyed by ticket: a half-typed reply or reason must never carry over to another child's ticket. */}
          <div class={ticket.acknowledgedAt === null ? "ticket-layout awaiting-acknowledge" : "ticket-layout"} key={ticket.id}>
            <div class="area-header">
              <TicketHeader ticket={ticket} />
            </div>
            <div class="area-actions">
              <TicketActions ticket={ticket} onDone={onDone} />
            </div>
            <div class="area-why">
              <WhyUrgent
                ticket={ticket}
                triage={triage.data?.id === id ? triage.data.data : undefined}
                error={triage.state === "failed" ? triage.error : undefined}
              />
            </div>
            <div class="area-chat">
              <Chat ticket={ticket} />
            </div>
            {hasRole(me, "peksos", "supervisor") && (
              <div class="area-reply">
                <ReplyBox ticket={ticket} onDone={onDone} />
              </div>
            )}
            <div class="area-panels">
              <TicketPanels ticket={ticket} onChanged={reload} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}
